import * as fs from "node:fs";
import * as path from "node:path";
import { SYNTH_CACHE_ENV, synthesizeCached, synthKey } from "../../scripts/lib/synth-cache";
import { buildApp, synthesizeApp } from "../../stacks/app";
import { projectSources } from "../../stacks/core/cache-keys";
import type { StackId } from "../../stacks/registry";
import { standInSources } from "../support/stand-in-sources";
import { testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

/** Every file under `dir` with its bytes, by relative path. */
function tree(dir: string): Record<string, string> {
  const files = (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
  return Object.fromEntries(files.map((file) => [file, fs.readFileSync(path.join(dir, file), "base64")]));
}

describe("the ops scripts' synth cache, with the real app", () => {
  const stacks: StackId[] = ["rds-autotag", "event-rule-targets"];
  const config = testConfig({ accountId: "111122223333" });
  const synth = (outdir: string) => synthesizeApp(buildApp(config, { outdir, stacks }));

  test("a hit writes the bytes a synth writes, into any folder beside the first", () => {
    const parent = tempDir("synth-cache-parent");
    const cacheDir = tempDir("synth-cache");
    const first = path.join(parent, "first");
    const second = path.join(parent, "second");
    const fresh = path.join(parent, "fresh");
    expect(synthesizeCached({ config, stacks, outdir: first }, synth, { cacheDir }).cache).toBe("miss");
    expect(synthesizeCached({ config, stacks, outdir: second }, synth, { cacheDir }).cache).toBe("hit");
    fs.mkdirSync(fresh);
    synth(fresh);
    expect(Object.keys(tree(fresh))).toContainEqual(expect.stringMatching(/^stacks\/rds-autotag\/assets\//));
    expect(tree(first)).toEqual(tree(fresh));
    expect(tree(second)).toEqual(tree(fresh));
    // Nothing left beside the out-dirs (the synth's own folder is removed).
    expect(fs.readdirSync(parent).sort()).toEqual(["first", "fresh", "second"]);
  });

  test("another configuration or other stacks is synthesized again; any folder outside the project is one place", () => {
    const cacheDir = tempDir("synth-cache");
    const parent = tempDir("synth-cache-parent");
    const outdir = path.join(parent, "out");
    const run = (request: Partial<Parameters<typeof synthesizeCached>[0]>) =>
      synthesizeCached({ config, stacks, outdir, ...request }, synth, { cacheDir }).cache;
    expect(run({})).toBe("miss");
    expect(run({ config: testConfig({ accountId: "111122223333", prefix: "other" }) })).toBe("miss");
    expect(run({ stacks: ["rds-autotag"] })).toBe("miss");
    // The stacks lay out any out-dir outside the project as cdktf.out (the determinism test proves the bytes).
    expect(run({ outdir: path.join(tempDir("synth-cache-elsewhere"), "deeper", "out") })).toBe("hit");
    expect(run({})).toBe("hit");
  });
});

describe("the synth cache's key and bookkeeping", () => {
  /** A stand-in project: the cache hashes its sources; the synth writes what `content` says. */
  function project() {
    const root = standInSources("synth-cache-project");
    const cacheDir = path.join(root, "cache");
    let synths = 0;
    let content = "v1";
    const synth = (outdir: string) => {
      synths += 1;
      fs.mkdirSync(path.join(outdir, "stacks", "s", "assets", "code", content), { recursive: true });
      fs.writeFileSync(path.join(outdir, "stacks", "s", "assets", "code", content, "index.js"), content);
      fs.writeFileSync(path.join(outdir, "stacks", "s", "cdk.tf.json"), content);
      fs.writeFileSync(path.join(outdir, "manifest.json"), "{}");
    };
    const outdir = path.join(root, "out");
    const run = (env: NodeJS.ProcessEnv = {}) =>
      synthesizeCached({ config: { a: 1 }, stacks: ["s"], outdir }, synth, { root, cacheDir, env }).cache;
    return {
      root,
      outdir,
      run,
      synths: () => synths,
      produce: (next: string) => {
        content = next;
      },
    };
  }

  test("a changed source file is a new key: the cache never serves an output of older code", () => {
    const p = project();
    expect(p.run()).toBe("miss");
    expect(p.run()).toBe("hit");
    fs.writeFileSync(path.join(p.root, "stacks", "a.ts"), "two");
    p.produce("v2");
    expect(p.run()).toBe("miss");
    expect(fs.readFileSync(path.join(p.outdir, "stacks", "s", "cdk.tf.json"), "utf8")).toBe("v2");
    // As cdktf does (assets/<name>/<hash>/), the asset's earlier version is gone; the new one is there.
    expect(fs.readdirSync(path.join(p.outdir, "stacks", "s", "assets", "code"))).toEqual(["v2"]);
    fs.writeFileSync(path.join(p.root, "stacks", "b.ts"), "new file");
    expect(p.run()).toBe("miss");
    expect(p.synths()).toBe(3);
  });

  test("an out-dir in the project counts by its parent (the local state's relative path), one outside does not", () => {
    const p = project();
    const inProject = (...parts: string[]) =>
      synthKey({ config: { a: 1 }, stacks: ["s"], outdir: path.join(p.root, ...parts) }, { root: p.root });
    expect(inProject("plans", ".synth", "drift-1")).toBe(inProject("plans", ".synth", "drift-2"));
    expect(inProject("plans", ".synth", "drift-1")).not.toBe(inProject("cdktf.out"));
    expect(inProject("..", "elsewhere", "out")).toBe(inProject("..", "..", "tmp", "smoke-1", "deeper"));
  });

  test("cdktf's own environment variables are part of the key; the cache can be turned off", () => {
    const p = project();
    expect(p.run()).toBe("miss");
    expect(p.run({ SYNTH_HCL_OUTPUT: "true" })).toBe("miss");
    expect(p.run({ UNRELATED: "x" })).toBe("hit");
    // CDKTF_OUTDIR only names the out-dir (main.ts passes it as the out-dir), which counts through its parent.
    expect(p.run({ CDKTF_OUTDIR: "/elsewhere/out" })).toBe("hit");
    expect(p.run({ [SYNTH_CACHE_ENV]: "off" })).toBe("miss");
    expect(p.synths()).toBe(3);
  });

  test("a sources hash handed in is used for its own project only", () => {
    const p = project();
    const request = { config: { a: 1 }, stacks: ["s"], outdir: p.outdir };
    const key = synthKey(request, { root: p.root });
    // The hash as loadProjectConfigWithSources computed it for this project: the same key.
    expect(synthKey(request, { root: p.root, sources: projectSources(p.root) })).toBe(key);
    expect(synthKey(request, { root: p.root, sources: { root: p.root, hash: "other" } })).not.toBe(key);
    // Another project's hash is never used: the sources are hashed again.
    expect(synthKey(request, { root: p.root, sources: { root: "/elsewhere", hash: "other" } })).toBe(key);
  });

  test("what the synth returned (main.ts: the warnings it prints) comes back on a hit", () => {
    const root = tempDir("synth-cache-project");
    const request = { config: { a: 1 }, stacks: ["s"], outdir: path.join(root, "out") };
    const options = { root, cacheDir: path.join(root, "cache") };
    const synth = (outdir: string) => {
      fs.writeFileSync(path.join(outdir, "manifest.json"), "{}");
      return { alarms: "Warning: alarms notify no one", annotations: ["WARNING rds-autotag: ..."] };
    };
    const miss = synthesizeCached(request, synth, options);
    const hit = synthesizeCached(request, () => ({ alarms: "never synthesized", annotations: [] }), options);
    expect([miss.cache, hit.cache]).toEqual(["miss", "hit"]);
    expect(hit.result).toEqual(miss.result);
    expect(miss.result.annotations).toEqual(["WARNING rds-autotag: ..."]);
  });

  test("what else the out-dir holds stays (an earlier init's .terraform), as after a synth", () => {
    const p = project();
    p.run();
    fs.mkdirSync(path.join(p.outdir, "stacks", "s", ".terraform"));
    expect(p.run()).toBe("hit");
    expect(fs.existsSync(path.join(p.outdir, "stacks", "s", ".terraform"))).toBe(true);
  });

  test("a failed synth keeps nothing, and the next run synthesizes again", () => {
    const root = tempDir("synth-cache-project");
    const cacheDir = path.join(root, "cache");
    const outdir = path.join(root, "out");
    const request = { config: {}, stacks: ["s"], outdir };
    expect(() =>
      synthesizeCached(
        request,
        () => {
          throw new Error("baseline finding");
        },
        { root, cacheDir },
      ),
    ).toThrow("baseline finding");
    expect(fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir) : []).toEqual([]);
    expect(fs.readdirSync(root)).toEqual(["out"]);
  });
});
