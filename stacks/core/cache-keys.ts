import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "./paths";

// The keys of the project's cached results: the synth cache (scripts/lib/synth-cache.ts) and the
// configuration's memo (stacks/config/memo.ts) each hash their own inputs as keyText and the project's
// sources as sourcesHash.

/** Set to "off" to always synthesize and read the configuration anew (`INTEGRATIONS_SYNTH_CACHE=off npm run plan`). */
export const SYNTH_CACHE_ENV = "INTEGRATIONS_SYNTH_CACHE";

/** Where the project's caches are kept. */
export const CACHE_ROOT = path.join(PROJECT_ROOT, "node_modules", ".cache", "cdktf-event-integrations");

/**
 * The stacks and their constructs, the Lambda sources, the scripts that synthesize (main.ts and
 * scripts/lib), the installed packages (cdktf, the providers, esbuild, zod, the SDK bundled into the
 * Lambdas) and the settings files. Any change to any of them is a new key.
 */
const SOURCES = [
  "stacks",
  "lambda-src",
  "main.ts",
  "scripts/lib",
  "cdktf.json",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  path.join("node_modules", ".package-lock.json"),
];

function filesUnder(root: string, relative: string): string[] {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return [];
  if (!fs.statSync(full).isDirectory()) return [relative];
  return (fs.readdirSync(full, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
}

/** The hash of every source file under `root`, by path and content. */
export function sourcesHash(root: string = PROJECT_ROOT): string {
  const hash = crypto.createHash("sha256");
  for (const file of SOURCES.flatMap((source) => filesUnder(root, source))) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

/**
 * A sourcesHash as computed once in a process, with the project it is of: the configuration's memo hands it
 * to the synth cache of the same run (about 8 ms of CPU each time), which uses it for that project only.
 */
export interface Sources {
  readonly root: string;
  readonly hash: string;
}

/** The sources of `root` now. */
export function projectSources(root: string = PROJECT_ROOT): Sources {
  return { root, hash: sourcesHash(root) };
}

/**
 * JSON.stringify drops undefined and turns NaN, Infinity and -0 into null or 0: here each stays distinct, as
 * does a string that looks like one of them. Key order counts (another order is only another key).
 */
function keepEveryValue(_key: string, value: unknown): unknown {
  if (value === undefined) return "\0undefined";
  if (typeof value === "number" && (!Number.isFinite(value) || Object.is(value, -0)))
    return Object.is(value, -0) ? "\0-0" : `\0${value}`;
  if (typeof value === "string" && value.startsWith("\0")) return `\0${value}`;
  if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint")
    throw new Error(`cache key: a value of type ${typeof value} has no key`);
  return value;
}

/** The text a key hashes for `value` (JSON data, undefined and non-finite numbers): the same text is the same value. */
export function keyText(value: unknown): string {
  return JSON.stringify(value, keepEveryValue);
}
