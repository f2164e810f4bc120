import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { tempDir } from "../support/temp";

// The V8 code cache of `npm run synth` and the ops scripts (stacks/shared/code-cache.js): a module runs as it
// would without it, a later process starts from the cache, and a stack trace names the file that ran, even
// when the same source was cached for a file elsewhere (a moved checkout, another clone, a project copy).

const CODE_CACHE = path.join(PROJECT_ROOT, "stacks", "shared", "code-cache.js");

/** A module whose function throws, so its stack trace shows the path V8 gives the script. */
const THROWER = "exports.fail = () => {\n  throw new Error('from the module');\n};\n";

/** Each file required in one process with the code cache on: what each failure's first frame names. */
function runWithCodeCache(cacheDir: string, files: string[]): string[] {
  const script = `require(${JSON.stringify(CODE_CACHE)}).enableCodeCache(${JSON.stringify(cacheDir)});
for (const file of ${JSON.stringify(files)}) {
  try { require(file).fail(); } catch (error) { console.log(error.stack.split("\\n")[1].trim()); }
}`;
  const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  return run.stdout.trim().split("\n");
}

test("a file runs from the cache of an earlier process, and its stack traces name its own path", () => {
  const root = tempDir("code-cache");
  const cacheDir = path.join(root, "v8");
  const [first, second] = ["checkout-a", "checkout-b"].map((name) => path.join(root, name, "thrower.js"));
  for (const file of [first, second] as string[]) {
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, THROWER);
  }
  const cached = () =>
    fs.readdirSync(cacheDir, { recursive: true }).filter((f) => /[0-9a-f]{40}$/.test(`${f}`));

  expect(runWithCodeCache(cacheDir, [first as string])).toEqual([`at exports.fail (${first}:2:9)`]);
  expect(cached()).toHaveLength(1);
  // The same text at another path: its own cache entry, and its own name in the trace (V8 would otherwise
  // restore the first file's name from the cache).
  expect(runWithCodeCache(cacheDir, [first as string, second as string])).toEqual([
    `at exports.fail (${first}:2:9)`,
    `at exports.fail (${second}:2:9)`,
  ]);
  expect(cached()).toHaveLength(2);
});

test("a code cache folder keeps its newest entries by modification time, and only touches cache entries", () => {
  const { pruneOldest } = require(CODE_CACHE) as typeof import("../../stacks/shared/code-cache");
  const dir = tempDir("code-cache-prune");
  const entry = (n: number) => n.toString(16).padStart(40, "0");
  // Named in one order, used in another (the jest runtime refreshes an entry's time on each read): 3 is the
  // least recently used, 2 the most.
  const usedAt = [3, 5, 1, 4, 2];
  usedAt.forEach((n, age) => {
    const file = path.join(dir, entry(n));
    fs.writeFileSync(file, "");
    const time = new Date(Date.UTC(2026, 0, 1, 0, age));
    fs.utimesSync(file, time, time);
  });
  fs.writeFileSync(path.join(dir, `${entry(9)}.tmp-123`), "");
  pruneOldest(dir, 3);
  expect(fs.readdirSync(dir).sort()).toEqual([entry(1), entry(2), entry(4), `${entry(9)}.tmp-123`]);
  pruneOldest(dir, 3);
  expect(fs.readdirSync(dir)).toHaveLength(4);
});
