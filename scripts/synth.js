#!/usr/bin/env node
// `npm run synth [-- --env <name>]` and `cdktf synth` (cdktf.json's app is this same command): runs main.ts
// from an esbuild bundle cached in node_modules/.cache and rebuilt whenever a file that went into it changes
// (stacks/shared/esbuild-cache.js). esbuild is the compiler tsx uses; running its output directly skips tsx's
// per-file work at startup (about a third of a synth).

const fs = require("node:fs");
const path = require("node:path");
const { enableCodeCache } = require("../stacks/shared/code-cache");
const { cachedBuild, writeAtomically } = require("../stacks/shared/esbuild-cache");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "cdktf-event-integrations", "app");
const BUNDLE = path.join(CACHE, "main.js");

// The bundle and the packages it loads start from V8's code cache of an earlier run (stacks/shared/code-cache.js).
enableCodeCache(path.join(ROOT, "node_modules", ".cache", "cdktf-event-integrations", "v8"));

cachedBuild({
  root: ROOT,
  manifestFile: path.join(CACHE, "main.inputs.json"),
  options: {
    entryPoints: ["main.ts"],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    keepNames: true,
    outfile: "main.js",
    logLevel: "warning",
  },
  save: ([output]) => {
    writeAtomically(BUNDLE, output.contents);
    return "main.js";
  },
  load: () => (fs.existsSync(BUNDLE) ? BUNDLE : undefined),
});
require(BUNDLE);
