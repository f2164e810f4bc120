import * as fs from "node:fs";
import * as path from "node:path";

// The suite runs with TMPDIR pointing at a folder of its own, made by the global setup and removed by
// the global teardown. Other processes on the machine keep writing to the system temp folder while the
// suite runs; counting entries of a root only the suite uses is what makes the leak check reliable.

export const SUITE_TEMP_PREFIX = "cdktf-integrations-test-";

/** Persistent caches that tools the suite spawns keep in TMPDIR by design (not the suite's folders). */
const TOOL_CACHES = [/^tsx-\w+$/, /^jest_\w+$/];

/** Makes the suite's temporary root under `base` (the system temp folder); it starts empty. */
export function createSuiteTempRoot(base: string): string {
  return fs.mkdtempSync(path.join(base, SUITE_TEMP_PREFIX));
}

/** What is left in the root that someone should have removed: every entry but the tools' caches. */
export function leftoversIn(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .filter((name) => !TOOL_CACHES.some((cache) => cache.test(name)))
    .sort();
}

/**
 * Removes the root and everything in it, and returns what had been left behind, so the caller can
 * fail the run: a leak is removed either way, but it is never silent.
 */
export function removeSuiteTempRoot(root: string): string[] {
  const leftovers = leftoversIn(root);
  fs.rmSync(root, { recursive: true, force: true });
  return leftovers;
}
