import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { STACK_IDS } from "../../stacks/registry";
import { REQUIRED_TERRAFORM_VERSION } from "../../stacks/shared/integration-stack";
import { synthesize, type TerraformJson } from "../support/synth";

// What each stack's Terraform needs from outside (its version, its variables) against what the
// workflows, the README and the runbook give it.

interface Step {
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  uses?: string;
}
interface Job {
  env?: Record<string, string>;
  steps?: Step[];
}
const workflow = (name: string) =>
  parse(fs.readFileSync(path.join(PROJECT_ROOT, ".github", "workflows", name), "utf8")) as {
    env?: Record<string, string>;
    jobs: Record<string, Job>;
  };
const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
const runbook = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "operations.md"), "utf8");

// With the shipped configuration (no momentoHttpEndpoint), as a new user deploys.
const synthesized = synthesize();
const stacks = STACK_IDS.map((id) => [id, synthesized.json(id)] as const);

/** Variables a plan cannot do without: no default in the synthesized stack. */
const requiredVariables = (stack: TerraformJson) =>
  Object.entries((stack.variable ?? {}) as Record<string, { default?: unknown; sensitive?: boolean }>)
    .filter(([, variable]) => variable.default === undefined)
    .map(([name, variable]) => ({ name, sensitive: variable.sensitive === true }));

const minimum = REQUIRED_TERRAFORM_VERSION.replace(/^>=\s*/, "");
const atLeast = (version: string, min: string) => {
  const [a, b] = [version, min].map((v) => v.split(".").map(Number));
  for (let i = 0; i < 3; i++) if ((a?.[i] ?? 0) !== (b?.[i] ?? 0)) return (a?.[i] ?? 0) > (b?.[i] ?? 0);
  return true;
};

test.each(stacks)("%s requires the Terraform version the README and the runbook name", (_id, stack) => {
  expect(stack.terraform.required_version).toBe(REQUIRED_TERRAFORM_VERSION);
  const short = minimum.replace(/\.0$/, "");
  expect(readme).toContain(`Prerequisites: Node.js 20 or later. Terraform ${short} or later`);
  expect(runbook).toContain(`Terraform ${short} or later`);
});

test("the workflows install a Terraform the stacks accept", () => {
  const versions = [
    workflow("integrations.yml").env?.TERRAFORM_VERSION,
    ...Object.values(workflow("deploy.yml").jobs).flatMap((job) =>
      (job.steps ?? [])
        .filter((s) => s.uses?.startsWith("hashicorp/setup-terraform"))
        .map((s) => s.with?.terraform_version),
    ),
  ];
  expect(versions).toHaveLength(2);
  for (const version of versions) expect(atLeast(String(version), minimum)).toBe(true);
});

// Every step that runs `npm run plan` with credentials (the plan then the apply of each stack).
const planSteps = [
  ...Object.values(workflow("deploy.yml").jobs).map((job) => ({ job, where: "deploy.yml" })),
  ...Object.values(workflow("integrations.yml").jobs).map((job) => ({ job, where: "integrations.yml" })),
].flatMap(({ job, where }) =>
  (job.steps ?? [])
    .filter((step) => /npm run plan(?!:)/.test(step.run ?? ""))
    .map((step) => ({ where, run: step.run ?? "", env: { ...job.env, ...step.env } })),
);

const required = stacks.flatMap(([id, stack]) => requiredVariables(stack).map((v) => ({ ...v, stack: id })));

test("the stacks have required variables to check (momento_api_key, momento_http_endpoint)", () => {
  expect(required.map((v) => v.name).sort()).toEqual(["momento_api_key", "momento_http_endpoint"]);
  expect(planSteps.map((s) => s.where)).toEqual(["deploy.yml", "integrations.yml"]);
});

describe.each(required)("Terraform variable $name of $stack", ({ name, sensitive }) => {
  test.each(planSteps)("is passed to npm run plan in $where, only when it is set", ({ run, env }) => {
    // `[ -z "${SOURCE}" ] || export TF_VAR_<name>="${SOURCE}"`: an empty TF_VAR_ would override a default.
    const exported = new RegExp(
      `\\[ -z "\\$\\{(\\w+)\\}" \\] \\|\\| export TF_VAR_${name}="\\$\\{\\1\\}"`,
    ).exec(run);
    expect(exported).not.toBeNull();
    const source = env[exported?.[1] as string];
    expect(source).toMatch(sensitive ? /^\$\{\{ secrets\.\w+ \}\}$/ : /^\$\{\{ (vars|secrets)\.\w+ \}\}$/);
    expect(run.indexOf(`TF_VAR_${name}`)).toBeLessThan(run.indexOf("npm run plan"));
    // The README's CI section names the secret or variable to create.
    const setting = /\.(\w+) \}\}$/.exec(source ?? "")?.[1] as string;
    expect(readme).toContain(`\`${setting}\``);
  });
});
