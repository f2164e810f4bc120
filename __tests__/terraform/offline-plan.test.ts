import * as path from "node:path";
import { planStacksOffline } from "../../scripts/lib/offline-plan-batch";
import { type OfflineStackResult, planStackOffline } from "../../scripts/lib/offline-terraform";
import { folderHasProvider, requiredProviders } from "../../scripts/lib/terraform-providers";
import { STACK_IDS as BUILT_STACK_IDS } from "../../stacks/registry";
import { offlineToolingOrSkip } from "../support/offline-tooling";
import { synthesize, type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";
import { ALL_OPTIONS } from "../support/variants";

// Real `terraform plan` (providers from local folders only; the plan validates too) with mock
// credentials, per stack, for the default configuration and for one with every optional feature on.
const tooling = offlineToolingOrSkip("terraform/offline-plan");
const VARIANTS: Record<string, Record<string, unknown>> = { default: {}, "all options": ALL_OPTIONS };

if (tooling) {
  const available = tooling;
  describe(`terraform ${available.version}: init, validate and plan every stack offline`, () => {
    const results = new Map<string, OfflineStackResult>();
    const synthesized = new Map<string, TerraformJson>();
    const cases = Object.keys(VARIANTS).flatMap((variant) =>
      BUILT_STACK_IDS.map((id) => [variant, id] as const),
    );

    beforeAll(async () => {
      const root = tempDir("offline-plan");
      const jobs: { key: string; stackDir: string }[] = [];
      for (const [variant, overrides] of Object.entries(VARIANTS)) {
        const outdir = path.join(root, variant.replace(/\W/g, "-"), "cdktf.out");
        const app = synthesize({ offline: true, outdir, config: testConfig(overrides) });
        for (const id of BUILT_STACK_IDS) {
          synthesized.set(`${variant}/${id}`, app.json(id));
          jobs.push({ key: `${variant}/${id}`, stackDir: path.join(outdir, "stacks", id) });
        }
      }
      // Every stack of every variant in one plan (one Terraform start), split back per stack.
      for (const [key, result] of await planStacksOffline(available, jobs, path.join(root, "work")))
        results.set(key, result);
    }, 900_000);

    test.each(cases)("%s: %s plans every resource as a create", (variant, id) => {
      const result = results.get(`${variant}/${id}`);
      expect(result).toBeDefined();
      const resources = Object.values(synthesized.get(`${variant}/${id}`)?.resource ?? {}).reduce(
        (sum: number, byName) => sum + Object.keys(byName as object).length,
        0,
      );
      expect(result?.summary).toMatchObject({ add: resources, change: 0, destroy: 0 });
    });

    test("offline mode never asks AWS who the caller is", () => {
      for (const [key, json] of synthesized) {
        expect({ key, callerIdentity: json.data?.aws_caller_identity }).toEqual({
          key,
          callerIdentity: undefined,
        });
      }
    });

    test("archive_file is stood in only when hashicorp/archive could not be installed, and says so", () => {
      for (const [key, json] of synthesized) {
        const archive = requiredProviders(json).archive;
        const hasArchive =
          archive !== undefined && available.providerDirs.some((dir) => folderHasProvider(dir, archive));
        const archives = Object.keys(json.data?.archive_file ?? {});
        const standIns = results.get(key)?.standIns.map((s) => s.address) ?? [];
        expect({ key, standIns }).toEqual({
          key,
          standIns: hasArchive ? [] : archives.map((a) => `data.archive_file.${a}`),
        });
      }
    });
  });
}

/** A Terraform state holding resources at the addresses an earlier release gave them. */
function previousReleaseState(
  resources: { type: string; name: string; attributes: Record<string, unknown> }[],
) {
  return {
    version: 4,
    terraform_version: "1.10.0",
    serial: 1,
    lineage: "6f1c2d9e-3b7a-4c55-9f0e-2a8d4e7b1c30",
    outputs: {},
    resources: resources.map(({ type, name, attributes }) => ({
      mode: "managed",
      type,
      name,
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [{ schema_version: 0, attributes }],
    })),
  };
}

if (tooling) {
  const available = tooling;
  describe("moved blocks carry deployed resources to their new addresses", () => {
    test("ec2-state-to-kinesis: the DLQ renamed from dlq to rule-dlq is moved, not replaced", async () => {
      const root = tempDir("upgrade-plan");
      const app = synthesize({
        offline: true,
        outdir: path.join(root, "cdktf.out"),
        stacks: ["ec2-state-to-kinesis"],
      });
      const url = "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-ec2-state-changes-dlq";
      const state = previousReleaseState([
        {
          type: "aws_sqs_queue",
          name: "dlq_queue",
          attributes: {
            id: url,
            url,
            arn: "arn:aws:sqs:us-east-1:123456789012:integ-dev-ec2-state-changes-dlq",
            name: "integ-dev-ec2-state-changes-dlq",
            fifo_queue: false,
            sqs_managed_sse_enabled: true,
            message_retention_seconds: 1209600,
          },
        },
        {
          type: "aws_sqs_queue_policy",
          name: "dlq_policy",
          attributes: { id: url, queue_url: url, policy: "{}" },
        },
      ]);
      const result = await planStackOffline(
        available,
        path.join(app.outdir, "stacks", "ec2-state-to-kinesis"),
        path.join(root, "work"),
        { state },
      );
      expect(result.summary.moved).toEqual([
        "aws_sqs_queue.dlq_queue -> aws_sqs_queue.rule-dlq_queue",
        "aws_sqs_queue_policy.dlq_policy -> aws_sqs_queue_policy.rule-dlq_policy",
      ]);
      expect(result.summary.replaced).toEqual([]);
      expect(result.summary.destroyed).toEqual([]);
    }, 120_000);
  });
}
