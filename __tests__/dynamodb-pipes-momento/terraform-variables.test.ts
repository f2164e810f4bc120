import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { prepareOfflineWorkspace } from "../../scripts/lib/offline-terraform";
import { offlineToolingOrSkip } from "../support/offline-tooling";
import { synthesize } from "../support/synth";
import { tempDir } from "../support/temp";

// Real Terraform evaluates the variables' validation and redaction, in a private copy of the offline stack.
// Skipped, like the offline-plan group, when terraform or its providers are missing.
const tooling = offlineToolingOrSkip("dynamodb-pipes-momento/terraform-variables");
const STACK = "dynamodb-pipes-momento";
const KEY = "momento-key-MARKER-2b81e4";
const GOOD_ENDPOINT = "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com";
const TIMEOUT = 180_000;

(tooling ? describe : describe.skip)(`${STACK}: Terraform checks its variables`, () => {
  let workDir = "";
  let variablesDir = "";
  let env: NodeJS.ProcessEnv = {};

  const terraform = (cwd: string, args: string[]) => {
    const binary = tooling?.terraform ?? "terraform";
    const run = spawnSync(binary, args, { cwd, env, encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };
  const plan = (cwd: string, key: string, endpoint: string) =>
    terraform(cwd, [
      "plan",
      "-input=false",
      "-lock=false",
      "-no-color",
      "-var",
      `momento_api_key=${key}`,
      "-var",
      `momento_http_endpoint=${endpoint}`,
    ]);

  beforeAll(() => {
    if (!tooling) return;
    const root = tempDir("momento-vars");
    synthesize({ stacks: [STACK], offline: true, outdir: path.join(root, "out") });
    const workspace = prepareOfflineWorkspace(
      tooling,
      path.join(root, "out", "stacks", STACK),
      path.join(root, "work"),
    );
    workDir = workspace.workDir;
    env = workspace.env;
    // The stack's own variable blocks, alone: Terraform checks a refused value before any provider starts
    // there just as in the whole stack, in a tenth of a second instead of an AWS provider start.
    variablesDir = path.join(root, "variables");
    fs.mkdirSync(variablesDir);
    fs.writeFileSync(
      path.join(variablesDir, "cdk.tf.json"),
      JSON.stringify({ variable: (workspace.stackJson as { variable: unknown }).variable }, null, 2),
    );
  }, TIMEOUT);

  // The pattern itself is tested value by value in stack.test.ts; these prove Terraform applies it.
  test.each(["http://api.cache.cell-us-east-1-1.prod.a.momentohq.com", `${GOOD_ENDPOINT}/`])(
    "refuses the endpoint %j before planning anything",
    (endpoint) => {
      const { status, output } = plan(variablesDir, KEY, endpoint);
      expect(status).not.toBe(0);
      expect(output).toContain("Invalid value for variable");
      expect(output).toContain("momento_http_endpoint must be an https:// URL");
      expect(output).not.toContain(KEY);
    },
    TIMEOUT,
  );

  test(
    "plans with a valid endpoint and shows the key only as (sensitive value)",
    () => {
      const { status, output } = plan(workDir, KEY, GOOD_ENDPOINT);
      expect({ status, output: status === 0 ? "" : output }).toEqual({ status: 0, output: "" });
      // The endpoint reaches the workflow role's states:HTTPEndpoint condition.
      expect(output).toContain(
        `"${GOOD_ENDPOINT}/topics/momento-eventbridge-cache/momento-eventbridge-topic"`,
      );
      expect(output).toMatch(/value\s+= \(sensitive value\)/);
      expect(output).not.toContain(KEY);
    },
    TIMEOUT,
  );
});
