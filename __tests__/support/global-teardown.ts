import type { Config } from "@jest/types";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { pruneOldest } from "../../stacks/shared/code-cache";
import { CODE_CACHE_KEEP, codeCacheFolder } from "./code-cache-folder";
import { removeSuiteTempRoot } from "./suite-temp-root";
import { changedUserWork, fingerprintUserWork, type UserWorkFingerprints } from "./user-work";

// Runs once after every test file: removes the suite's temporary root and fails the run, loudly,
// if a test left a temporary folder behind or changed the user's cdktf.out, plans/ or state/. And keeps
// jest's code cache folder (runtime.js) to its newest entries.
export default function globalTeardown(_global: Config.GlobalConfig, project: Config.ProjectConfig): void {
  try {
    pruneOldest(codeCacheFolder(project.cacheDirectory), CODE_CACHE_KEEP);
  } catch {
    // No folder yet (the cache is off, or nothing was compiled): nothing to prune.
  }
  const root = process.env.SUITE_TEMP_ROOT;
  const problems: string[] = [];
  if (root) {
    const leftovers = removeSuiteTempRoot(root);
    process.env.TMPDIR = process.env.SUITE_SYSTEM_TMPDIR;
    if (leftovers.length > 0) {
      problems.push(
        `${leftovers.length} temporary entr${leftovers.length === 1 ? "y was" : "ies were"} left behind (now removed): ` +
          `${leftovers.slice(0, 10).join(", ")}${leftovers.length > 10 ? ", ..." : ""}. ` +
          "Make them with tempDir() from __tests__/support/temp.ts.",
      );
    }
  }
  if (process.env.SUITE_USER_WORK) {
    const before = JSON.parse(process.env.SUITE_USER_WORK) as UserWorkFingerprints;
    const changed = changedUserWork(before, fingerprintUserWork(PROJECT_ROOT));
    if (changed.length > 0) {
      problems.push(
        `the test suite changed the project's ${changed.join(", ")}: tests must write only to temporary folders.`,
      );
    }
  }
  if (problems.length > 0) throw new Error(`Test suite hygiene:\n  - ${problems.join("\n  - ")}`);
}
