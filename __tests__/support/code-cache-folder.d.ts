// Types for code-cache-folder.js (plain CommonJS: jest's runtime, runtime.js, loads it untransformed).

/** Entries of jest's code cache folder the global teardown keeps. */
export const CODE_CACHE_KEEP: number;
/** The code cache folder inside jest's cache directory. */
export function codeCacheFolder(cacheDirectory: string): string;
