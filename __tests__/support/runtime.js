// jest's module runtime (jest.config.js `runtime`), with V8's code cache for every module it compiles.
//
// jest gives each test file its own module registry, so each file compiles cdktf, the provider classes, zod,
// ... again from source: about a fifth of the suite's CPU time. Node can hand V8 the cache of an earlier
// compile of the same source (vm.compileFunction's cachedData), which V8 checks against the source and its
// own version and flags, and rejects when they differ (then this compiles from source, as jest does). The
// caches live in jest's cache directory, one file per source text, and last across runs (`jest --clearCache`
// removes them); modules run exactly as before.
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Runtime = require("jest-runtime").default;

let cacheDir;
/** Code caches read or made by this process, by key. */
const caches = new Map();
/** The last source compiled from each file and its key: the same text again needs no hashing. */
const keysByFile = new Map();

function cacheKey(code, params) {
  return crypto
    .createHash("sha1")
    .update(`${process.version}\0${process.arch}\0${params.join(",")}\0`)
    .update(code)
    .digest("hex");
}

function readCache(key) {
  if (caches.has(key)) return caches.get(key);
  let data;
  try {
    data = fs.readFileSync(path.join(cacheDir, key));
  } catch {
    data = undefined;
  }
  caches.set(key, data);
  return data;
}

function writeCache(key, data) {
  caches.set(key, data);
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // Written aside and renamed: another worker may be reading or writing the same key.
    const temp = path.join(cacheDir, `${key}.${process.pid}.tmp`);
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, path.join(cacheDir, key));
  } catch {
    // A cache that cannot be written costs only speed.
  }
}

const compileFunction = vm.compileFunction;
vm.compileFunction = function compileFunctionWithCodeCache(code, params = [], options = {}) {
  if (!cacheDir || options.cachedData || options.produceCachedData) {
    return compileFunction.call(this, code, params, options);
  }
  const known = keysByFile.get(options.filename);
  const key =
    known && known.code === code && known.params === params.join(",") ? known.key : cacheKey(code, params);
  keysByFile.set(options.filename, { code, params: params.join(","), key });
  const cachedData = readCache(key);
  const fn = compileFunction.call(this, code, params, {
    ...options,
    ...(cachedData ? { cachedData } : { produceCachedData: true }),
  });
  if (cachedData && fn.cachedDataRejected) {
    // Made by another Node or V8: made anew by the next compile of this source.
    caches.set(key, undefined);
  } else if (!cachedData && fn.cachedDataProduced) {
    writeCache(key, fn.cachedData);
  }
  return fn;
};

class CodeCachingRuntime extends Runtime {
  constructor(config, ...rest) {
    super(config, ...rest);
    cacheDir ??= path.join(config.cacheDirectory, "v8-code-cache");
  }
}

module.exports = { __esModule: true, default: CodeCachingRuntime };
