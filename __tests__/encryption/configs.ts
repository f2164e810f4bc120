import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import { testConfig } from "../support/synth";

// The customer-key configurations of the encryption tests, shared by their test files and by the offline
// plans of the same configurations (offline-plans.ts, planned in terraform/offline-plan.test.ts).

export const KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

/** The two customer-key settings every encryption group plans: a key the stack creates, an existing one. */
export const CUSTOMER_KEYS: Readonly<Record<string, Record<string, unknown>>> = {
  "created key": { mode: "customer", createKey: true },
  "existing key": { mode: "customer", kmsKeyArn: KEY },
};

/** customer-key.test.ts: ec2-state-to-kinesis and state-backend. */
export const EC2_AND_STATE_BACKEND = ["ec2-state-to-kinesis", "state-backend"] as const satisfies StackId[];

/** Overrides giving ec2-state-to-kinesis and state-backend the encryption setting. */
export function ec2AndStateBackendWithKey(encryption: Record<string, unknown>): Record<string, unknown> {
  return { stacks: Object.fromEntries(EC2_AND_STATE_BACKEND.map((id) => [id, { encryption }])) };
}

/** customer-key-stacks.test.ts: the three stacks of issue #15. */
export const THREE_STACKS = [
  "rds-autotag",
  "api-firehose-s3",
  "event-rule-targets",
] as const satisfies StackId[];

/** The three stacks with the encryption setting and every optional storage resource on: the trail, a custom bus, and the alarm topic. */
export function threeStacksWithKey(
  encryption: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): ProjectConfig {
  return testConfig({
    alarmEmail: "ops@example.com",
    ...extra,
    stacks: {
      "rds-autotag": { createTrail: true, encryption },
      "api-firehose-s3": { encryption },
      "event-rule-targets": { customEventBus: true, encryption },
    },
  });
}

export const MOMENTO = "dynamodb-pipes-momento";

/** dynamodb-pipes-momento with the encryption setting (and any other settings of the stack). */
export function momentoWithKey(
  encryption: Record<string, unknown>,
  stack: Record<string, unknown> = {},
): ProjectConfig {
  return testConfig({ stacks: { [MOMENTO]: { encryption, ...stack } } });
}
