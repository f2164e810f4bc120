import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import { CACHE_ROOT, keyText, projectSources, type Sources, SYNTH_CACHE_ENV } from "../core/cache-keys";
import { PROJECT_ROOT } from "../core/paths";
import { writeAtomically } from "../shared/esbuild-cache";

// Every script that reads the configuration (npm run synth, plan, drift, state:migrate, smoke) spent about
// 65 ms of CPU on it, most of it loading zod and building the schemas, for the same result as its last run.
// The configuration is a pure function of its sources (cdktf.json's context, the INTEGRATIONS_* variables,
// the arguments) and of the code that reads them; loadProjectConfig keeps each result in node_modules/.cache
// under a key of all of these, and a script whose key matches reads it back without loading zod.

/** Where the results are kept, one file per key. */
export const CONFIG_MEMO_DIR = path.join(CACHE_ROOT, "config");

/**
 * Results kept; the least recently used go first. The test suite's script processes (about 30) read fewer
 * than 10 configurations; a user's runs a few per environment.
 */
const KEEP = 50;

/** A memo file: the SHA-256 of its payload, then the result as v8.serialize wrote it. */
const DIGEST_BYTES = 32;

/** What the configuration is read from, as loadConfig takes it. */
export interface MemoInputs {
  readonly context: unknown;
  readonly env: NodeJS.ProcessEnv;
  readonly argv: readonly string[];
}

export interface ConfigMemoOptions {
  /** The project whose sources are hashed. */
  readonly root?: string;
  readonly memoDir?: string;
  /** Results kept (default 50). */
  readonly keep?: number;
}

export interface Memoized<T> {
  readonly value: T;
  readonly memo: "hit" | "miss" | "off";
  /** The sources' hash the key holds (undefined when the memo is off): the synth cache can reuse it. */
  readonly sources?: Sources;
}

const sha256 = (data: Uint8Array) => crypto.createHash("sha256").update(data);

/**
 * The key: every INTEGRATIONS_* variable (any the configuration reads now or later), the context and the
 * arguments as given, Node's version (the memo's format is V8's), and the project's sources (the code that
 * reads them, zod and the other packages included).
 */
export function memoKey(inputs: MemoInputs, sources: Sources): string {
  const env = Object.entries(inputs.env)
    .filter(([name]) => name.startsWith("INTEGRATIONS_"))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const material = { context: inputs.context, env, argv: [...inputs.argv], node: process.version };
  return crypto
    .createHash("sha256")
    .update(keyText(material))
    .update(sources.hash)
    .digest("hex")
    .slice(0, 32);
}

/** The stored result, or undefined when there is none or it is not intact. */
function read(file: string): { value: unknown } | undefined {
  let data: Buffer;
  try {
    data = fs.readFileSync(file);
  } catch {
    return undefined;
  }
  const payload = data.subarray(DIGEST_BYTES);
  if (data.length <= DIGEST_BYTES || !sha256(payload).digest().equals(data.subarray(0, DIGEST_BYTES)))
    return undefined;
  let value: unknown;
  try {
    value = v8.deserialize(payload);
  } catch {
    return undefined;
  }
  try {
    const now = new Date();
    fs.utimesSync(file, now, now); // recently used: kept longest
  } catch {
    // pruned by a parallel run meanwhile: the value read is still the stored one
  }
  return { value };
}

/** Whether `proto` is the `name` constructor's prototype, of any realm (inside jest, zod's objects come from another). */
function isBuiltinPrototype(proto: object | null, name: "Object" | "Array"): boolean {
  const maker: unknown = proto && Object.getOwnPropertyDescriptor(proto, "constructor")?.value;
  return typeof maker === "function" && maker.name === name && maker.prototype === proto;
}

/** An array (not of a subclass), or an object with Object.prototype or none. */
function isDataContainer(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (Array.isArray(value)) return isBuiltinPrototype(proto, "Array");
  return proto === null || isBuiltinPrototype(proto, "Object");
}

/**
 * Whether `copy` is `original` exactly, as plain data: the same primitives (Object.is: -0 is not 0), and
 * arrays and plain objects with the same prototypes (null or not), extensibility, and own properties (data
 * properties only, the same keys in the same order, as enumerable, each the same data). A class instance,
 * a Map, a getter or a symbol key is never the same: such a value is not kept. util.isDeepStrictEqual checks
 * less (extensibility, descriptors) and, inside jest, refuses every copy: V8 gives back objects of the
 * outer realm.
 */
export function sameData(copy: unknown, original: unknown): boolean {
  if (typeof original !== "object" || original === null || typeof copy !== "object" || copy === null)
    return Object.is(copy, original);
  if (!isDataContainer(original) || !isDataContainer(copy)) return false;
  if (Array.isArray(copy) !== Array.isArray(original)) return false;
  if ((Object.getPrototypeOf(copy) === null) !== (Object.getPrototypeOf(original) === null)) return false;
  if (Object.isExtensible(copy) !== Object.isExtensible(original)) return false;
  const keys = Reflect.ownKeys(original);
  const copyKeys = Reflect.ownKeys(copy);
  if (keys.length !== copyKeys.length) return false;
  return keys.every((key, index) => {
    const mine = Object.getOwnPropertyDescriptor(original, key);
    const theirs = Object.getOwnPropertyDescriptor(copy, key);
    return (
      copyKeys[index] === key &&
      mine !== undefined &&
      theirs !== undefined &&
      "value" in mine &&
      "value" in theirs &&
      mine.enumerable === theirs.enumerable &&
      mine.writable === theirs.writable &&
      sameData(theirs.value, mine.value)
    );
  });
}

/** Stores `value` only when V8 gives back exactly what it was given (sameData). */
function store(file: string, memoDir: string, keep: number, value: unknown): void {
  let payload: Buffer;
  try {
    payload = v8.serialize(value);
    if (!sameData(v8.deserialize(payload), value)) return;
  } catch {
    return; // a value V8 cannot serialize (a function, a symbol): not kept
  }
  try {
    writeAtomically(file, Buffer.concat([sha256(payload).digest(), payload]));
    prune(memoDir, path.basename(file), keep);
  } catch {
    // A memo that cannot be written (a read-only node_modules) is only slower.
  }
}

function prune(memoDir: string, stored: string, keep: number): void {
  const entries = fs
    .readdirSync(memoDir)
    .filter((name) => /^[0-9a-f]{32}\.bin$/.test(name))
    .map((name) => ({ name, used: fs.statSync(path.join(memoDir, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { name } of entries.slice(keep))
    if (name !== stored) fs.rmSync(path.join(memoDir, name), { force: true });
}

/**
 * `load()`'s result for these inputs: read back when an earlier run stored it under the same key, else
 * loaded and stored. Only results are kept: when `load` throws, it throws again on every run.
 * INTEGRATIONS_SYNTH_CACHE=off in `inputs.env` always loads.
 */
export function memoized<T>(inputs: MemoInputs, load: () => T, options: ConfigMemoOptions = {}): Memoized<T> {
  if (inputs.env[SYNTH_CACHE_ENV] === "off") return { value: load(), memo: "off" };
  const sources = projectSources(options.root ?? PROJECT_ROOT);
  const memoDir = options.memoDir ?? CONFIG_MEMO_DIR;
  const file = path.join(memoDir, `${memoKey(inputs, sources)}.bin`);
  const stored = read(file);
  if (stored !== undefined) return { value: stored.value as T, memo: "hit", sources };
  const value = load();
  store(file, memoDir, options.keep ?? KEEP, value);
  return { value, memo: "miss", sources };
}
