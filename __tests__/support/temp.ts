import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

// Every temporary folder a test makes comes from here, so the setup file can remove them after each
// test file, whether its tests passed or failed. os.tmpdir() is the suite's own root (see
// suite-temp-root.ts), so anything missed is still caught, and reported, by the global teardown.

// On the test file's global object, not in this module: a test that isolates or resets modules gets a
// second copy of this module, and its folders must still be removed.
const registry = globalThis as typeof globalThis & { __suiteTempDirs?: string[] };
registry.__suiteTempDirs ??= [];
const made = registry.__suiteTempDirs;

/** A fresh temporary folder, removed after the current test file. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${prefix.replace(/-$/, "")}-`));
  made.push(dir);
  return dir;
}

/** Removes every folder tempDir() made so far; the setup file calls it after each test file. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
