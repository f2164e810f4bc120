// Types for code-cache.js (plain CommonJS: scripts/synth.js and scripts/bundled.js load it before any compiler).

/** A code cache's key: the file's path as well as its source. */
export function codeCacheKey(filename: string, content: string): string;
/** Turns the code cache on for every CommonJS file this process loads from now on. */
export function enableCodeCache(cacheDir: string): void;
/** Removes the entries of a code cache folder beyond the newest `keep` (by modification time). */
export function pruneOldest(dir: string, keep: number): void;
