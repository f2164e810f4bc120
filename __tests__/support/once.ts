/**
 * `compute` once per distinct arguments (compared as JSON) in this test file: every later call with the same
 * arguments gets the first result itself. For results that are safe to share (synthesizedOnce in synth.ts).
 */
export function onceByArguments<A extends unknown[], T>(compute: (...args: A) => T): (...args: A) => T {
  const done = new Map<string, T>();
  return (...args) => {
    const key = JSON.stringify(args);
    if (!done.has(key)) done.set(key, compute(...args));
    return done.get(key) as T;
  };
}

/**
 * `build` once per distinct arguments (compared as JSON) in this test file, for helpers that return plain data
 * (Terraform JSON, statements) and whose tests only read it: each call gets its own deep copy, so no test sees
 * another's changes. Like synthesizedOnce (support/synth.ts), for helpers that do not return a Synthesized.
 * A test that checks that building again gives the same result must call the helper it wraps.
 */
export function builtOnce<A extends unknown[], T>(build: (...args: A) => T): (...args: A) => T {
  const once = onceByArguments(build);
  return (...args) => structuredClone(once(...args));
}
