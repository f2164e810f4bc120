import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { summaryMarkdown } from "../../scripts/lib/plan-summary";
import {
  detectDrift,
  driftExitCode,
  driftLine,
  migrateState,
  type OpsContext,
  planStacks,
  stacksFromArgs,
  synthesizeForOps,
} from "../../scripts/lib/stack-ops";
import { PROJECT_ROOT } from "../../stacks/config/load";
import type { StackId } from "../../stacks/config/stack-ids";
import { type FakeScript, fakeTerraform } from "../support/fake-terraform";
import { testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

const STACKS: StackId[] = ["ec2-state-to-kinesis", "rds-autotag"];

function context(script: FakeScript, overrides: Record<string, unknown> = {}) {
  const fake = fakeTerraform(script);
  const outdir = tempDir("ops");
  const ops: OpsContext = {
    config: testConfig(overrides),
    outdir,
    stacks: STACKS,
    terraform: fake.binary,
    env: fake.env,
  };
  synthesizeForOps(ops);
  return { ops, fake };
}

const change = (address: string, actions: string[], previous?: string) => ({
  address,
  previous_address: previous,
  change: { actions },
});

describe("stack arguments", () => {
  test("no names means every stack; names are checked; --env values are not stacks", () => {
    expect(stacksFromArgs(["--env", "prod"])).toContain("state-backend");
    expect(stacksFromArgs(["rds-autotag", "--env", "prod"])).toEqual(["rds-autotag"]);
    expect(() => stacksFromArgs(["rds"])).toThrow(/Unknown stack rds; stacks are state-backend, /);
  });
});

describe("npm run plan", () => {
  test("plans each stack into its own plan file and summarizes adds, changes, replacements, destroys and moves", async () => {
    const { ops, fake } = context({
      "ec2-state-to-kinesis": {
        show: {
          stdout: {
            resource_changes: [
              change("aws_kinesis_stream.stream", ["delete", "create"]),
              change("aws_sqs_queue.rule-dlq_queue", ["no-op"], "aws_sqs_queue.dlq_queue"),
              change("aws_cloudwatch_event_rule.rule", ["update"]),
            ],
          },
        },
      },
      "rds-autotag": { init: { code: 1, stderr: "Error: Failed to get existing workspaces: AccessDenied" } },
    });
    const planDir = tempDir("plans");
    const outcomes = await planStacks(ops, planDir);

    expect(outcomes[0]).toEqual({
      stack: "ec2-state-to-kinesis",
      ok: true,
      planFile: path.join(planDir, "ec2-state-to-kinesis.tfplan"),
      summary: {
        add: 1,
        change: 1,
        destroy: 1,
        replace: 1,
        replaced: ["aws_kinesis_stream.stream"],
        destroyed: [],
        moved: ["aws_sqs_queue.dlq_queue -> aws_sqs_queue.rule-dlq_queue"],
      },
    });
    expect(outcomes[1]).toMatchObject({
      stack: "rds-autotag",
      ok: false,
      error: expect.stringMatching(/AccessDenied/),
    });
    const planCall = fake.calls().find((c) => c.stack === "ec2-state-to-kinesis" && c.args[0] === "plan");
    expect(planCall?.args).toContain(`-out=${path.join(planDir, "ec2-state-to-kinesis.tfplan")}`);

    const markdown = summaryMarkdown("Terraform plan (dev)", outcomes);
    expect(markdown).toContain(":warning: **replace** `aws_kinesis_stream.stream`");
    expect(markdown).toContain("**This plan replaces or destroys resources: review it before merging.**");
    expect(markdown).toMatch(/\| `rds-autotag` \| – \| – \| – \| :x: rds-autotag: terraform init failed/);
  });
});

describe("npm run drift", () => {
  test("in sync, drifted and failing stacks each get one line; drift exits 2, an error exits 1", async () => {
    const { ops } = context({
      "ec2-state-to-kinesis": { plan: { code: 0 } },
      "rds-autotag": {
        plan: { code: 2 },
        show: { stdout: { resource_drift: [change("aws_lambda_function.autotag_function", ["update"])] } },
      },
    });
    const outcomes = await detectDrift(ops);
    expect(outcomes.map(driftLine)).toEqual([
      "ec2-state-to-kinesis: no drift",
      "rds-autotag: DRIFT in 1 resource(s): aws_lambda_function.autotag_function (update)",
    ]);
    expect(driftExitCode(outcomes)).toBe(2);
    expect(driftExitCode([...outcomes, { stack: "x", status: "error", error: "boom" }])).toBe(1);
    expect(driftExitCode([{ stack: "x", status: "in-sync" }])).toBe(0);
  });

  test("uses a refresh-only, detailed-exitcode plan that takes no lock", async () => {
    const { ops, fake } = context({ "*": { plan: { code: 0 } } });
    await detectDrift(ops);
    expect(fake.calls().find((c) => c.args[0] === "plan")?.args).toEqual(
      expect.arrayContaining(["-refresh-only", "-detailed-exitcode", "-lock=false"]),
    );
  });

  test("the CLI prints one line per stack and exits 2 on drift", () => {
    const fake = fakeTerraform({
      "*": { plan: { code: 0 } },
      "rds-autotag": { plan: { code: 2 }, show: { stdout: {} } },
    });
    const run = spawnSync(
      "node",
      ["--require", "tsx/cjs", "scripts/drift.ts", "ec2-state-to-kinesis", "rds-autotag"],
      {
        cwd: PROJECT_ROOT,
        env: { ...fake.env, TERRAFORM_BINARY: fake.binary },
        encoding: "utf8",
      },
    );
    expect(run.stdout.trim().split("\n")).toEqual([
      "ec2-state-to-kinesis: no drift",
      "rds-autotag: DRIFT in 0 resource(s): (see plan)",
    ]);
    expect(run.status).toBe(2);
  });
});

describe("npm run state:migrate", () => {
  const s3 = { accountId: "111122223333", backend: { type: "s3" } };
  const localState = (serial: number) => ({
    version: 4,
    terraform_version: "1.11.4",
    serial,
    lineage: `lineage-${serial}`,
    outputs: {},
    resources: [{ mode: "managed", type: "aws_sqs_queue", name: "q", instances: [] }],
  });

  test("pushes each local state to S3, checks it came back, and keeps the local copy aside", async () => {
    const { ops, fake } = context({}, s3);
    const dir = tempDir("local-state");
    fs.writeFileSync(path.join(dir, "ec2-state-to-kinesis.tfstate"), JSON.stringify(localState(7)));
    const outcomes = await migrateState(ops, dir);
    expect(outcomes).toEqual([
      {
        stack: "ec2-state-to-kinesis",
        status: "migrated",
        serial: 7,
        backup: path.join(dir, "ec2-state-to-kinesis.tfstate.migrated"),
      },
      { stack: "rds-autotag", status: "skipped", reason: expect.stringMatching(/^no local state at/) },
    ]);
    expect(fake.remoteState("ec2-state-to-kinesis")).toEqual(localState(7));
    expect(fs.existsSync(path.join(dir, "ec2-state-to-kinesis.tfstate"))).toBe(false);
    expect(fake.calls().find((c) => c.args[0] === "init")?.args).toContain("-reconfigure");
  });

  test("never overwrites state that already exists in S3", async () => {
    const { ops, fake } = context(
      { "ec2-state-to-kinesis": { "state pull": { stdout: localState(3) } } },
      s3,
    );
    const dir = tempDir("local-state");
    fs.writeFileSync(path.join(dir, "ec2-state-to-kinesis.tfstate"), JSON.stringify(localState(7)));
    const [outcome] = await migrateState({ ...ops, stacks: ["ec2-state-to-kinesis"] }, dir);
    expect(outcome).toEqual({
      stack: "ec2-state-to-kinesis",
      status: "skipped",
      reason: "the S3 backend already holds state for this stack; not overwriting it",
    });
    expect(fake.calls().some((c) => c.args[0] === "state" && c.args[1] === "push")).toBe(false);
    expect(fs.existsSync(path.join(dir, "ec2-state-to-kinesis.tfstate"))).toBe(true);
  });

  test("refuses to run while the configuration still uses local state", async () => {
    const { ops } = context({});
    await expect(migrateState(ops, os.tmpdir())).rejects.toThrow(
      /set the S3 backend in the configuration first/,
    );
  });
});
