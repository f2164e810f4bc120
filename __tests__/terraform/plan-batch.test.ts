import * as fs from "node:fs";
import * as path from "node:path";
import { planStacksOffline } from "../../scripts/lib/offline-plan-batch";
import { offlineToolingOrSkip } from "../support/offline-tooling";
import type { TerraformJson } from "../support/synth";
import { tempDir } from "../support/temp";

// planStacksOffline plans many stacks as modules of one configuration. Small hand-written stacks show
// what the harness does with them; the offline-plan and limits groups show it on every real stack.
const tooling = offlineToolingOrSkip("terraform/plan-batch");
const AWS_VERSION = require("@cdktf/provider-aws/package.json").cdktf.provider.version as string;

function stack(root: string, name: string, resource: TerraformJson, tags = { stack: name }): string {
  const dir = path.join(root, "cdktf.out", "stacks", name);
  fs.mkdirSync(dir, { recursive: true });
  const json = {
    terraform: {
      backend: { local: { path: "terraform.tfstate" } },
      required_providers: { aws: { source: "aws", version: AWS_VERSION } },
    },
    provider: {
      aws: [
        {
          default_tags: [{ tags }],
          region: "us-east-1",
          skip_credentials_validation: true,
          skip_metadata_api_check: "true",
          skip_requesting_account_id: true,
        },
      ],
    },
    resource,
  };
  fs.writeFileSync(path.join(dir, "cdk.tf.json"), JSON.stringify(json));
  return dir;
}

if (tooling) {
  const available = tooling;
  describe("several stacks in one offline plan", () => {
    test("each stack gets its own summary; identical provider configurations become one", async () => {
      const root = tempDir("plan-batch");
      const queue = (name: string) => ({ aws_sqs_queue: { queue: { name } } });
      const jobs = [
        { key: "a", stackDir: stack(root, "a", { ...queue("a"), aws_sns_topic: { topic: { name: "a" } } }) },
        { key: "same tags as a", stackDir: stack(root, "b", queue("b"), { stack: "a" }) },
        { key: "c", stackDir: stack(root, "c", queue("c")) },
      ];
      const work = path.join(root, "work");
      const results = await planStacksOffline(available, jobs, work);
      expect(Object.fromEntries([...results].map(([key, r]) => [key, r.summary.add]))).toEqual({
        a: 2,
        "same tags as a": 1,
        c: 1,
      });
      // No text per stack in a batch: a test that reads it is told to plan alone, not given "".
      expect(() => results.get("a")?.planText).toThrow(/plan the stack alone/);
      const main = JSON.parse(fs.readFileSync(path.join(work, "main.tf.json"), "utf8"));
      expect(main.provider.aws).toHaveLength(2);
      expect(Object.values(main.module).map((m) => (m as TerraformJson).providers.aws)).toEqual([
        expect.any(String),
        (Object.values(main.module)[0] as TerraformJson).providers.aws,
        expect.not.stringMatching((Object.values(main.module)[0] as TerraformJson).providers.aws),
      ]);
    }, 120_000);

    test("a stack Terraform rejects fails the plan, named by its key", async () => {
      const root = tempDir("plan-batch-error");
      const jobs = [
        { key: "fine", stackDir: stack(root, "fine", { aws_sqs_queue: { queue: { name: "q" } } }) },
        { key: "broken one", stackDir: stack(root, "broken", { aws_sqs_queue: { queue: { nmae: "q" } } }) },
      ];
      await expect(planStacksOffline(available, jobs, path.join(root, "work"))).rejects.toThrow(
        /modules\/s1_broken_one\/cdk.tf.json[\s\S]*"nmae"[\s\S]*module\.s1_broken_one: broken one/,
      );
    }, 120_000);
  });
}
