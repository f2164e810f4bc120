import * as path from "node:path";
import { type OfflinePlanJob, planStacksOffline } from "../../scripts/lib/offline-plan-batch";
import type { OfflineStackResult } from "../../scripts/lib/offline-terraform";
import { folderHasProvider, requiredProviders } from "../../scripts/lib/terraform-providers";
import { STACK_IDS as BUILT_STACK_IDS } from "../../stacks/registry";
import { ALARMS_UPGRADE_PLAN_GROUP } from "../dynamodb-pipes-momento/alarms-upgrade.plan";
import { ENCRYPTION_PLAN_GROUPS } from "../encryption/offline-plans";
import { offlineToolingOrSkip } from "../support/offline-tooling";
import { synthesize, type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";
import { ALL_OPTIONS } from "../support/variants";
import { EXTREMES_PLAN_GROUP } from "./extremes.plan";
import type { OfflinePlanGroup } from "./plan-groups";

// Real `terraform plan` (providers from local folders only; the plan validates too) with mock
// credentials, per stack, for the default configuration and for one with every optional feature on;
// with them, in the same plan, the offline plans of other areas (GROUPS, see plan-groups.ts).
const tooling = offlineToolingOrSkip("terraform/offline-plan");
const VARIANTS: Record<string, Record<string, unknown>> = { default: {}, "all options": ALL_OPTIONS };
const GROUPS: readonly OfflinePlanGroup[] = [
  ...ENCRYPTION_PLAN_GROUPS,
  ALARMS_UPGRADE_PLAN_GROUP,
  EXTREMES_PLAN_GROUP,
];

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

/** The DLQ of ec2-state-to-kinesis as the release before its rename to rule-dlq deployed it. */
const DLQ_URL = "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-ec2-state-changes-dlq";
const PREVIOUS_EC2_STATE = previousReleaseState([
  {
    type: "aws_sqs_queue",
    name: "dlq_queue",
    attributes: {
      id: DLQ_URL,
      url: DLQ_URL,
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
    attributes: { id: DLQ_URL, queue_url: DLQ_URL, policy: "{}" },
  },
]);
/** The key of the plan of the default ec2-state-to-kinesis against PREVIOUS_EC2_STATE. */
const UPGRADE = "upgrade/ec2-state-to-kinesis";

if (tooling) {
  const available = tooling;
  const results = new Map<string, OfflineStackResult>();
  const synthesized = new Map<string, TerraformJson>();

  // Every stack of every variant, the upgrade of ec2-state-to-kinesis (the default stack again, as a
  // module of its own, against the previous release's state) and the groups' stacks, in one plan: one
  // Terraform start.
  beforeAll(async () => {
    const root = tempDir("offline-plan");
    const jobs: OfflinePlanJob[] = [];
    for (const [variant, overrides] of Object.entries(VARIANTS)) {
      const outdir = path.join(root, variant.replace(/\W/g, "-"), "cdktf.out");
      const app = synthesize({ offline: true, outdir, config: testConfig(overrides) });
      for (const id of BUILT_STACK_IDS) {
        synthesized.set(`${variant}/${id}`, app.json(id));
        jobs.push({ key: `${variant}/${id}`, stackDir: path.join(outdir, "stacks", id) });
      }
    }
    const ec2 = jobs.find((job) => job.key === "default/ec2-state-to-kinesis") as OfflinePlanJob;
    jobs.push({ key: UPGRADE, stackDir: ec2.stackDir, state: PREVIOUS_EC2_STATE });
    GROUPS.forEach((group, i) => {
      for (const job of group.jobs(path.join(root, `group-${i}`)))
        jobs.push({ ...job, key: `${group.name}/${job.key}` });
    });
    for (const [key, result] of await planStacksOffline(available, jobs, path.join(root, "work")))
      results.set(key, result);
  }, 900_000);

  describe(`terraform ${available.version}: init, validate and plan every stack offline`, () => {
    const cases = Object.keys(VARIANTS).flatMap((variant) =>
      BUILT_STACK_IDS.map((id) => [variant, id] as const),
    );

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

  describe("moved blocks carry deployed resources to their new addresses", () => {
    test("ec2-state-to-kinesis: the DLQ renamed from dlq to rule-dlq is moved, not replaced", () => {
      const summary = results.get(UPGRADE)?.summary;
      expect([...(summary?.moved ?? [])].sort()).toEqual([
        "aws_sqs_queue.dlq_queue -> aws_sqs_queue.rule-dlq_queue",
        "aws_sqs_queue_policy.dlq_policy -> aws_sqs_queue_policy.rule-dlq_policy",
      ]);
      expect(summary?.replaced).toEqual([]);
      expect(summary?.destroyed).toEqual([]);
    });
  });

  for (const group of GROUPS) group.tests((key) => results.get(`${group.name}/${key}`));
}
