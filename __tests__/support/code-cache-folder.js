// Where jest's runtime (runtime.js) keeps V8's code caches of the modules it compiles, and how many the global
// teardown keeps: the newest by use (runtime.js refreshes an entry's time when it reads it). One run of the
// suite uses about 900 (15 MB); every edit of a source file makes new ones, which nothing else removes.
const path = require("node:path");

const CODE_CACHE_KEEP = 3000;

/** The code cache folder inside jest's cache directory. */
function codeCacheFolder(cacheDirectory) {
  return path.join(cacheDirectory, "v8-code-cache");
}

module.exports = { CODE_CACHE_KEEP, codeCacheFolder };
