import * as os from "node:os";
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
  process.env.SUITE_USER_WORK = JSON.stringify(fingerprintUserWork(PROJECT_ROOT));
  // The AWS SDK warns once per process that Node.js 20 support ends; tests only, users still see it.
  // @see node_modules/@aws-sdk/core/dist-cjs/submodules/client/index.js emitWarningIfUnsupportedVersion
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // Node 20 reads and parses NODE_EXTRA_CA_CERTS as it starts, whether or not the process ever opens a TLS
  // connection: about 85 ms of CPU per process with Debian's bundle (`node -e 0`: 0.125 s with it, 0.04 s
  // without), and the suite starts some 50 node processes. Nothing it runs speaks TLS: the AWS and Momento
  // stand-ins are plain HTTP on loopback, and Terraform (Go) reads its own certificates. Tests only.
  delete process.env.NODE_EXTRA_CA_CERTS;
}
