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

/** The state of stack "d" before an upgrade: a queue at its old address and a topic since removed. */
function previousState() {
  const resource = (type: string, name: string, attributes: Record<string, unknown>) => ({
    mode: "managed",
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes }],
  });
  const url = "https://sqs.us-east-1.amazonaws.com/123456789012/old";
  return {
    version: 4,
    terraform_version: "1.10.0",
    serial: 3,
    lineage: "0d9c1b7e-plan-batch",
    outputs: {},
    resources: [
      resource("aws_sqs_queue", "old", {
        id: url,
        url,
        name: "old",
        arn: "arn:aws:sqs:us-east-1:123456789012:old",
        fifo_queue: false,
        sqs_managed_sse_enabled: true,
        tags_all: { stack: "c" },
      }),
      resource("aws_sns_topic", "gone", {
        id: "arn:aws:sns:us-east-1:123456789012:gone",
        arn: "arn:aws:sns:us-east-1:123456789012:gone",
        name: "gone",
      }),
    ],
  };
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
        // A job with a state of its own, addresses as the stack alone has them: a queue a moved block
        // renamed, and a topic no longer configured (destroyed by the stack's own provider configuration).
        {
          key: "c upgraded",
          stackDir: stack(root, "d", { aws_sqs_queue: { renamed: { name: "old" } } }, { stack: "c" }),
          state: previousState(),
        },
      ];
      const upgraded = path.join(jobs[3]?.stackDir as string, "cdk.tf.json");
      const json = JSON.parse(fs.readFileSync(upgraded, "utf8"));
      fs.writeFileSync(
        upgraded,
        JSON.stringify({ ...json, moved: [{ from: "aws_sqs_queue.old", to: "aws_sqs_queue.renamed" }] }),
      );
      const work = path.join(root, "work");
      const results = await planStacksOffline(available, jobs, work);
      expect(Object.fromEntries([...results].map(([key, r]) => [key, r.summary.add]))).toEqual({
        a: 2,
        "same tags as a": 1,
        c: 1,
        "c upgraded": 0,
      });
      expect(results.get("c upgraded")?.summary).toMatchObject({
        destroyed: ["aws_sns_topic.gone"],
        moved: ["aws_sqs_queue.old -> aws_sqs_queue.renamed"],
        replaced: [],
      });
      const changes = results.get("c upgraded")?.changes.map((c) => [c.address, c.change.actions]);
      expect(changes?.sort()).toEqual([
        ["aws_sns_topic.gone", ["delete"]],
        // In place: the seeded state holds only some of the queue's attributes.
        ["aws_sqs_queue.renamed", ["update"]],
      ]);
      // No text per stack in a batch: a test that reads it is told to plan alone, not given "".
      expect(() => results.get("a")?.planText).toThrow(/plan the stack alone/);
      const main = JSON.parse(fs.readFileSync(path.join(work, "main.tf.json"), "utf8"));
      expect(main.provider.aws).toHaveLength(2);
      expect(Object.values(main.module).map((m) => (m as TerraformJson).providers.aws)).toEqual([
        expect.any(String),
        (Object.values(main.module)[0] as TerraformJson).providers.aws,
        expect.not.stringMatching((Object.values(main.module)[0] as TerraformJson).providers.aws),
        (Object.values(main.module)[2] as TerraformJson).providers.aws,
      ]);
      // Only the seeded job's module holds state, each resource with the configuration the stack passes.
      const c = main.module.s2_c.providers.aws.replace(/^aws\./, "");
      const state = JSON.parse(fs.readFileSync(path.join(work, "terraform.tfstate"), "utf8"));
      expect(state.resources.map((r: TerraformJson) => [r.module, r.type, r.provider])).toEqual([
        ["module.s3_c_upgraded", "aws_sqs_queue", `provider["registry.terraform.io/hashicorp/aws"].${c}`],
        ["module.s3_c_upgraded", "aws_sns_topic", `provider["registry.terraform.io/hashicorp/aws"].${c}`],
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
