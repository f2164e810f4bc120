// `node scripts/bundled.js scripts/<name>.ts [args]`: runs a TypeScript script from an esbuild bundle cached
// in node_modules/.cache, rebuilt whenever a file that went into it changes (stacks/shared/esbuild-cache.js,
// the cache `npm run synth` uses for main.ts). esbuild is the compiler tsx uses; running its output directly
// skips tsx's per-file work at startup: about a second of CPU for a script that loads the stacks (`npm run
// plan -- --help`: 1.5 s of CPU under tsx, 0.5 s from the bundle). The npm scripts run through it.

const fs = require("node:fs");
const path = require("node:path");
const { enableCodeCache } = require("../stacks/shared/code-cache");
const { cachedBuild, writeAtomically } = require("../stacks/shared/esbuild-cache");

const ROOT = path.resolve(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "cdktf-event-integrations", "scripts");

// The bundle and the packages it loads start from V8's code cache of an earlier run (stacks/shared/code-cache.js).
enableCodeCache(path.join(ROOT, "node_modules", ".cache", "cdktf-event-integrations", "v8"));

/** Runs `entry` (a path relative to the project root) as if it were the main module. */
function runBundled(entry) {
  const bundle = path.join(CACHE, entry.replace(/\.ts$/, ".js"));
  cachedBuild({
    root: ROOT,
    manifestFile: bundle.replace(/\.js$/, ".inputs.json"),
    options: {
      entryPoints: [entry],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      keepNames: true,
      outfile: path.basename(bundle),
      logLevel: "warning",
    },
    save: ([output]) => {
      writeAtomically(bundle, output.contents);
      return path.basename(bundle);
    },
    load: () => (fs.existsSync(bundle) ? bundle : undefined),
  });
  require(bundle);
}

const [entry, ...args] = process.argv.slice(2);
if (!entry?.endsWith(".ts")) {
  console.error("Usage: node scripts/bundled.js <entry.ts> [args]");
  process.exit(2);
}
const relative = path.relative(ROOT, path.resolve(ROOT, entry));
// The script sees only its own arguments, as under `node --require tsx/cjs <entry> [args]`.
process.argv = [process.argv[0], path.join(ROOT, relative), ...args];
runBundled(relative);
