// One esbuild cache for the two builds of every synth: `npm run synth` bundles main.ts (scripts/synth.js, plain
// JavaScript because it runs before anything can compile TypeScript), and each Lambda is bundled from
// lambda-src (lambda-bundle.ts). Output is reused while esbuild's version, the options and every file esbuild
// read are unchanged, so a cache can never serve a bundle of older code.

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");

/** Parallel synths (test workers) share the cache: a reader must never see a half-written file. */
function writeAtomically(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, data);
  fs.renameSync(temporary, file);
}

function readManifest(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined; // missing or unreadable: rebuild
  }
}

/**
 * Runs esbuild (`options`, relative to `root`, output in memory) only when its cached output is stale:
 * `save(outputFiles)` stores a fresh build and returns what to remember about it (JSON), `load(saved)` returns
 * the stored output, or undefined when it is gone.
 */
function cachedBuild({ root, manifestFile, options, save, load }) {
  // esbuild itself is loaded only to build: a cache hit costs no more than reading the manifest.
  const version = require("esbuild/package.json").version;
  const key = sha256(JSON.stringify({ version, options }));
  const manifest = readManifest(manifestFile);
  const current =
    manifest?.key === key &&
    Object.entries(manifest.inputs).every(([file, hash]) => {
      const full = path.join(root, file);
      return fs.existsSync(full) && sha256(fs.readFileSync(full)) === hash;
    });
  const cached = current ? load(manifest.saved) : undefined;
  if (cached !== undefined) return cached;

  const result = require("esbuild").buildSync({
    ...options,
    absWorkingDir: root,
    write: false,
    metafile: true,
  });
  const saved = save(result.outputFiles);
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .sort()
      .map((file) => [file, sha256(fs.readFileSync(path.join(root, file)))]),
  );
  writeAtomically(manifestFile, JSON.stringify({ key, saved, inputs }));
  return load(saved);
}

module.exports = { cachedBuild, sha256, writeAtomically };
