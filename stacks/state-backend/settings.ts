import type { Checker } from "../config/checks";
import { KMS_KEY_PATTERN } from "../config/common-settings";

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
      pattern: KMS_KEY_PATTERN,
      describe: "a KMS key ARN",
    }),
  };
}
