import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp } from "../../stacks/app";
import { auditApp } from "../../stacks/baseline/audit";
import { LARGEST, LARGEST_LISTS, SMALLEST } from "../support/extremes";
import { synthesize, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

// Every stack with every optional feature on and the largest allowed value of every setting, and with the
// smallest: each must pass the baseline's AWS-limit rules and a real offline terraform plan. A setting that
// passes validation must produce Terraform that AWS accepts. The plans are a plan group of
// terraform/offline-plan.test.ts (extremes.plan.ts), in its one Terraform run.

const VARIANTS = { largest: LARGEST, smallest: SMALLEST } as const;

describe("the largest configuration really is at the limits", () => {
  test("pattern and environment lists are as long as AWS's limits allow, not shorter", () => {
    expect(LARGEST_LISTS.instanceIds).toBeGreaterThan(70);
    expect(LARGEST_LISTS.sourceLength).toBeGreaterThan(150);
    expect(LARGEST_LISTS.staticTags).toBeGreaterThanOrEqual(8);
  });

  test.each(Object.keys(VARIANTS))("%s: synthesizes with no baseline or limit finding", (variant) => {
    const outdir = path.join(tempDir(`extremes-${variant}`), "cdktf.out");
    const app = synthesize({
      outdir,
      offline: true,
      config: testConfig(VARIANTS[variant as keyof typeof VARIANTS]),
    });
    expect(fs.existsSync(path.join(app.outdir, "stacks", "api-firehose-s3", "cdk.tf.json"))).toBe(true);
  });
});

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
