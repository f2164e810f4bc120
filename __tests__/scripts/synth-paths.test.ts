import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { type ProjectCopy, projectCopy } from "../support/project-copy";
import { tempDir } from "../support/temp";

// `npm run synth` and `cdktf synth` run one command (main.ts from its cached esbuild bundle, scripts/synth.js),
// through the synth cache (scripts/lib/synth-cache.ts): a run served by it must write the same bytes as a synth.
// The runs are in a copy of the project: each run of this file synthesizes a configuration never seen before,
// which in the project itself would push one of the user's own entries out of its synth cache.
let project: ProjectCopy;
beforeAll(() => {
  project = projectCopy();
});
afterAll(() => project.remove());

function run(command: string[], env: NodeJS.ProcessEnv = {}) {
  const outdir = tempDir("synth-path");
  const result = spawnSync(process.execPath, command, {
    cwd: project.root,
    env: { ...process.env, CDKTF_OUTDIR: outdir, ...env },
    encoding: "utf8",
  });
  return { outdir, status: result.status, stderr: result.stderr };
}

function files(root: string): Record<string, string> {
  const found: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found[path.relative(root, full)] = fs.readFileSync(full, "base64");
    }
  };
  walk(root);
  return found;
}

const FAST = ["scripts/synth.js"];

/**
 * `npm run synth` with a preload that notes in a file whether cdktf was loaded: a synth loads it, a run
 * served by the synth cache does not. With `stop`, loading cdktf fails the run right there. It notes zod
 * too: a configuration served by its memo (stacks/config/memo.ts) is not validated again.
 */
function watchedSynth(env: NodeJS.ProcessEnv, stop = false) {
  const dir = tempDir("synth-watch");
  const preload = path.join(dir, "preload.js");
  const marker = (name: string) => path.join(dir, `${name}-loaded`);
  fs.writeFileSync(
    preload,
    `const Module = require("node:module");
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === "cdktf" || request === "zod") {
    require("node:fs").writeFileSync(${JSON.stringify(dir)} + "/" + request + "-loaded", "");
    if (${stop} && request === "cdktf") throw new Error("cdktf loaded");
  }
  return load.call(this, request, ...rest);
};`,
  );
  const result = run(["--require", preload, ...FAST], env);
  return { ...result, synthesized: fs.existsSync(marker("cdktf")), validated: fs.existsSync(marker("zod")) };
}

/** A PATH with node and nothing else: synthesis needs no Terraform (README: no setup). */
function pathWithoutTerraform(): string {
  const bin = tempDir("node-only-bin");
  fs.symlinkSync(process.execPath, path.join(bin, "node"));
  return bin;
}

test("cdktf synth runs what npm run synth runs: one way to synthesize, whichever command starts it", () => {
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8"));
  const packageJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8"));
  expect(cdktfJson.app).toBe(packageJson.scripts.synth);
  expect(cdktfJson.app).toBe(["node", ...FAST].join(" "));
});

test("npm run synth writes what it synthesized, and the same bytes again from the synth cache", () => {
  // The first run synthesizes (a tag unique to this run makes a configuration the cache has never seen: the
  // preload sees cdktf loaded), into a folder beside the out-dir that is copied in; the second is served
  // without loading cdktf.
  const unseen = { INTEGRATIONS_TAGS: JSON.stringify({ "suite-run": `${process.pid}-${Date.now()}` }) };
  const fast = watchedSynth({ PATH: pathWithoutTerraform(), ...unseen });
  expect([fast.status, fast.synthesized]).toEqual([0, true]);
  const written = files(fast.outdir);
  expect(Object.keys(written)).toContain("manifest.json");
  expect(Object.keys(written)).toContainEqual(expect.stringMatching(/^stacks\/rds-autotag\/cdk\.tf\.json$/));
  // The shipped cdktf.json sets neither alarmTopicArn nor alarmEmail: it says so, once, never silently.
  expect(fast.stderr.match(/Warning: alarms notify no one/g)).toHaveLength(1);

  // Nor is the configuration read again: the first run kept it (stacks/config/memo.ts), zod is not loaded.
  const again = watchedSynth(unseen);
  expect([again.status, again.synthesized, again.validated]).toEqual([0, false, false]);
  expect(files(again.outdir)).toEqual(written);
  expect(again.stderr).toBe(fast.stderr);
  // A variable the configuration reads is a new key: synthesized again, never served.
  const renamed = watchedSynth({ ...unseen, INTEGRATIONS_PREFIX: "other" }, true);
  expect([renamed.synthesized, renamed.status]).toEqual([true, 1]);
}, 60_000);

test("npm run synth stops on bad configuration with the message, exit code 1, and writes nothing", () => {
  const result = watchedSynth({ INTEGRATIONS_CONFIG: JSON.stringify({ region: "mars-north-1" }) }, true);
  expect(result.status).toBe(1);
  expect(result.stderr).toContain('region = "mars-north-1": an AWS region code');
  expect(fs.readdirSync(result.outdir)).toEqual([]);
  // Validated on every run (a configuration error is never kept), and stopped before any synthesis.
  expect([result.validated, result.synthesized]).toEqual([true, false]);
}, 60_000);
