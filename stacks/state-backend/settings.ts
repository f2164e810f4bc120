import type { Checker } from "../core/checks";
import { KMS_KEY_ARN_PATTERN } from "../core/common-settings";

export interface StateBackendSettings {
  /** Days a replaced state version is kept (restores need it). @default 90 */
  readonly noncurrentVersionExpirationDays: number;
  /** A customer managed KMS key ARN for the state objects. @default SSE-S3 */
  readonly kmsKeyArn?: string;
}

export function readStateBackendSettings(
  field: string,
  value: unknown,
  check: Checker,
): StateBackendSettings {
  const raw = check.section(field, value, ["noncurrentVersionExpirationDays", "kmsKeyArn"]);
  return {
    noncurrentVersionExpirationDays: check.integer(
      `${field}.noncurrentVersionExpirationDays`,
      raw.noncurrentVersionExpirationDays,
      90,
      { min: 1, max: 3650, unit: "days" },
    ),
    kmsKeyArn: check.optionalString(`${field}.kmsKeyArn`, raw.kmsKeyArn, {
      pattern: KMS_KEY_ARN_PATTERN,
      describe:
        "a symmetric KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>, in the stack's region (not an alias: IAM policies that let Terraform use the key name it by key ARN)",
    }),
  };
}
