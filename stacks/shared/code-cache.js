// V8's code cache for the processes `npm run synth` and the ops scripts start (scripts/synth.js,
// scripts/bundled.js). Node 20 compiles every CommonJS file from source in every process (it has no
// module.enableCompileCache): the cached bundle and the packages it loads (zod, cdktf, the provider classes,
// the SDK) cost tens of milliseconds of CPU per run before any of our code runs. V8 can start from the cache
// of an earlier compile of the same source, which it checks against the source, its own version and flags,
// and rejects when they differ (then the file compiles from source, as Node does). Modules run exactly as
// before: Node still builds each module's require and runs it; only the compiled function comes from here.
//
// The caches live in node_modules/.cache/cdktf-event-integrations/v8 (never in the system temp folder), one
// file per file path, source text and Node version, made when the process exits so they hold every function the run
// called, not only the top level. `rm -rf node_modules/.cache` removes them with the other build caches.

const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");
const { writeAtomically } = require("./esbuild-cache");

/** Entries kept: the oldest go first (a full synth loads about 600 files, a script served from cache 100). */
const KEEP = 1500;
const WRAPPER = ["(function (exports, require, module, __filename, __dirname) {\n", "\n})"];

/** Turns the code cache on for every CommonJS file this process loads from now on. */
function enableCodeCache(cacheDir) {
  // Node reads a file's source map from its source while compiling: with --enable-source-maps (or a loader
  // that installs its own compile), files compile as usual.
  if (process.sourceMapsEnabled || Module.prototype._compile.codeCache) return;
  const dir = path.join(cacheDir, `${process.version}-${process.arch}`);
  const compile = Module.prototype._compile;
  /** Compiled functions, by id, until the module's own wrapper (compiled by Node) picks its one up. */
  const compiled = new Map();
  const RUN = Symbol.for("cdktf-event-integrations.code-cache");
  globalThis[RUN] = compiled;
  /** Scripts compiled without a usable cache: their cache is made at exit. */
  const toMake = [];
  let next = 0;

  function compileWithCodeCache(content, filename, ...rest) {
    // A hashbang must stay on the first line, which the wrapper would take.
    if (typeof content !== "string" || content.startsWith("#!"))
      return compile.call(this, content, filename, ...rest);
    const key = codeCacheKey(filename, content);
    let cachedData;
    try {
      cachedData = fs.readFileSync(path.join(dir, key));
    } catch {
      cachedData = undefined;
    }
    let script;
    try {
      script = new vm.Script(`${WRAPPER[0]}${content}${WRAPPER[1]}`, {
        filename,
        lineOffset: -1, // the wrapper's first line is its own: stack traces keep the file's lines
        cachedData,
        importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      });
    } catch {
      // A syntax error (or ESM syntax Node would detect): Node's own compile reports it as usual.
      return compile.call(this, content, filename, ...rest);
    }
    if (cachedData === undefined || script.cachedDataRejected) toMake.push({ key, script });
    const id = next++;
    compiled.set(id, script.runInThisContext());
    // Node compiles this one line and runs it as the module, with the module's own require, exports and this.
    const stub = `return globalThis[Symbol.for("cdktf-event-integrations.code-cache")].get(${id}).call(this, exports, require, module, __filename, __dirname);`;
    try {
      return compile.call(this, stub, filename, ...rest);
    } finally {
      compiled.delete(id);
    }
  }
  compileWithCodeCache.codeCache = true;
  Module.prototype._compile = compileWithCodeCache;

  process.once("exit", () => {
    if (toMake.length === 0) return;
    try {
      // Written aside and renamed: parallel runs may write the same key.
      for (const { key, script } of toMake) writeAtomically(path.join(dir, key), script.createCachedData());
      pruneOldest(dir, KEEP);
    } catch {
      // A cache that cannot be written costs only speed.
    }
  });
}

/**
 * A code cache's key: the file's path as well as its source. V8 (Node 20) restores the script's name from
 * the cache, not from the filename it is given: a cache made for the same text at another path (a moved
 * checkout, another clone, a test's project copy) would make stack traces name that other file.
 */
function codeCacheKey(filename, content) {
  return crypto.createHash("sha1").update(`${filename}\0`).update(content).digest("hex");
}

/** Removes the entries of a code cache folder beyond the newest `keep` (by modification time). */
function pruneOldest(dir, keep) {
  const entries = fs.readdirSync(dir).filter((name) => /^[0-9a-f]{40}$/.test(name));
  if (entries.length <= keep) return;
  const byAge = entries
    .map((name) => ({ name, time: fs.statSync(path.join(dir, name)).mtimeMs }))
    .sort((a, b) => a.time - b.time);
  for (const { name } of byAge.slice(0, entries.length - keep))
    fs.rmSync(path.join(dir, name), { force: true });
}

module.exports = { codeCacheKey, enableCodeCache, pruneOldest };
