import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { tempDir } from "../support/temp";

// `npm run synth` (a cached esbuild bundle of main.ts) and `cdktf synth` (main.ts under tsx) are two
// ways to run the same app: they must write the same bytes, and fail the same way.

function run(command: string[], env: NodeJS.ProcessEnv = {}) {
  const outdir = tempDir("synth-path");
  const result = spawnSync(process.execPath, command, {
    cwd: PROJECT_ROOT,
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
const TSX = ["--require", "tsx/cjs", "main.ts"];

/** A PATH with node and nothing else: synthesis needs no Terraform (README: no setup). */
function pathWithoutTerraform(): string {
  const bin = tempDir("node-only-bin");
  fs.symlinkSync(process.execPath, path.join(bin, "node"));
  return bin;
}

test("npm run synth and the tsx entry that cdktf synth runs write identical files", () => {
  const fast = run(FAST, { PATH: pathWithoutTerraform() });
  const tsx = run(TSX);
  expect(fast.status).toBe(0);
  expect(tsx.status).toBe(0);
  const written = files(fast.outdir);
  expect(Object.keys(written)).toContain("manifest.json");
  expect(written).toEqual(files(tsx.outdir));
  // The shipped cdktf.json sets neither alarmTopicArn nor alarmEmail: both say so, once, never silently.
  for (const { stderr } of [fast, tsx])
    expect(stderr.match(/Warning: alarms notify no one/g)).toHaveLength(1);
}, 60_000);

test.each([
  ["npm run synth", FAST],
  ["tsx main.ts", TSX],
])(
  "%s stops on bad configuration with the message, exit code 1, and writes nothing",
  (_name, command) => {
    const result = run(command, { INTEGRATIONS_CONFIG: JSON.stringify({ region: "mars-north-1" }) });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('region = "mars-north-1": an AWS region code');
    expect(fs.readdirSync(result.outdir)).toEqual([]);
  },
  60_000,
);
