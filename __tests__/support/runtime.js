// jest's module runtime (jest.config.js `runtime`), with V8's code cache for every module it compiles.
//
// jest gives each test file its own module registry, so each file compiles cdktf, the provider classes, zod,
// ... again from source: about a fifth of the suite's CPU time. V8 can start from the cache of an earlier
// compile of the same source, which it checks against the source and its own version and flags, and rejects
// when they differ (then this compiles from source, as jest does). The caches live in jest's cache directory,
// one file per file path and source text, and last across runs (`jest --clearCache` removes them, the global
// teardown keeps the most recently used: code-cache-folder.js); modules run exactly as before. The path is
// part of the key (codeCacheKey): a cache directory may be shared by several checkouts (`--cacheDirectory`,
// a moved or copied node_modules), and V8 would name a file in stack traces after the checkout that made its
// cache.
//
// A cache made right after compiling holds only the code V8 compiles up front; V8 compiles every other
// function the first time it is called, and would again in every test file. So each module is compiled as a
// script (vm.Script, the wrapper jest's compileFunction builds, written out) whose cache can be made after
// the test file ran: it then holds every function that file called. Each worker remakes a module's cache
// after the first test file that used it, and writes it when it holds more than the one read, so the caches
// grow to what the suite calls.
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const vm = require("node:vm");
const Runtime = require("jest-runtime").default;
const { codeCacheKey } = require("../../stacks/shared/code-cache");
const { codeCacheFolder } = require("./code-cache-folder");
const { writeAtomically } = require("../../stacks/shared/esbuild-cache");

let cacheDir;
/** Code caches read or made by this process, by key. */
const caches = new Map();
/** The last source compiled from each file and its key: the same text again needs no hashing. */
const keysByFile = new Map();
/** Scripts whose cache is remade after this test file, by key; keys remade by this process. */
const toRemake = new Map();
const remade = new Set();
/** Sources of installed packages read by this worker, by path: they do not change during a run. */
const packageSources = new Map();
const PACKAGE = `${path.sep}node_modules${path.sep}`;
const BUILT = `${PACKAGE}.cache${path.sep}`;

/** The file's path is part of the key: V8 names the script after the file its cache was made for. */
function cacheKey(filename, code, params) {
  return crypto
    .createHash("sha1")
    .update(`${process.version}\0${process.arch}\0${params}\0`)
    .update(codeCacheKey(filename, code))
    .digest("hex");
}

function readCache(key) {
  if (caches.has(key)) return caches.get(key);
  let data;
  const file = path.join(cacheDir, key);
  try {
    data = fs.readFileSync(file);
  } catch {
    data = undefined;
  }
  if (data) touch(file);
  caches.set(key, data);
  return data;
}

/** Marks an entry as in use: the global teardown keeps the newest (code-cache-folder.js). */
function touch(file) {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Read-only: the entry may go first when the folder is pruned, and is made again.
  }
}

function writeCache(key, data) {
  caches.set(key, data);
  try {
    // Written aside and renamed: another worker may be reading or writing the same key.
    writeAtomically(path.join(cacheDir, key), data);
  } catch {
    // A cache that cannot be written costs only speed.
  }
}

const compileFunction = vm.compileFunction;
vm.compileFunction = function compileFunctionWithCodeCache(code, params = [], options = {}) {
  const context = options.parsingContext;
  // A script may only start with a hashbang, which the wrapper would move off the first line.
  if (!cacheDir || !context || options.cachedData || options.produceCachedData || code.startsWith("#!")) {
    return compileFunction.call(this, code, params, options);
  }
  const names = params.join(", ");
  const known = keysByFile.get(options.filename);
  const key =
    known && known.code === code && known.names === names
      ? known.key
      : cacheKey(options.filename, code, names);
  keysByFile.set(options.filename, { code, names, key });
  const cachedData = readCache(key);
  // The wrapper's first line is its own, so lines and columns in stack traces are the file's.
  const script = new vm.Script(`(function (${names}) {\n${code}\n})`, {
    filename: options.filename,
    lineOffset: -1,
    importModuleDynamically: options.importModuleDynamically,
    cachedData,
  });
  // Made by another Node or V8, missing, or not yet remade by this process: made anew after this test file.
  if (!cachedData || script.cachedDataRejected) caches.set(key, undefined);
  if (!remade.has(key)) toRemake.set(key, script);
  return script.runInContext(context);
};

// Packages every test file that synthesizes loads, about 60% of the source jest compiled per file: cdktf,
// constructs, the provider classes and zod. Each worker loads them once, with Node's own require, and hands
// the same modules to every test file it runs (jest gives each file its own copy of everything else). They
// hold no state a test file sets for the next one; cdktf's token map only grows, and its tokens are unique
// per process. What a test should know: jest.resetModules and isolateModules do not reload them (jest.mock
// still replaces them), and their objects and errors come from the worker's realm, not the test file's:
// compare them with toEqual, not toStrictEqual or instanceof Array.
const SHARED_PACKAGES = /^(cdktf|constructs|@cdktf\/provider-aws|zod)(\/|$)/;
let sharedLoaded = false;

/** A shared package for `from`, resolved as Node resolves it. */
function requireShared(from, moduleName) {
  const nodeRequire = Module.createRequire(from);
  if (!sharedLoaded) {
    // cdktf captures a full stack trace for every token it creates, only to quote it if that token later
    // fails to resolve: a large part of the suite's CPU time. Tests do without that quote; synthesized
    // output is the same (the trace never reaches it), and outside jest nothing changes.
    nodeRequire("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];
    sharedLoaded = true;
  }
  return nodeRequire(moduleName);
}

// Project modules named *.worker.js (plain CommonJS, required by a relative path) are loaded the same way, once
// per worker with Node's own require, for state that is pure, read-only and expensive to build: each test
// file the worker runs gets the same module (asl-validator.worker.js: one compiled JSON Schema per worker
// instead of one per file). The same catches as for the shared packages apply, and what they require comes
// from Node's require too, never from the test file's registry or its mocks.
const WORKER_MODULE = /^\.{1,2}\/.*\.worker\.js$/;

class CodeCachingRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    cacheDir ??= codeCacheFolder(config.cacheDirectory);
    // jest reads every module's source anew for each test file (about 10 MB of cdktf, the provider classes,
    // zod, ... per file that synthesizes); a package's is read once per worker. The same text also needs no
    // new hash for its code cache. Bundles the project builds into node_modules/.cache are read as before.
    const fileCache = this.fileCache;
    const readFile = fileCache.readFile.bind(fileCache);
    fileCache.readFile = (filename) => {
      if (!filename.includes(PACKAGE) || filename.includes(BUILT)) return readFile(filename);
      let source = packageSources.get(filename);
      if (source === undefined) {
        source = readFile(filename);
        packageSources.set(filename, source);
      }
      return source;
    };
  }

  requireModule(from, moduleName, options, isRequireActual) {
    if (!options?.isInternalModule && typeof moduleName === "string" && SHARED_PACKAGES.test(moduleName))
      return requireShared(from, moduleName);
    if (!options?.isInternalModule && typeof moduleName === "string" && WORKER_MODULE.test(moduleName))
      return Module.createRequire(from)(moduleName);
    return super.requireModule(from, moduleName, options, isRequireActual);
  }

  teardown() {
    super.teardown();
    for (const [key, script] of toRemake) {
      const data = script.createCachedData();
      // Larger holds more functions: the one read plus those this file compiled.
      if (data.length > (caches.get(key)?.length ?? 0)) writeCache(key, data);
      remade.add(key);
    }
    toRemake.clear();
  }
}

module.exports = { __esModule: true, default: CodeCachingRuntime };
