import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planStacksOffline } from "../../scripts/lib/offline-plan-batch";
import { findOfflineTooling, type OfflineStackResult } from "../../scripts/lib/offline-terraform";
import { buildApp } from "../../stacks/app";
import { auditApp } from "../../stacks/baseline/audit";
import { STACK_IDS } from "../../stacks/registry";
import { LARGEST, LARGEST_LISTS, SMALLEST } from "../support/extremes";
import { type Synthesized, synthesize, type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

// Every stack with every optional feature on and the largest allowed value of every setting, and with the
// smallest: each must pass the baseline's AWS-limit rules and a real offline terraform plan. A setting that
// passes validation must produce Terraform that AWS accepts.

const VARIANTS = { largest: LARGEST, smallest: SMALLEST } as const;

describe("the largest configuration really is at the limits", () => {
  test("pattern and environment lists are as long as AWS's limits allow, not shorter", () => {
    expect(LARGEST_LISTS.instanceIds).toBeGreaterThan(70);
    expect(LARGEST_LISTS.sourceLength).toBeGreaterThan(150);
    expect(LARGEST_LISTS.staticTags).toBeGreaterThanOrEqual(8);
  });

  test.each(Object.keys(VARIANTS))("%s: synthesizes with no baseline or limit finding", (variant) => {
    const app = synthesized(variant as keyof typeof VARIANTS);
    expect(fs.existsSync(path.join(app.outdir, "stacks", "api-firehose-s3", "cdk.tf.json"))).toBe(true);
  });
});

// Each extreme is synthesized once per file (into its own temporary folder): the synth test above and
// the offline plans below read the same output.
const synthesizedApps = new Map<keyof typeof VARIANTS, Synthesized>();
function synthesized(variant: keyof typeof VARIANTS): Synthesized {
  let app = synthesizedApps.get(variant);
  if (!app) {
    const outdir = path.join(tempDir(`extremes-${variant}`), "cdktf.out");
    app = synthesize({ outdir, offline: true, config: testConfig(VARIANTS[variant]) });
    synthesizedApps.set(variant, app);
  }
  return app;
}

const tooling = findOfflineTooling();
const required = process.env.CI === "true";

if (!tooling.available) {
  const message = `OFFLINE TERRAFORM CHECKS SKIPPED (limits extremes): ${tooling.reason}.`;
  if (required) {
    test("offline Terraform checks are required in CI", () => {
      throw new Error(message);
    });
  } else {
    console.warn(message);
    test.skip("offline plans of the extreme configurations (terraform or provider mirror missing)", () =>
      undefined);
  }
} else {
  const available = tooling;
  describe(`terraform ${available.version}: the extreme configurations plan offline`, () => {
    const results = new Map<string, OfflineStackResult>();
    const json = new Map<string, TerraformJson>();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "extremes-plan-"));

    beforeAll(async () => {
      const jobs: { key: string; stackDir: string }[] = [];
      for (const variant of Object.keys(VARIANTS) as (keyof typeof VARIANTS)[]) {
        const app = synthesized(variant);
        for (const id of STACK_IDS) {
          json.set(`${variant}/${id}`, app.json(id));
          jobs.push({ key: `${variant}/${id}`, stackDir: path.join(app.outdir, "stacks", id) });
        }
      }
      // Every stack of both extremes in one plan (one Terraform start), split back per stack.
      for (const [key, result] of await planStacksOffline(available, jobs, path.join(root, "work")))
        results.set(key, result);
    }, 1_800_000);

    afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

    test.each(Object.keys(VARIANTS).flatMap((v) => STACK_IDS.map((id) => [v, id] as const)))(
      "%s: %s plans every resource as a create",
      (variant, id) => {
        const resources = Object.values(json.get(`${variant}/${id}`)?.resource ?? {}).reduce(
          (sum: number, byName) => sum + Object.keys(byName as object).length,
          0,
        );
        expect(results.get(`${variant}/${id}`)?.summary).toMatchObject({
          add: resources,
          change: 0,
          destroy: 0,
        });
      },
    );
  });
}

test("the audit of the largest configuration finds every limit rule applicable where its resources exist", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "extremes-audit-"));
  try {
    const audits = auditApp(buildApp(testConfig(LARGEST), { outdir, offline: true }));
    const applicable = new Set(audits.flatMap((a) => [...a.applicable]));
    for (const id of [
      "LIM-EVENT-PATTERN-SIZE",
      "LIM-LAMBDA-ENV-SIZE",
      "LIM-KMS-KEY-ARN",
      "LIM-SAME-REGION",
      "LIM-NAMES-AND-RANGES",
    ]) {
      expect({ id, applicable: applicable.has(id) }).toEqual({ id, applicable: true });
    }
    expect(audits.flatMap((a) => a.findings)).toEqual([]);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
});
