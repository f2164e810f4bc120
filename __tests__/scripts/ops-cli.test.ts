import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type FakeScript, fakeTerraform } from "../support/fake-terraform";
import { type ProjectCopy, projectCopy } from "../support/project-copy";

// The scripts as a user runs them, in a copy of the project (they write plans/ and state/ under
// their project root), against the scripted fake terraform.

let project: ProjectCopy;
beforeAll(() => {
  project = projectCopy();
});
afterAll(() => project.remove());

function run(script: string, args: string[], fakeScript: FakeScript = {}) {
  const fake = fakeTerraform(fakeScript);
  const result = spawnSync("node", ["scripts/bundled.js", `scripts/${script}.ts`, ...args], {
    cwd: project.root,
    env: { ...fake.env, TERRAFORM_BINARY: fake.binary, CHECKPOINT_DISABLE: "1" },
    encoding: "utf8",
  });
  return { ...result, fake };
}

const read = (relative: string) => fs.readFileSync(path.join(project.root, relative), "utf8");

test("drift prints one line per stack and exits 2 on drift, synthesizing into a scratch folder it removes", () => {
  const drift = run("drift", ["ec2-state-to-kinesis", "rds-autotag"], {
    "*": { plan: { code: 0 } },
    "rds-autotag": { plan: { code: 2 }, show: { stdout: {} } },
  });
  expect(drift.stdout.trim().split("\n")).toEqual([
    "ec2-state-to-kinesis: no drift",
    "rds-autotag: DRIFT in 0 resource(s): (see plan)",
  ]);
  expect(drift.status).toBe(2);
  const workdirs = new Set(drift.fake.calls().map((c) => c.cwd));
  expect(
    [...workdirs].every((dir) => dir.startsWith(path.join(project.root, "plans", ".synth", "drift-dev-"))),
  ).toBe(true);
  expect(project.files("cdktf.out")).toEqual([]);
  expect(project.files("plans/.synth")).toEqual([]);
}, 60_000);

// The same stacks as above: the synth cache serves this run's synth.
test("drift exits 1 and prints Terraform's error under the stack when a stack cannot be checked", () => {
  const drift = run("drift", ["ec2-state-to-kinesis", "rds-autotag"], {
    "*": { plan: { code: 0 } },
    "rds-autotag": {
      plan: {
        code: 1,
        stderr: "\nError: No valid credential sources found\n\nPlease see the provider docs.\n",
      },
    },
  });
  expect(drift.status).toBe(1);
  expect(drift.stdout).toBe(
    "ec2-state-to-kinesis: no drift\n" +
      "rds-autotag: ERROR terraform plan failed (exit 1): Error: No valid credential sources found\n",
  );
  expect(drift.stderr).toContain(
    "rds-autotag:\n    Error: No valid credential sources found\n\n    Please see the provider docs.",
  );
}, 60_000);

test("plan synthesizes into plans/.synth/<env>, never cdktf.out, and summary.md matches the plan files left", () => {
  fs.mkdirSync(path.join(project.root, "plans"), { recursive: true });
  fs.writeFileSync(path.join(project.root, "plans", "event-rule-targets.tfplan"), "from an earlier run");
  const plan = run("plan", ["ec2-state-to-kinesis", "rds-autotag"], {
    "*": { show: { stdout: { resource_changes: [] } } },
    "rds-autotag": {
      plan: { code: 1, stderr: '\nError: No value for required variable\n\nThe variable "x" is not set.\n' },
    },
  });
  expect(plan.status).toBe(1);
  expect(plan.stdout).toContain("ec2-state-to-kinesis: 0 to add, 0 to change, 0 to destroy\n");
  expect(plan.stdout).toContain(
    "rds-autotag: ERROR terraform plan failed (exit 1): Error: No value for required variable\n",
  );
  expect(plan.stdout).toContain("event-rule-targets: not run (not selected in this run)\n");
  expect(plan.stderr).toContain(
    'rds-autotag:\n    terraform plan failed (exit 1):\n    Error: No value for required variable\n\n    The variable "x" is not set.',
  );
  expect(plan.stdout).toContain(
    'terraform -chdir=plans/.synth/dev/stacks/ec2-state-to-kinesis apply "$PWD/plans/ec2-state-to-kinesis.tfplan"',
  );
  expect(project.files("cdktf.out")).toEqual([]);
  expect(fs.readdirSync(path.join(project.root, "plans")).sort()).toEqual([
    ".synth",
    "ec2-state-to-kinesis.tfplan",
    "summary.json",
    "summary.md",
  ]);
  expect(
    fs.existsSync(path.join(project.root, "plans/.synth/dev/stacks/ec2-state-to-kinesis/cdk.tf.json")),
  ).toBe(true);
  expect(read("plans/summary.md")).toContain('The variable "x" is not set.');
  expect(JSON.parse(read("plans/summary.json")).outcome).toEqual({
    planned: ["ec2-state-to-kinesis"],
    errored: ["rds-autotag"],
    notRun: ["state-backend", "api-firehose-s3", "dynamodb-pipes-momento", "event-rule-targets"],
  });
}, 60_000);

test("plan with a bad configuration plans nothing and leaves no earlier plan behind", () => {
  fs.mkdirSync(path.join(project.root, "plans"), { recursive: true });
  fs.writeFileSync(path.join(project.root, "plans", "rds-autotag.tfplan"), "from an earlier run");
  const plan = run("plan", ["--env", "qa"]);
  expect(plan.status).toBe(1);
  expect(plan.stderr).toContain('environment = "qa": one of the environments declared in cdktf.json');
  expect(plan.fake.calls()).toEqual([]);
  expect(fs.readdirSync(path.join(project.root, "plans")).filter((f) => !f.startsWith("."))).toEqual([
    "summary.json",
    "summary.md",
  ]);
  expect(read("plans/summary.md")).toContain("Outcome: 0 planned, 0 errored, 6 not run.");
  expect(read("plans/summary.md")).not.toContain("No resource is replaced or destroyed");
}, 60_000);

test.each([
  ["plan", ["--evn", "prod"], /Unknown option '--evn'/],
  ["drift", ["rds-autotg"], /Unknown stack "rds-autotg"; stacks are state-backend, /],
  ["state:migrate", ["--force"], /Unknown option '--force'/],
])(
  "%s %j is refused with the usage before anything runs",
  (script, args, message) => {
    const result = run(script === "state:migrate" ? "migrate-state" : script, args);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(`Usage: npm run ${script} [-- <stack>...] [--env <name>]`);
    expect(result.fake.calls()).toEqual([]);
  },
  60_000,
);

test("--help prints the usage and exits 0 without running anything", () => {
  const help = run("plan", ["--help"]);
  expect({ status: help.status, stdout: help.stdout }).toEqual({
    status: 0,
    stdout: "Usage: npm run plan [-- <stack>...] [--env <name>] [--skip-preflight]\n",
  });
  expect(help.fake.calls()).toEqual([]);
}, 60_000);

test("state:migrate refuses a local backend before synthesizing anything", () => {
  const migrate = run("migrate-state", []);
  expect(migrate.status).toBe(1);
  expect(migrate.stderr).toContain('backend.type = "local" for environment "dev"');
  expect(migrate.fake.calls()).toEqual([]);
  expect(project.files("cdktf.out")).toEqual([]);
  expect(project.files("plans/.synth").filter((f) => f.startsWith("migrate"))).toEqual([]);
}, 60_000);
