import type { z } from "zod";
import { KMS_KEY_ARN_PATTERN } from "../core/common-settings";
import { integer, optional, section, text } from "../core/settings-schema";

export const stateBackendSettings = section({
  /** Days a replaced state version is kept (restores need it). */
  noncurrentVersionExpirationDays: integer(1, 3650, "days").default(90),
  /** A customer managed KMS key ARN for the state objects; SSE-S3 when absent. */
  kmsKeyArn: optional(
    text(
      "a symmetric KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>, in the stack's region (not an alias: IAM policies that let Terraform use the key name it by key ARN)",
      { pattern: KMS_KEY_ARN_PATTERN },
    ),
  ),
});

export type StateBackendSettings = z.output<typeof stateBackendSettings>;
