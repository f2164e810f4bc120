import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type BuildOptions, buildSync, version as esbuildVersion } from "esbuild";
import { PROJECT_ROOT } from "../config/load";

export interface LambdaBundle {
  /** A folder holding index.js, ready to zip. */
  readonly directory: string;
  /** sha256 of the bundle: the asset folder name, so it changes exactly when the code does. */
  readonly hash: string;
}

/** Where bundles and their input manifests are kept between synths (ignored by git with node_modules). */
const CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "cdktf-event-integrations", "lambda");

const OPTIONS = {
  absWorkingDir: PROJECT_ROOT,
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  // Readable stack traces in the logs without shipping source maps.
  keepNames: true,
  legalComments: "none",
  sourcemap: false,
  write: false,
  outfile: "index.js",
  metafile: true,
  logLevel: "silent",
} as const satisfies BuildOptions;

interface Manifest {
  readonly key: string;
  readonly hash: string;
  /** Every file esbuild read, with its sha256: the bundle is reused only while all are unchanged. */
  readonly inputs: Readonly<Record<string, string>>;
}

const memo = new Map<string, LambdaBundle>();

/**
 * Bundles `lambda-src/<name>/index.ts` with its dependencies into one CommonJS file for
 * Node.js 22, as part of every synth (there is no separate build step to forget). The output
 * depends only on the sources and the locked esbuild version, never on the machine or folder.
 * A bundle is reused when every file that went into it is unchanged.
 */
export function bundleLambda(name: string): LambdaBundle {
  const known = memo.get(name);
  if (known) return known;
  const entry = path.join("lambda-src", name, "index.ts");
  if (!fs.existsSync(path.join(PROJECT_ROOT, entry))) throw new Error(`No Lambda source at ${entry}`);
  const key = sha256(JSON.stringify({ esbuildVersion, OPTIONS: { ...OPTIONS, absWorkingDir: "." }, entry }));
  const bundle = fromCache(name, key) ?? build(name, entry, key);
  memo.set(name, bundle);
  return bundle;
}

function fromCache(name: string, key: string): LambdaBundle | undefined {
  const manifestPath = path.join(CACHE_DIR, `${name}.json`);
  if (!fs.existsSync(manifestPath)) return undefined;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
  } catch {
    return undefined; // unreadable: rebuild
  }
  if (manifest.key !== key) return undefined;
  for (const [file, hash] of Object.entries(manifest.inputs)) {
    const full = path.join(PROJECT_ROOT, file);
    if (!fs.existsSync(full) || sha256(fs.readFileSync(full)) !== hash) return undefined;
  }
  const directory = bundleDirectory(name, manifest.hash);
  return fs.existsSync(path.join(directory, "index.js")) ? { directory, hash: manifest.hash } : undefined;
}

function build(name: string, entry: string, key: string): LambdaBundle {
  const result = buildSync({ ...OPTIONS, entryPoints: [entry] });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error(`esbuild produced no output for ${entry}`);
  const hash = sha256(code);
  const directory = bundleDirectory(name, hash);
  fs.mkdirSync(directory, { recursive: true });
  writeAtomically(path.join(directory, "index.js"), code);
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .sort()
      .map((file) => [file, sha256(fs.readFileSync(path.join(PROJECT_ROOT, file)))]),
  );
  const manifest: Manifest = { key, hash, inputs };
  writeAtomically(path.join(CACHE_DIR, `${name}.json`), JSON.stringify(manifest));
  return { directory, hash };
}

/** Parallel synths (test workers) share the cache: a reader must never see a half-written file. */
function writeAtomically(file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

function bundleDirectory(name: string, hash: string): string {
  return path.join(CACHE_DIR, `${name}-${hash.slice(0, 16)}`);
}

function sha256(data: string | Uint8Array): string {
  return crypto.createHash("sha256").update(data).digest("hex");
}
