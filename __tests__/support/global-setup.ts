import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { createSuiteTempRoot, suiteTempBase } from "./suite-temp-root";
import { fingerprintUserWork } from "./user-work";

// Runs once, in jest's main process, before any worker starts: workers and every process a test
// spawns inherit this environment.
export default function globalSetup(): void {
  const systemTmp = os.tmpdir();
  // In memory when the system temp folder is on disk (suiteTempBase says when and why).
  const root = createSuiteTempRoot(suiteTempBase());
  process.env.SUITE_TEMP_ROOT = root;
  process.env.SUITE_SYSTEM_TMPDIR = systemTmp;
  // os.tmpdir() reads TMPDIR on Linux and macOS, TEMP and TMP on Windows.
  process.env.TMPDIR = root;
  process.env.TEMP = root;
  process.env.TMP = root;
  // tsx keeps its compile cache in $TMPDIR/tsx-<uid>: linked to the system one, so the tsx runs the suite
  // spawns start warm, as a user's do (a cold one costs about 0.3 s of CPU per run). Removing the root
  // removes the link, not the cache.
  const tsxCache = `tsx-${os.userInfo().uid}`;
  const systemCache = path.join(systemTmp, tsxCache);
  fs.mkdirSync(systemCache, { recursive: true });
  fs.symlinkSync(systemCache, path.join(root, tsxCache));
  process.env.SUITE_USER_WORK = JSON.stringify(fingerprintUserWork(PROJECT_ROOT));
  // The AWS SDK warns once per process that Node.js 20 support ends; tests only, users still see it.
  // @see node_modules/@aws-sdk/core/dist-cjs/submodules/client/index.js emitWarningIfUnsupportedVersion
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
}
