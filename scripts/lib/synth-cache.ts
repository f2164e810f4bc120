import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CACHE_ROOT,
  keyText,
  type Sources,
  SYNTH_CACHE_ENV,
  sourcesHash,
} from "../../stacks/core/cache-keys";
import { PROJECT_ROOT } from "../../stacks/core/paths";

// `npm run plan` (or `npm run synth`) twice in a row synthesizes the same app twice: about a second of
// CPU (the provider classes, the constructs, the baseline audit) for byte-identical files. The ops
// scripts and main.ts keep each synthesized output in node_modules/.cache (never in cdktf.out or
// plans/) under a key of everything the output depends on, and copy it into the out-dir when nothing
// changed.

/** Where the synthesized outputs are kept, one folder per key. */
export const SYNTH_CACHE_DIR = path.join(CACHE_ROOT, "synth");

export { SYNTH_CACHE_ENV };

/** Outputs kept; the least recently used go first. */
const KEEP = 12;

/**
 * Environment variables cdktf's App reads while synthesizing (its context, its output format, the
 * stack it targets). CDKTF_OUTDIR is not one of them here: it only names the out-dir, which counts
 * through its parent like any other (synthKey).
 */
const CDKTF_ENV = /^(CDKTF_|SYNTH_)/;
const NOT_IN_KEY = new Set(["CDKTF_OUTDIR"]);

/** Where the cache is and what it reads; the defaults are the project's. */
export interface SynthCacheOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** The project whose sources are hashed. */
  readonly root?: string;
  readonly cacheDir?: string;
  /**
   * The sources' hash as this process already computed it (loadProjectConfigWithSources): used when it is of
   * `root`, computed again otherwise.
   */
  readonly sources?: Sources;
}

export interface SynthRequest {
  /** The resolved configuration (account, environment, backend, every stack's settings). */
  readonly config: unknown;
  readonly stacks: readonly string[];
  readonly outdir: string;
}

/** Where the out-dir is, as far as its synthesized files can tell: its parent in the project, or outside it. */
function placeOf(root: string, outdir: string): string {
  const parent = path.relative(root, path.dirname(path.resolve(outdir)));
  return parent.startsWith("..") || path.isAbsolute(parent) ? "\0outside the project" : parent;
}

/**
 * The key of a synthesized output. The out-dir counts through its parent only: the synthesized files
 * refer to nothing inside the out-dir by absolute path, and to the local state by a path relative to the
 * stack's folder, which is the same for any two folders side by side (plan's plans/.synth/<env> and the
 * scratch folders of drift and state:migrate, each under plans/.synth), and for every folder outside the
 * project, which the stacks lay out as cdktf.out (localStatePath in stacks/shared/integration-stack.ts;
 * the determinism test writes two such folders): smoke's scratch in the temp folder, a CDKTF_OUTDIR elsewhere.
 */
export function synthKey(request: SynthRequest, options: SynthCacheOptions = {}): string {
  const root = options.root ?? PROJECT_ROOT;
  const env = options.env ?? process.env;
  const parent = placeOf(root, request.outdir);
  const cdktfEnv = Object.entries(env)
    .filter(([name]) => CDKTF_ENV.test(name) && !NOT_IN_KEY.has(name))
    .sort(([a], [b]) => a.localeCompare(b));
  const material = {
    config: request.config,
    stacks: request.stacks,
    parent,
    cdktfEnv,
    node: process.version,
  };
  return crypto
    .createHash("sha256")
    .update(keyText(material))
    .update(options.sources?.root === root ? options.sources.hash : sourcesHash(root))
    .digest("hex")
    .slice(0, 32);
}

/**
 * Writes a cached output into `outdir` exactly as cdktf's synth would: each asset folder it holds
 * replaces the out-dir's (cdktf removes an asset's earlier versions), every file is overwritten, and
 * what else the out-dir holds (a `.terraform` from an earlier init, stacks not selected) stays.
 */
function copyInto(cached: string, outdir: string): void {
  const stacksDir = path.join(cached, "stacks");
  for (const stack of fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir) : []) {
    const assets = path.join(stacksDir, stack, "assets");
    for (const asset of fs.existsSync(assets) ? fs.readdirSync(assets) : [])
      fs.rmSync(path.join(outdir, "stacks", stack, "assets", asset), { recursive: true, force: true });
  }
  fs.cpSync(cached, outdir, { recursive: true, force: true });
}

function prune(cacheDir: string, keep: string): void {
  const entries = fs
    .readdirSync(cacheDir)
    .filter((name) => /^[0-9a-f]{32}$/.test(name))
    .map((name) => ({ name, used: fs.statSync(path.join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const { name } of entries.slice(KEEP))
    if (name !== keep) fs.rmSync(path.join(cacheDir, name), { recursive: true, force: true });
}

/** A synth, as synthesizeCached ran it. */
export interface SynthOutcome<T> {
  readonly cache: "hit" | "miss";
  /**
   * What the synth returned besides its files (main.ts: the warnings it prints), kept with the output as
   * JSON and returned again on a hit. It may depend only on what the key holds.
   */
  readonly result: T;
}

/** An entry: the output as synthesized, and what the synth returned. */
const entryFiles = (entry: string) => ({
  output: path.join(entry, "out"),
  result: path.join(entry, "result.json"),
});

/**
 * Fills `request.outdir` with the synthesized app: from the cache when the key matches, otherwise by
 * `synthesize(folder)`, into a fresh folder beside the out-dir (same parent, so the same output), which
 * is then kept. A failed synth keeps nothing.
 */
export function synthesizeCached<T = void>(
  request: SynthRequest,
  synthesize: (outdir: string) => T,
  options: SynthCacheOptions = {},
): SynthOutcome<T> {
  const cacheDir = options.cacheDir ?? SYNTH_CACHE_DIR;
  const outdir = path.resolve(request.outdir);
  fs.mkdirSync(outdir, { recursive: true });
  if ((options.env ?? process.env)[SYNTH_CACHE_ENV] === "off")
    return { cache: "miss", result: synthesize(outdir) };
  const key = synthKey(request, options);
  const cached = path.join(cacheDir, key);
  const files = entryFiles(cached);
  if (fs.existsSync(path.join(files.output, "manifest.json")) && fs.existsSync(files.result)) {
    const now = new Date();
    fs.utimesSync(cached, now, now);
    const { result } = JSON.parse(fs.readFileSync(files.result, "utf8")) as { result: T };
    copyInto(files.output, outdir);
    return { cache: "hit", result };
  }
  const fresh = fs.mkdtempSync(path.join(path.dirname(outdir), ".synth-cache-"));
  try {
    const result = synthesize(fresh);
    fs.mkdirSync(cacheDir, { recursive: true });
    // Copied under a temporary name and renamed: a parallel run never reads half an output.
    const staging = fs.mkdtempSync(path.join(cacheDir, `${key}.`));
    const staged = entryFiles(staging);
    fs.cpSync(fresh, staged.output, { recursive: true });
    fs.writeFileSync(staged.result, JSON.stringify({ result }));
    try {
      fs.renameSync(staging, cached);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another run stored the same key first
    }
    copyInto(fresh, outdir);
    prune(cacheDir, key);
    return { cache: "miss", result };
  } finally {
    fs.rmSync(fresh, { recursive: true, force: true });
  }
}
