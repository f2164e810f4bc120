import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

/**
 * A temporary project with one source file, stacks/a.ts ("one"), for the caches keyed by the hash of a
 * project's sources (stacks/core/cache-keys.ts): a test changes or adds a file under its stacks/ to change it.
 */
export function standInSources(prefix: string): string {
  const root = tempDir(prefix);
  fs.mkdirSync(path.join(root, "stacks"));
  fs.writeFileSync(path.join(root, "stacks", "a.ts"), "one");
  return root;
}
