import * as fs from "node:fs";
import * as path from "node:path";
import type { BuildOptions } from "esbuild";
import { PROJECT_ROOT } from "../core/paths";
import { cachedBuild, sha256, writeAtomically } from "./esbuild-cache";

export interface LambdaBundle {
  /** A folder holding index.js, ready to zip. */
  readonly directory: string;
  /** sha256 of the bundle: the asset folder name, so it changes exactly when the code does. */
  readonly hash: string;
}

/** Where bundles and their input manifests are kept between synths (ignored by git with node_modules). */
const CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "cdktf-event-integrations", "lambda");

const OPTIONS = {
  bundle: true,
  platform: "node",
  target: "node22",
  format: "cjs",
  minify: true,
  // Readable stack traces in the logs without shipping source maps.
  keepNames: true,
  legalComments: "none",
  sourcemap: false,
  outfile: "index.js",
  logLevel: "silent",
} as const satisfies BuildOptions;

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
  const directory = (hash: string) => path.join(CACHE_DIR, `${name}-${hash.slice(0, 16)}`);
  const bundle = cachedBuild({
    root: PROJECT_ROOT,
    manifestFile: path.join(CACHE_DIR, `${name}.json`),
    options: { ...OPTIONS, entryPoints: [entry] },
    save: ([output]) => {
      if (!output) throw new Error(`esbuild produced no output for ${entry}`);
      const hash = sha256(output.contents);
      writeAtomically(path.join(directory(hash), "index.js"), output.contents);
      return hash;
    },
    load: (hash: string) =>
      fs.existsSync(path.join(directory(hash), "index.js"))
        ? { directory: directory(hash), hash }
        : undefined,
  });
  memo.set(name, bundle);
  return bundle;
}
