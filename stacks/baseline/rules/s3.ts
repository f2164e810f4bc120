import { type Block, hasCondition, nested, type StackModel } from "../model";
import type { Rule, Violation } from "../rule";

const FIX = "use SecureBucket (stacks/shared/secure-bucket.ts), which sets every protection";

function bucketRule(
  id: string,
  title: string,
  mirrors: string,
  missing: (model: StackModel, bucket: Block) => string | undefined,
): Rule {
  return {
    id,
    title,
    mirrors,
    appliesTo: ["aws_s3_bucket"],
    check: (model) =>
      model.ofType("aws_s3_bucket").flatMap((bucket): Violation[] => {
        const problem = missing(model, bucket);
        return problem ? [{ address: bucket.address, problem, fix: FIX }] : [];
      }),
  };
}

const companions = (model: StackModel, type: string, bucket: Block) =>
  model.referencing(type, "bucket", bucket, ["id", "bucket"]);

export const s3PublicAccessBlock = bucketRule(
  "S3-PUBLIC-ACCESS-BLOCK",
  "S3 buckets block public access with all four settings",
  "checkov CKV_AWS_53/54/55/56 and CKV2_AWS_6, trivy AVD-AWS-0086/0087/0091/0093/0094, cdk-nag AwsSolutions-S2",
  (model, bucket) => {
    const ok = companions(model, "aws_s3_bucket_public_access_block", bucket).some(
      ({ config: c }) =>
        c.block_public_acls === true &&
        c.block_public_policy === true &&
        c.ignore_public_acls === true &&
        c.restrict_public_buckets === true,
    );
    return ok ? undefined : "public access is not blocked with all four settings";
  },
);

export const s3TlsOnly = bucketRule(
  "S3-TLS-ONLY",
  "S3 bucket policies deny requests without TLS",
  "checkov none, trivy none, cdk-nag AwsSolutions-S10",
  (model, bucket) => {
    const ok = companions(model, "aws_s3_bucket_policy", bucket).some((policy) =>
      (model.statementsOf(policy.config.policy) ?? []).some(
        (s) =>
          s.effect === "Deny" &&
          (s.actions ?? []).some((a) => a === "s3:*" || a === "*") &&
          (s.principals ?? []).some((p) => p.identifiers.includes("*")) &&
          hasCondition(s, "aws:SecureTransport") &&
          (s.condition ?? []).some((c) => c.variable === "aws:SecureTransport" && c.values.includes("false")),
      ),
    );
    return ok ? undefined : "no bucket policy denies aws:SecureTransport = false";
  },
);

export const s3Versioning = bucketRule(
  "S3-VERSIONING",
  "S3 buckets have versioning enabled",
  "checkov CKV_AWS_21, trivy AVD-AWS-0090, cdk-nag none",
  (model, bucket) =>
    companions(model, "aws_s3_bucket_versioning", bucket).some(
      (v) => nested(v.config.versioning_configuration)?.status === "Enabled",
    )
      ? undefined
      : "versioning is not enabled",
);

export const s3OwnerEnforced = bucketRule(
  "S3-OWNER-ENFORCED",
  "S3 buckets disable ACLs (object ownership BucketOwnerEnforced)",
  "checkov CKV2_AWS_65, trivy none, cdk-nag none",
  (model, bucket) =>
    companions(model, "aws_s3_bucket_ownership_controls", bucket).some(
      (o) => nested(o.config.rule)?.object_ownership === "BucketOwnerEnforced",
    )
      ? undefined
      : "object ownership is not BucketOwnerEnforced",
);

export const s3AbortMultipart = bucketRule(
  "S3-ABORT-MULTIPART",
  "S3 lifecycles abort incomplete multipart uploads",
  "checkov CKV_AWS_300, trivy none, cdk-nag none",
  (model, bucket) =>
    companions(model, "aws_s3_bucket_lifecycle_configuration", bucket).some((lifecycle) =>
      ((lifecycle.config.rule ?? []) as Record<string, unknown>[]).some(
        (rule) =>
          rule.status === "Enabled" &&
          typeof nested(rule.abort_incomplete_multipart_upload)?.days_after_initiation === "number",
      ),
    )
      ? undefined
      : "no enabled lifecycle rule aborts incomplete multipart uploads",
);
