import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { loadConfig, PROJECT_ROOT } from "../../stacks/config/load";
import { closest } from "../../stacks/core/checks";
import { ConfigError, type ConfigProblem } from "../../stacks/core/errors";
import { tempDir } from "../support/temp";

// The typos a new user made (issue #13): each was accepted with exit 0, now each is one clear error.

const CONTEXT = {
  environment: "dev",
  environments: { dev: {}, staging: {}, prod: {} },
};

function problemsOf(sources: Parameters<typeof loadConfig>[0]): ConfigProblem[] {
  try {
    loadConfig(sources);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

function onlyProblem(sources: Parameters<typeof loadConfig>[0]): string {
  const problems = problemsOf(sources);
  expect(problems).toHaveLength(1);
  return new ConfigError(problems).message;
}

const withAccount = { accountId: "111122223333" };

test("a misspelt key inside an environment is named with its environment, with a suggestion", () => {
  const context = { ...CONTEXT, environments: { ...CONTEXT.environments, staging: { logRetentionDay: 90 } } };
  expect(onlyProblem({ context, env: { INTEGRATIONS_CONFIG: JSON.stringify(withAccount) } })).toMatch(
    /integrations\.environments\.staging\.logRetentionDay = 90: unknown setting; .*Did you mean "logRetentionDays"\?/,
  );
});

test.each([
  ["regoin", "region"],
  ["Region", "region"],
  ["stack", "stacks"],
])("INTEGRATIONS_CONFIG.%s is refused as a typo of %s", (typo, meant) => {
  const message = onlyProblem({
    context: CONTEXT,
    env: { INTEGRATIONS_CONFIG: JSON.stringify({ [typo]: {} }) },
  });
  expect(message).toContain(`INTEGRATIONS_CONFIG.${typo} = {}: unknown setting;`);
  expect(message).toContain(`Did you mean "${meant}"?`);
});

test("environments inside INTEGRATIONS_CONFIG are refused, saying where environments are declared", () => {
  const config = { environments: { prod: { region: "eu-west-1" } } };
  expect(onlyProblem({ context: CONTEXT, env: { INTEGRATIONS_CONFIG: JSON.stringify(config) } })).toMatch(
    /INTEGRATIONS_CONFIG\.environments = .*: not here: environments are declared in cdktf\.json/,
  );
});

test("--env=prod selects prod, like --env prod", () => {
  const context = { ...CONTEXT, environments: { ...CONTEXT.environments, prod: withAccount } };
  expect(loadConfig({ context, argv: ["--env=prod"] }).environment).toBe("prod");
  expect(loadConfig({ context, argv: ["--env", "prod"] }).environment).toBe("prod");
});

test("unknown flags and positional arguments are refused, each named", () => {
  const problems = problemsOf({ context: CONTEXT, argv: ["--evn", "prod", "--dry-run"] });
  expect(problems.map((p) => p.field)).toEqual(["--evn", "argument prod", "--dry-run"]);
  expect(new ConfigError(problems).message).toContain("only --env <name>");
});

test("environments.prod.acountId is named as the typo, not reported as a missing accountId", () => {
  const context = {
    ...CONTEXT,
    environments: { ...CONTEXT.environments, prod: { acountId: "111122223333" } },
  };
  expect(onlyProblem({ context, argv: ["--env", "prod"] })).toMatch(
    /integrations\.environments\.prod\.acountId = "111122223333": unknown setting; .*Did you mean "accountId"\?/,
  );
});

test("a typo in another environment's section is reported, and does not hide this environment's missing accountId", () => {
  const context = {
    ...CONTEXT,
    environments: { ...CONTEXT.environments, staging: { acountId: "111122223333" } },
  };
  const fields = problemsOf({ context, argv: ["--env", "prod"] }).map((p) => p.field);
  expect(fields).toEqual(["integrations.environments.staging.acountId", "accountId"]);
});

test("an unknown stack id is reported as an unknown stack, with the stack it most likely meant", () => {
  const config = { stacks: { "ec2-state-to-kinesys": {} } };
  expect(onlyProblem({ context: CONTEXT, env: { INTEGRATIONS_CONFIG: JSON.stringify(config) } })).toMatch(
    /stacks\.ec2-state-to-kinesys = \{\}: unknown stack; known stacks are state-backend, .*Did you mean "ec2-state-to-kinesis"\?/,
  );
});

test("a bad accountId is reported once, as itself", () => {
  expect(
    onlyProblem({ context: CONTEXT, argv: ["--env", "prod"], env: { INTEGRATIONS_ACCOUNT_ID: "12345" } }),
  ).toMatch(/accountId = "12345": a 12-digit AWS account id/);
});

test("malformed JSON in INTEGRATIONS_CONFIG is reported with its position", () => {
  expect(onlyProblem({ context: CONTEXT, env: { INTEGRATIONS_CONFIG: '{"region": }' } })).toMatch(
    /INTEGRATIONS_CONFIG = .*: a JSON object; the JSON is malformed at line 1, column 12 \(offset 11\): ValueExpected/,
  );
  expect(
    onlyProblem({ context: CONTEXT, env: { INTEGRATIONS_CONFIG: '{\n  "region": "eu-west-1",\n}' } }),
  ).toMatch(/malformed at line 3, column 1 \(offset 27\)/);
});

test("a refused command line leaves no cdktf.out/stacks behind", () => {
  const outdir = tempDir("refused-synth");
  const result = spawnSync("node", ["scripts/synth.js", "--env=dev", "--bogus"], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    encoding: "utf8",
  });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain("--bogus = true: an option synth knows: only --env <name>");
  expect(fs.readdirSync(outdir)).toEqual([]);
}, 60_000);

test("a suggestion is only offered for a likely typo", () => {
  expect(closest("Region", ["region", "prefix"])).toBe("region");
  expect(closest("regoin", ["region", "prefix"])).toBe("region");
  expect(closest("colour", ["region", "prefix"])).toBeUndefined();
});
