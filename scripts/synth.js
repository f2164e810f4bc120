#!/usr/bin/env node
// `npm run synth [-- --env <name>]`, the fast path: runs main.ts from an esbuild bundle cached in
// node_modules/.cache and rebuilt whenever a file that went into it changes. esbuild is the compiler
// tsx uses; running its output directly skips tsx's per-file work at startup (about a third of a
// synth). `cdktf synth` runs main.ts with tsx (cdktf.json); both write the same bytes (tested).

const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "cdktf-event-integrations", "app");
const BUNDLE = path.join(CACHE, "main.js");
const MANIFEST = path.join(CACHE, "main.inputs.json");

const sha256 = (data) => crypto.createHash("sha256").update(data).digest("hex");

/** The bundle is current when esbuild's version and every input file are what they were at build time. */
function isCurrent(esbuildVersion) {
  if (!fs.existsSync(MANIFEST) || !fs.existsSync(BUNDLE)) return false;
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(MANIFEST, "utf8"));
  } catch {
    return false; // unreadable: rebuild
  }
  if (manifest.esbuildVersion !== esbuildVersion) return false;
  return Object.entries(manifest.inputs).every(([file, hash]) => {
    const full = path.join(ROOT, file);
    return fs.existsSync(full) && sha256(fs.readFileSync(full)) === hash;
  });
}

function build(esbuild) {
  fs.mkdirSync(CACHE, { recursive: true });
  // Written under a unique name, then renamed: two synths at once never read a half-written bundle.
  const temporary = `${BUNDLE}.${process.pid}`;
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: ["main.ts"],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    keepNames: true,
    outfile: temporary,
    metafile: true,
    logLevel: "warning",
  });
  const inputs = Object.fromEntries(
    Object.keys(result.metafile.inputs)
      .sort()
      .map((file) => [file, sha256(fs.readFileSync(path.join(ROOT, file)))]),
  );
  fs.renameSync(temporary, BUNDLE);
  fs.writeFileSync(`${MANIFEST}.${process.pid}`, JSON.stringify({ esbuildVersion: esbuild.version, inputs }));
  fs.renameSync(`${MANIFEST}.${process.pid}`, MANIFEST);
}

const esbuildVersion = require("esbuild/package.json").version;
if (!isCurrent(esbuildVersion)) build(require("esbuild"));
require(BUNDLE);
