import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { planOutdir } from "../../scripts/lib/stack-ops";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { STACK_IDS } from "../../stacks/registry";

// The workflow cannot run here; these checks keep it consistent with the project it drives.

interface Step {
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  uses?: string;
  with?: Record<string, unknown>;
  environment?: string;
  permissions?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency?: { "cancel-in-progress": boolean };
  jobs: Record<string, Job>;
}

const read = (name: string) =>
  parse(fs.readFileSync(path.join(PROJECT_ROOT, ".github", "workflows", name), "utf8")) as Workflow;
const main = read("integrations.yml");
const deploy = read("deploy.yml");
const scripts = Object.keys(
  JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts,
);

const runs = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap((job) => (job.steps ?? []).map((step) => step.run ?? ""));

test("every npm script the workflows call exists", () => {
  const called = [...runs(main), ...runs(deploy)].flatMap((run) =>
    [...run.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]),
  );
  expect(called.length).toBeGreaterThan(0);
  for (const script of called) expect(scripts).toContain(script);
});

test("pull requests run the same checks as .ci/run, with the offline Terraform checks required", () => {
  const check = runs(main).join("\n");
  for (const command of ["npm ci", "npm run typecheck", "npm run lint", "npm test"])
    expect(check).toContain(command);
  const test = main.jobs.check?.steps?.find((s) => s.run === "npm test") as Step & {
    env?: Record<string, string>;
  };
  expect(test.env?.CI).toBe("true");
});

test("the plan uses OIDC when a role is configured and plans offline otherwise, then comments", () => {
  const plan = main.jobs.plan as Job;
  expect(plan.permissions).toMatchObject({ "id-token": "write", "pull-requests": "write" });
  const steps = plan.steps ?? [];
  expect(steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"))?.if).toBe(
    "vars.AWS_PLAN_ROLE_ARN != ''",
  );
  expect(steps.find((s) => s.run?.includes("npm run plan:offline"))?.if).toBe("vars.AWS_PLAN_ROLE_ARN == ''");
  const comment = steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment"));
  expect(comment?.with?.path).toBe("plans/summary.md");
  // A failed plan is the one a reviewer most needs to see; saved plans (secrets in clear) never leave the runner.
  expect(comment?.if).toBe("${{ !cancelled() }}");
  const upload = steps.find((s) => s.uses?.startsWith("actions/upload-artifact"));
  expect(String(upload?.with?.path).trim().split("\n")).toEqual(["plans/summary.md", "plans/summary.json"]);
});

test("main deploys staging, then prod, each in its GitHub Environment (where prod's approval lives)", () => {
  expect(main.jobs["deploy-staging"]).toMatchObject({
    uses: "./.github/workflows/deploy.yml",
    with: { environment: "staging" },
  });
  expect(main.jobs["deploy-prod"]).toMatchObject({ needs: "deploy-staging", with: { environment: "prod" } });
  expect(deploy.jobs.deploy?.environment).toBe("${{ inputs.environment }}");
});

test("deploys go stack by stack through every integration stack (state-backend is bootstrapped by hand)", () => {
  const loop = runs(deploy).find((run) => run.includes("for stack in")) ?? "";
  const listed = /for stack in ([^;]+);/.exec(loop)?.[1]?.trim().split(/\s+/);
  expect(listed).toEqual(STACK_IDS.filter((id) => id !== "state-backend"));
  // From the folder npm run plan synthesized and initialized (stack-ops planOutdir), never cdktf.out.
  expect(loop).toContain(
    'terraform -chdir="plans/.synth/${INTEGRATIONS_ENV}/stacks/${stack}" apply -input=false "$PWD/plans/${stack}.tfplan"',
  );
  expect(path.relative(PROJECT_ROOT, planOutdir("prod"))).toBe(path.join("plans", ".synth", "prod"));
});

test("a run that may be applying is never cancelled, and the default token is read-only", () => {
  expect(main.concurrency?.["cancel-in-progress"]).toBe(false);
  expect(main.permissions).toEqual({ contents: "read" });
});

test("every deploy step after the notice waits for a configured deploy role", () => {
  const [notice, ...rest] = deploy.jobs.deploy?.steps ?? [];
  expect(notice?.if).toBe("vars.AWS_DEPLOY_ROLE_ARN == ''");
  for (const step of rest) expect(step.if).toBe("vars.AWS_DEPLOY_ROLE_ARN != ''");
});
