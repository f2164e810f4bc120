import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackOutputs } from "../../scripts/smoke/outputs";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { fakeTerraform } from "../support/fake-terraform";
import { testConfig } from "../support/test-config";

const ruleArn = {
  value: "arn:aws:events:us-east-1:123456789012:rule/integ-dev-ec2-state-changes",
  type: "string",
  sensitive: false,
};

test("local state is read in place with `terraform output -state`: no init, nothing written; no state means not deployed", async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-project-"));
  fs.mkdirSync(path.join(root, "state", "dev"), { recursive: true });
  fs.writeFileSync(path.join(root, "state", "dev", "ec2-state-to-kinesis.tfstate"), "{}");
  const terraform = fakeTerraform({ "*": { output: { stdout: { rule_arn: ruleArn } } } });
  const outputs = await readStackOutputs({
    config: testConfig(),
    stacks: ["ec2-state-to-kinesis", "rds-autotag"],
    terraform: terraform.binary,
    env: terraform.env,
    projectRoot: root,
  });
  expect(outputs.get("ec2-state-to-kinesis")).toEqual({ rule_arn: ruleArn.value });
  expect(outputs.get("rds-autotag")).toBeUndefined();
  expect(terraform.calls().map((call) => call.args)).toEqual([
    [
      "output",
      "-json",
      "-no-color",
      `-state=${path.join(root, "state", "dev", "ec2-state-to-kinesis.tfstate")}`,
    ],
  ]);
  expect(fs.readdirSync(path.join(root, "state", "dev"))).toEqual(["ec2-state-to-kinesis.tfstate"]);
  fs.rmSync(root, { recursive: true, force: true });
});

test("with the S3 backend each stack is synthesized into a temporary folder, initialized there and asked for its outputs", async () => {
  const terraform = fakeTerraform({
    "ec2-state-to-kinesis": { output: { stdout: { rule_arn: ruleArn } } },
    "rds-autotag": { output: { stdout: {} } },
  });
  const config = testConfig({}, { INTEGRATIONS_STATE_BUCKET: "integ-dev-tfstate-123456789012-us-east-1" });
  const before = new Set(fs.readdirSync(os.tmpdir()));
  const outputs = await readStackOutputs({
    config,
    stacks: ["ec2-state-to-kinesis", "rds-autotag"],
    terraform: terraform.binary,
    env: terraform.env,
  });
  expect(outputs.get("ec2-state-to-kinesis")).toEqual({ rule_arn: ruleArn.value });
  expect(outputs.get("rds-autotag")).toBeUndefined();
  // Each call ran in the stack's folder of a temporary synth, never the project's cdktf.out.
  const calls = terraform.calls();
  for (const call of calls) expect(call.cwd.startsWith(path.join(PROJECT_ROOT, "cdktf.out"))).toBe(false);
  expect(calls.map(({ stack, args }) => ({ stack, args }))).toEqual([
    { stack: "ec2-state-to-kinesis", args: ["init", "-input=false", "-no-color"] },
    { stack: "ec2-state-to-kinesis", args: ["output", "-json", "-no-color"] },
    { stack: "rds-autotag", args: ["init", "-input=false", "-no-color"] },
    { stack: "rds-autotag", args: ["output", "-json", "-no-color"] },
  ]);
  const leftover = fs
    .readdirSync(os.tmpdir())
    .filter((name) => name.startsWith("smoke-outputs-") && !before.has(name));
  expect(leftover).toEqual([]);
});

test("a failing terraform (no access to the state bucket) is reported with Terraform's own message", async () => {
  const terraform = fakeTerraform({
    "*": { init: { code: 1, stderr: "Error: AccessDenied: Access Denied (s3:ListBucket)" } },
  });
  const config = testConfig({}, { INTEGRATIONS_STATE_BUCKET: "integ-dev-tfstate-123456789012-us-east-1" });
  await expect(
    readStackOutputs({ config, stacks: ["rds-autotag"], terraform: terraform.binary, env: terraform.env }),
  ).rejects.toThrow(
    "rds-autotag: terraform init failed (exit 1):\nError: AccessDenied: Access Denied (s3:ListBucket)",
  );
});
