import type { z } from "zod";
import { deliverySettings, KMS_KEY_ARN_PATTERN } from "../core/common-settings";
import { integer, oneOf, optional, section, stringList, text, withRules } from "../core/settings-schema";
import { alarmSettings } from "../shared/monitoring/alarm-settings";

/** The alarms of this stack (`alarms.<kind>`); stream-incoming-bytes only exists for a PROVISIONED stream. */
export const EC2_STATE_TO_KINESIS_ALARMS = [
  "rule-failed-invocations",
  "rule-sent-to-dlq",
  "rule-dlq-delivery-failed",
  "stream-write-throttled",
  "stream-incoming-bytes",
] as const;

export const EC2_INSTANCE_STATES = [
  "pending",
  "running",
  "shutting-down",
  "stopping",
  "stopped",
  "terminated",
] as const;
export type Ec2InstanceState = (typeof EC2_INSTANCE_STATES)[number];

/** The AWS managed key of Kinesis: its key policy lets every principal of the account use it through Kinesis. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

/** Settings that shape a stream the stack creates, meaningless for an existing one. */
const STREAM_CREATION_KEYS = ["streamMode", "shardCount", "retentionHours"];

const existingStreamArn = text(
  "a Kinesis stream ARN such as arn:aws:kinesis:us-east-1:123456789012:stream/events",
  { pattern: /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/ },
);

export const ec2StateToKinesisSettings = withRules(
  section({
    /** ON_DEMAND scales by itself; PROVISIONED uses `shardCount`. */
    streamMode: oneOf(["ON_DEMAND", "PROVISIONED"]).default("ON_DEMAND"),
    /** Shards when `streamMode` is PROVISIONED (Kinesis' default quota: 500 in the largest regions, 200 elsewhere). */
    shardCount: integer(1, 500).default(1),
    /** How long records stay readable. */
    retentionHours: integer(24, 8760, "hours (Kinesis allows 1 to 365 days)").default(24),
    /**
     * Server-side encryption key: `alias/aws/kinesis` (the AWS managed key), or a customer managed key by key
     * ARN, in the stack's region. No other alias: the EventBridge role is granted `kms:GenerateDataKey` on the
     * key ARN, and IAM never matches an alias for cryptographic calls, so every event would fail.
     */
    kmsKeyId: text(
      `"${AWS_MANAGED_KINESIS_KEY}" (the AWS managed KMS key) or a customer managed KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>; not another alias or an alias ARN: the EventBridge role is granted kms:GenerateDataKey by key ARN, and IAM never matches an alias, so every event would fail`,
      { pattern: new RegExp(`^${AWS_MANAGED_KINESIS_KEY}$|${KMS_KEY_ARN_PATTERN.source}`) },
    ).default(AWS_MANAGED_KINESIS_KEY),
    /** Instance states that are forwarded. */
    states: stringList(
      oneOf(EC2_INSTANCE_STATES, `an EC2 instance state (${EC2_INSTANCE_STATES.join(", ")})`),
      `an EC2 instance state (${EC2_INSTANCE_STATES.join(", ")})`,
      { maxItems: EC2_INSTANCE_STATES.length },
    ).default(["running", "stopped"]),
    /** Only these instances; empty means every instance in the region. */
    instanceIds: stringList(
      text("an EC2 instance id such as i-0123456789abcdef0", { pattern: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/ }),
      "an EC2 instance id such as i-0123456789abcdef0",
      { maxItems: 100, allowEmpty: true },
    ).default([]),
    delivery: deliverySettings,
    /**
     * Send to a stream that already exists (same account and region) instead of creating one; the stack then
     * manages only the rule, its role and its DLQ. The stream settings above do not apply (kmsKeyId still
     * does: set it to the stream's customer managed key, if it has one). Without it the stack creates the stream.
     */
    existingStreamArn: optional(existingStreamArn),
    /** Threshold and on/off of each alarm (defaults: every alarm on, with the thresholds in the README). */
    alarms: alarmSettings(EC2_STATE_TO_KINESIS_ALARMS),
  }),
  (raw, fail) => {
    if (raw.streamMode !== "PROVISIONED" && raw.shardCount !== undefined)
      fail("shardCount", 'only used with streamMode "PROVISIONED"');
    if (!existingStreamArn.safeParse(raw.existingStreamArn).success) return;
    for (const key of STREAM_CREATION_KEYS)
      if (raw[key] !== undefined)
        fail(key, "only used when the stack creates the stream (no existingStreamArn)");
  },
);

export type Ec2StateToKinesisSettings = z.output<typeof ec2StateToKinesisSettings>;
