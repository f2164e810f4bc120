import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fakeTerraform } from "./fake-terraform";
import { tempDir } from "./temp";

// The fake terraform is bash generated from a test's script: what it answers and records must be the
// script's and the call's, byte for byte, whatever quotes, newlines or backslashes they hold.

function stackDir(name: string): string {
  const dir = path.join(tempDir("fake-terraform-test"), name);
  fs.mkdirSync(dir);
  return dir;
}

test("answers a stack's own reply before the one for any stack, and records each argument verbatim", () => {
  const fake = fakeTerraform({
    "*": { show: { stdout: { said: `it's "quoted" \\ $HOME \`x\`` } }, plan: { code: 1 } },
    "rds-autotag": { show: { code: 3, stdout: "plain\ntext", stderr: "Error: 'boom'\n" } },
  });
  const odd = `we"ird\\ $(x) 'a'\n\tend`;
  const any = spawnSync(fake.binary, ["show", "-json", odd], { cwd: stackDir("ec2"), encoding: "utf8" });
  expect({ status: any.status, stdout: JSON.parse(any.stdout) }).toEqual({
    status: 0,
    stdout: { said: `it's "quoted" \\ $HOME \`x\`` },
  });
  const own = spawnSync(fake.binary, ["show"], { cwd: stackDir("rds-autotag"), encoding: "utf8" });
  expect([own.status, own.stdout, own.stderr]).toEqual([3, "plain\ntext", "Error: 'boom'\n"]);
  const unscripted = spawnSync(fake.binary, ["init"], { cwd: stackDir("x"), encoding: "utf8" });
  expect([unscripted.status, unscripted.stdout]).toEqual([0, ""]);
  expect(fake.calls().map(({ stack, args }) => ({ stack, args }))).toEqual([
    { stack: "ec2", args: ["show", "-json", odd] },
    { stack: "rds-autotag", args: ["show"] },
    { stack: "x", args: ["init"] },
  ]);
});

test("-chdir runs in that folder (an error when it is missing); a plan that succeeds saves its -out file", () => {
  const fake = fakeTerraform({ drifted: { plan: { code: 2 } }, failing: { plan: { code: 1 } } });
  const parent = path.dirname(stackDir("drifted"));
  fs.mkdirSync(path.join(parent, "failing"));
  const plan = (stack: string, ...flags: string[]) =>
    spawnSync(fake.binary, [`-chdir=${stack}`, "plan", ...flags, "-out=p.tfplan"], { cwd: parent }).status;
  expect(plan("drifted")).toBe(2);
  expect(fs.existsSync(path.join(parent, "drifted", "p.tfplan"))).toBe(false);
  expect(plan("drifted", "-detailed-exitcode")).toBe(2);
  expect(fs.readFileSync(path.join(parent, "drifted", "p.tfplan"), "utf8")).toBe("fake plan of drifted");
  expect(plan("failing")).toBe(1);
  expect(fs.existsSync(path.join(parent, "failing", "p.tfplan"))).toBe(false);
  const missing = spawnSync(fake.binary, ["-chdir=nowhere", "plan"], { cwd: parent, encoding: "utf8" });
  expect([missing.status, missing.stderr]).toEqual([
    1,
    "Error handling -chdir option: chdir nowhere: no such file or directory\n",
  ]);
  expect(fake.calls().map((call) => call.cwd)).toEqual([
    path.join(parent, "drifted"),
    path.join(parent, "drifted"),
    path.join(parent, "failing"),
  ]);
});

test("state push keeps the state, state pull returns it (or the script's answer); version answers like terraform", () => {
  const fake = fakeTerraform({ scripted: { "state pull": { stdout: '{"serial":9}' } } });
  const dir = stackDir("pushed");
  const state = path.join(dir, "local.tfstate");
  fs.writeFileSync(state, '{"serial":3,"lineage":"l"}');
  const run = (cwd: string, ...args: string[]) => spawnSync(fake.binary, args, { cwd, encoding: "utf8" });
  expect(run(dir, "state", "pull").stdout).toBe("");
  expect(run(dir, "state", "push", "-force", state).status).toBe(0);
  expect(run(dir, "state", "pull").stdout).toBe('{"serial":3,"lineage":"l"}');
  expect(fake.remoteState("pushed")).toEqual({ serial: 3, lineage: "l" });
  expect(run(stackDir("scripted"), "state", "pull").stdout).toBe('{"serial":9}');
  expect(JSON.parse(run(dir, "version", "-json").stdout)).toEqual({ terraform_version: "1.11.4" });
  expect(run(dir, "version").stdout).toBe("Terraform v1.11.4\non linux_amd64\n");
});
