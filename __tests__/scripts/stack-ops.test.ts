import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseScriptArgs, parseStackArgs, UsageError } from "../../scripts/lib/cli";
import { type StackPlanOutcome, summaryLines, summaryMarkdown } from "../../scripts/lib/plan-summary";
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
import { relevantErrorLines } from "../../scripts/lib/terraform";
import type { StackId } from "../../stacks/registry";
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
    expect(stacksFromArgs(["rds-autotag", "--env=prod"])).toEqual(["rds-autotag"]);
    expect(() => stacksFromArgs(["rds"])).toThrow(/Unknown stack "rds"; stacks are state-backend, /);
  });

  test("an unknown flag, a flag without its value or a stray word is an error, never ignored", () => {
    expect(() => stacksFromArgs(["--evn", "prod"])).toThrow(/Unknown option '--evn'[\s\S]*Usage: /);
    expect(() => stacksFromArgs(["--env"])).toThrow(/--env/);
    expect(() => stacksFromArgs(["--env", "--dry-run"])).toThrow(/Option '--env' argument is ambiguous/);
    expect(() => stacksFromArgs(["--env="])).toThrow(/--env needs an environment name/);
    expect(() => parseStackArgs(["rds-autotag"], "npm run audit", false)).toThrow(
      /Unexpected argument 'rds-autotag'/,
    );
    expect(parseStackArgs(["--env", "prod"], "u").configArgv).toEqual(["--env", "prod"]);
  });

  test("a script's own options: a typo or a stray word is a usage error, --help is always known", () => {
    const runs = { runs: { type: "string", default: "7" } } as const;
    expect(parseScriptArgs(["--runs", "3"], "npm run bench", runs).values).toEqual({ runs: "3" });
    expect(parseScriptArgs(["-h"], "npm run bench", runs).values.help).toBe(true);
    expect(() => parseScriptArgs(["--run", "3"], "npm run bench", runs)).toThrow(
      /Unknown option '--run'[\s\S]*Usage: npm run bench/,
    );
    expect(() => parseScriptArgs(["prod"], "npm run schema", {})).toThrow(UsageError);
  });
});

// What terraform 1.11 prints when init cannot reach the registry on a machine with no CLI config file.
const INIT_FAILURE = {
  code: 1,
  stdout:
    'Initializing the backend...\nInitializing provider plugins...\n- Finding hashicorp/aws versions matching "5.100.0"...\n',
  stderr: [
    "There are some problems with the CLI configuration:",
    "╷",
    "│ Warning: Unable to open CLI configuration file",
    "│",
    '│ The CLI configuration file at "/root/.terraformrc" does not exist.',
    "╵",
    "",
    "",
    "Error: Failed to query available provider packages",
    "",
    "Could not retrieve the list of available versions for provider hashicorp/aws:",
    "could not connect to registry.terraform.io: failed to request discovery",
    "",
  ].join("\n"),
};

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
    expect(outcomes[1]).toEqual({
      stack: "rds-autotag",
      ok: false,
      error: "terraform init failed (exit 1):\nError: Failed to get existing workspaces: AccessDenied",
    });
    const planCall = fake.calls().find((c) => c.stack === "ec2-state-to-kinesis" && c.args[0] === "plan");
    expect(planCall?.args).toContain(`-out=${path.join(planDir, "ec2-state-to-kinesis.tfplan")}`);

    const markdown = summaryMarkdown("Terraform plan (dev)", outcomes);
    expect(markdown).toContain(":warning: **replace** `aws_kinesis_stream.stream`");
    expect(markdown).toContain("**This plan replaces or destroys resources: review it before merging.**");
    expect(markdown).toContain(
      "| `rds-autotag` | :x: errored | – | – | – | terraform init failed (exit 1): Error: Failed to get existing workspaces: AccessDenied |",
    );
  });

  test("an error shows Terraform's own diagnostic, not the first line of its output", async () => {
    const { ops } = context({ "*": { init: INIT_FAILURE } });
    const planDir = tempDir("plans");
    const [outcome] = await planStacks({ ...ops, stacks: ["rds-autotag"] }, planDir);
    expect(outcome).toEqual({
      stack: "rds-autotag",
      ok: false,
      error: [
        "terraform init failed (exit 1):",
        "Error: Failed to query available provider packages",
        "",
        "Could not retrieve the list of available versions for provider hashicorp/aws:",
        "could not connect to registry.terraform.io: failed to request discovery",
      ].join("\n"),
    });
    expect(summaryLines([outcome as StackPlanOutcome])).toEqual([
      "rds-autotag: ERROR terraform init failed (exit 1): Error: Failed to query available provider packages",
    ]);
    const markdown = summaryMarkdown("Terraform plan (dev)", [outcome as StackPlanOutcome]);
    expect(markdown).toContain("could not connect to registry.terraform.io: failed to request discovery");
    expect(markdown).not.toContain("CLI configuration");
  });

  test("without any Error: diagnostic, the last lines of the output are kept", () => {
    expect(
      relevantErrorLines({ stdout: "step 1\nstep 2\n", stderr: "panic: runtime error\ngoroutine 1\n" }),
    ).toBe("panic: runtime error\ngoroutine 1\nstep 1\nstep 2");
    expect(relevantErrorLines({ stdout: "", stderr: "" })).toBe("(terraform printed nothing)");
  });

  test("plan files of earlier runs and of errored stacks are removed: every plan file left is one the summary reports", async () => {
    const { ops } = context({
      "*": { show: { stdout: {} } },
      "rds-autotag": { show: { code: 1, stderr: "Error: plan file is corrupt" } },
    });
    const planDir = tempDir("plans");
    for (const stale of ["api-firehose-s3.tfplan", "rds-autotag.tfplan", "summary.md", "summary.json"])
      fs.writeFileSync(path.join(planDir, stale), "from an earlier run");
    fs.mkdirSync(path.join(planDir, ".synth"));
    const outcomes = await planStacks(ops, planDir);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(fs.readdirSync(planDir).sort()).toEqual([".synth", "ec2-state-to-kinesis.tfplan"]);
  });
});

describe("summary.md", () => {
  const planned = (stack: string, destroyed: string[] = []): StackPlanOutcome => ({
    stack,
    ok: true,
    planFile: `${stack}.tfplan`,
    summary: { add: 0, change: 0, destroy: destroyed.length, replace: 0, replaced: [], destroyed, moved: [] },
  });
  const errored = (stack: string): StackPlanOutcome => ({
    stack,
    ok: false,
    error:
      'terraform plan failed (exit 1):\nError: No value for required variable\n\nThe root module input variable "momento_api_key" is not set',
  });

  test("leads with the outcome of every stack: planned, errored, not run", () => {
    const markdown = summaryMarkdown(
      "Terraform plan (dev)",
      [planned("rds-autotag"), errored("dynamodb-pipes-momento")],
      [{ stack: "state-backend", reason: "not selected in this run" }],
    );
    const lines = markdown.split("\n");
    expect(lines.slice(0, 9)).toEqual([
      "### Terraform plan (dev)",
      "",
      "Outcome: 1 planned, 1 errored, 1 not run.",
      "",
      "| stack | outcome | add | change | destroy | notes |",
      "|---|---|---|---|---|---|",
      "| `rds-autotag` | planned | 0 | 0 | 0 |  |",
      "| `dynamodb-pipes-momento` | :x: errored | – | – | – | terraform plan failed (exit 1): Error: No value for required variable |",
      "| `state-backend` | not run | – | – | – | not selected in this run |",
    ]);
    expect(markdown).toContain('The root module input variable "momento_api_key" is not set');
  });

  test("a run where any stack errored never says that nothing is replaced or destroyed", () => {
    for (const outcomes of [
      [errored("rds-autotag")],
      [planned("ec2-state-to-kinesis"), errored("rds-autotag")],
    ]) {
      const markdown = summaryMarkdown("Terraform plan (dev)", outcomes);
      expect(markdown).not.toMatch(/No resource is replaced or destroyed/);
      expect(markdown).toContain(
        "**:x: 1 stack errored: what it would add, change, replace or destroy is unknown.",
      );
    }
    expect(summaryMarkdown("t", [planned("rds-autotag")])).toContain(
      "\nNo resource is replaced or destroyed.\n",
    );
    expect(
      summaryMarkdown("t", [planned("rds-autotag")], [{ stack: "x", reason: "not selected" }]),
    ).toContain(
      "No resource is replaced or destroyed in the 1 stack planned; stacks not run are not covered.",
    );
    expect(summaryMarkdown("t", [planned("rds-autotag", ["aws_sqs_queue.q"])])).toContain(
      "**This plan replaces or destroys resources: review it before merging.**",
    );
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
      /backend.type = "local" for environment "dev": set "backend": \{"type": "s3"\} in its configuration first/,
    );
  });
});
