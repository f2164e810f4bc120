import * as fs from "node:fs";
import * as path from "node:path";
import { loadConfig, PROJECT_ROOT, readCdktfContext } from "../../stacks/config/load";
import { type MemoInputs, memoized } from "../../stacks/config/memo";
import { keyText, SYNTH_CACHE_ENV } from "../../stacks/core/cache-keys";
import { ConfigError } from "../../stacks/core/errors";
import { standInSources } from "../support/stand-in-sources";
import { tempDir } from "../support/temp";

// loadProjectConfig reads the configuration back from a memo (stacks/config/memo.ts) when an earlier run
// read it from the same context, INTEGRATIONS_* variables, arguments, Node and sources. Here against a
// stand-in project, whose sources are hashed like the project's.

const CONTEXT = readCdktfContext(path.join(PROJECT_ROOT, "cdktf.json"));

function project() {
  const root = standInSources("config-memo-project");
  const memoDir = path.join(root, "memo");
  let loads = 0;
  const run = (inputs: Partial<MemoInputs> = {}, keep?: number) => {
    const all: MemoInputs = { context: CONTEXT, env: {}, argv: [], ...inputs };
    return memoized(
      all,
      () => {
        loads += 1;
        return loadConfig(all);
      },
      { root, memoDir, keep },
    );
  };
  const stored = () => (fs.existsSync(memoDir) ? fs.readdirSync(memoDir).sort() : []);
  return { root, memoDir, run, stored, loads: () => loads };
}

test("a result read back is the configuration a fresh load gives, prototypes included", () => {
  const p = project();
  const env = { INTEGRATIONS_ACCOUNT_ID: "111122223333", INTEGRATIONS_TAGS: '{"team":"data"}' };
  const argv = ["--env", "staging"];
  const context = {
    ...(CONTEXT as object),
    environments: { staging: { backend: { type: "s3" }, protectData: false } },
  };
  const first = p.run({ context, env, argv });
  const again = p.run({ context, env, argv });
  expect([first.memo, again.memo, p.loads()]).toEqual(["miss", "hit", 1]);
  const fresh = loadConfig({ context, env, argv });
  expect(again.value).not.toBe(first.value);
  expect(again.value).toStrictEqual(fresh);
  expect(again.value).toMatchObject({ environment: "staging", tags: { team: "data" } });
  expect(again.value.backend).toMatchObject({ type: "s3", bucket: expect.stringContaining("111122223333") });
  // The hash of the sources the key holds, for the synth cache of the same run.
  expect(again.sources).toEqual(first.sources);
  expect(again.sources?.root).toBe(p.root);
});

test("any change to what the configuration is read from is a new key", () => {
  const p = project();
  expect(p.run().memo).toBe("miss");
  expect(p.run({ env: { UNRELATED: "x", CDKTF_LOG_LEVEL: "debug" } }).memo).toBe("hit");
  expect(p.run({ context: { ...(CONTEXT as object), prefix: "other" } }).value.prefix).toBe("other");
  expect(p.run({ env: { INTEGRATIONS_REGION: "eu-west-1" } }).value.region).toBe("eu-west-1");
  // Every INTEGRATIONS_* variable, including one the configuration does not read today.
  expect(p.run({ env: { INTEGRATIONS_NOT_READ_YET: "1" } }).memo).toBe("miss");
  expect(p.run({ argv: ["--env", "dev"] }).memo).toBe("miss");
  expect(p.run({ argv: ["--env=dev"] }).memo).toBe("miss");
  expect(p.loads()).toBe(6);
  fs.writeFileSync(path.join(p.root, "stacks", "a.ts"), "two");
  expect(p.run().memo).toBe("miss");
  fs.writeFileSync(path.join(p.root, "stacks", "b.ts"), "a new file");
  expect(p.run().memo).toBe("miss");
  expect(p.run().memo).toBe("hit");
  expect(p.loads()).toBe(8);
});

test("a configuration error is raised again on every run, and nothing is kept", () => {
  const p = project();
  const env = { INTEGRATIONS_CONFIG: JSON.stringify({ region: "mars-north-1" }) };
  const messages = [1, 2].map(() => {
    try {
      p.run({ env });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error("expected a ConfigError");
  });
  expect(messages[0]).toContain('region = "mars-north-1": an AWS region code');
  expect(messages[1]).toBe(messages[0]);
  expect(() => p.run({ argv: ["--evn", "prod"] })).toThrow(ConfigError);
  expect(p.loads()).toBe(3);
  expect(p.stored()).toEqual([]);
});

test("a memo file that is damaged, cut short or not one is a miss, never a crash", () => {
  const p = project();
  const fresh = p.run().value;
  const [file] = p.stored();
  const full = path.join(p.memoDir, file);
  const intact = fs.readFileSync(full);
  // Another region, as valid a configuration as the one stored: only the file's checksum tells.
  const flipped = Buffer.from(intact);
  flipped[intact.indexOf("us-east-1") + 8] = "2".charCodeAt(0);
  for (const damaged of [
    flipped,
    intact.subarray(0, intact.length - 10),
    Buffer.from("not a memo"),
    Buffer.alloc(0),
  ]) {
    fs.writeFileSync(full, damaged);
    const outcome = p.run();
    expect(outcome.memo).toBe("miss");
    expect(outcome.value).toEqual(fresh);
  }
  // Each miss stored the result again.
  expect(fs.readFileSync(full)).toEqual(intact);
  expect(p.run().memo).toBe("hit");
  expect(p.loads()).toBe(5);
});

test("only results V8 gives back exactly are kept; the memo can be turned off; it keeps the last few", () => {
  const root = tempDir("config-memo-project");
  const memoDir = path.join(root, "memo");
  class Settings {
    readonly region = "us-east-1";
  }
  const inputs: MemoInputs = { context: {}, env: {}, argv: [] };
  // A class instance comes back as a plain object, a frozen object as a mutable one, a getter as a value:
  // never stored, so never served as one.
  const inexact: (() => unknown)[] = [
    () => new Settings(),
    () => ({ nested: [new Settings()] }),
    () => Object.freeze({ region: "us-east-1" }),
    () => ({ nested: { when: new Date(0) } }),
    () => ({
      get region() {
        return "us-east-1";
      },
    }),
  ];
  for (const load of inexact) {
    expect(memoized(inputs, load, { root, memoDir }).memo).toBe("miss");
    expect(memoized(inputs, load, { root, memoDir }).memo).toBe("miss");
  }
  expect(fs.existsSync(memoDir) ? fs.readdirSync(memoDir) : []).toEqual([]);

  const off = { ...inputs, env: { [SYNTH_CACHE_ENV]: "off" } };
  expect(memoized(off, () => ({ a: 1 }), { root, memoDir })).toEqual({ value: { a: 1 }, memo: "off" });
  expect(memoized(off, () => ({ a: 1 }), { root, memoDir }).memo).toBe("off");
  expect(fs.existsSync(memoDir) ? fs.readdirSync(memoDir) : []).toEqual([]);

  const store = (argv: string[]) =>
    memoized({ ...inputs, argv }, () => argv, { root, memoDir, keep: 2 }).memo;
  expect([store(["1"]), store(["2"]), store(["3"])]).toEqual(["miss", "miss", "miss"]);
  expect(fs.readdirSync(memoDir)).toHaveLength(2);
  expect(store(["3"])).toBe("hit");
});

test("the key's text keeps apart every value JSON would merge", () => {
  const values = [
    undefined,
    null,
    "\0undefined",
    "\0\0undefined",
    0,
    -0,
    "\0-0",
    NaN,
    "\0NaN",
    Infinity,
    -Infinity,
  ];
  const texts = values.map((value) => keyText({ value, in: [value] }));
  expect(new Set(texts).size).toBe(values.length);
  expect(keyText({ a: [1, "x"] })).toBe(keyText({ a: [1, "x"] }));
  expect(() => keyText({ a: 1n })).toThrow("has no key");
});
