import type { Checker } from "../core/checks";
import { type DeliverySettings, KMS_KEY_ARN_PATTERN, readDelivery } from "../core/common-settings";
import { type AlarmSettings, readAlarmSettings } from "../shared/monitoring/alarm-settings";

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

export interface Ec2StateToKinesisSettings {
  /**
   * ON_DEMAND scales by itself; PROVISIONED uses `shardCount`.
   * @default "ON_DEMAND"
   */
  readonly streamMode: "ON_DEMAND" | "PROVISIONED";
  /** Shards when `streamMode` is PROVISIONED. @default 1 */
  readonly shardCount: number;
  /** How long records stay readable. @default 24 */
  readonly retentionHours: number;
  /**
   * Server-side encryption key: `alias/aws/kinesis` (the AWS managed key), or a customer managed key by key
   * ARN, in the stack's region. No other alias: the EventBridge role is granted `kms:GenerateDataKey` on the key
   * ARN, and IAM never matches an alias for cryptographic calls, so every event would fail.
   * @default "alias/aws/kinesis"
   */
  readonly kmsKeyId: string;
  /** Instance states that are forwarded. @default ["running", "stopped"] */
  readonly states: readonly Ec2InstanceState[];
  /** Only these instances; empty means every instance in the region. @default [] */
  readonly instanceIds: readonly string[];
  readonly delivery: DeliverySettings;
  /**
   * Send to a stream that already exists (same account and region) instead of creating one; the
   * stack then manages only the rule, its role and its DLQ. The stream settings above do not apply
   * (kmsKeyId still does: set it to the stream's customer managed key, if it has one).
   * @default undefined (the stack creates the stream)
   */
  readonly existingStreamArn?: string;
  /** Threshold and on/off of each alarm. @default every alarm on, with the thresholds in the README */
  readonly alarms: AlarmSettings<(typeof EC2_STATE_TO_KINESIS_ALARMS)[number]>;
}

/** The AWS managed key of Kinesis: its key policy lets every principal of the account use it through Kinesis. */
export const AWS_MANAGED_KINESIS_KEY = "alias/aws/kinesis";

const KEYS = [
  "streamMode",
  "shardCount",
  "retentionHours",
  "kmsKeyId",
  "states",
  "instanceIds",
  "delivery",
  "existingStreamArn",
  "alarms",
];

/** Settings that shape a stream the stack creates, meaningless for an existing one. */
const STREAM_CREATION_KEYS = ["streamMode", "shardCount", "retentionHours"];

export function readEc2StateToKinesisSettings(
  field: string,
  value: unknown,
  check: Checker,
): Ec2StateToKinesisSettings {
  const raw = check.section(field, value, KEYS);
  const streamMode = check.oneOf(`${field}.streamMode`, raw.streamMode, "ON_DEMAND", [
    "ON_DEMAND",
    "PROVISIONED",
  ] as const);
  if (streamMode === "ON_DEMAND" && raw.shardCount !== undefined) {
    check.fail(`${field}.shardCount`, raw.shardCount, 'only used with streamMode "PROVISIONED"');
  }
  return {
    streamMode,
    // Kinesis' default account quota is 500 shards in the largest regions and 200 elsewhere.
    shardCount: check.integer(`${field}.shardCount`, raw.shardCount, 1, { min: 1, max: 500 }),
    retentionHours: check.integer(`${field}.retentionHours`, raw.retentionHours, 24, {
      min: 24,
      max: 8760,
      unit: "hours (Kinesis allows 1 to 365 days)",
    }),
    kmsKeyId: check.string(`${field}.kmsKeyId`, raw.kmsKeyId, AWS_MANAGED_KINESIS_KEY, {
      pattern: new RegExp(`^${AWS_MANAGED_KINESIS_KEY}$|${KMS_KEY_ARN_PATTERN.source}`),
      describe: `"${AWS_MANAGED_KINESIS_KEY}" (the AWS managed KMS key) or a customer managed KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>; not another alias or an alias ARN: the EventBridge role is granted kms:GenerateDataKey by key ARN, and IAM never matches an alias, so every event would fail`,
    }),
    states: check.stringList(`${field}.states`, raw.states, ["running", "stopped"], {
      pattern: new RegExp(`^(${EC2_INSTANCE_STATES.join("|")})$`),
      describe: `an EC2 instance state (${EC2_INSTANCE_STATES.join(", ")})`,
      maxItems: EC2_INSTANCE_STATES.length,
    }) as readonly Ec2InstanceState[],
    instanceIds: check.stringList(`${field}.instanceIds`, raw.instanceIds, [], {
      pattern: /^i-[0-9a-f]{8}([0-9a-f]{9})?$/,
      describe: "an EC2 instance id such as i-0123456789abcdef0",
      maxItems: 100,
      allowEmpty: true,
    }),
    delivery: readDelivery(`${field}.delivery`, raw.delivery, check),
    existingStreamArn: readExistingStream(field, raw, check),
    alarms: readAlarmSettings(`${field}.alarms`, raw.alarms, EC2_STATE_TO_KINESIS_ALARMS, check),
  };
}

function readExistingStream(field: string, raw: Record<string, unknown>, check: Checker): string | undefined {
  const arn = check.optionalString(`${field}.existingStreamArn`, raw.existingStreamArn, {
    pattern: /^arn:aws[a-z-]*:kinesis:[a-z0-9-]+:\d{12}:stream\/[a-zA-Z0-9_.-]{1,128}$/,
    describe: "a Kinesis stream ARN such as arn:aws:kinesis:us-east-1:123456789012:stream/events",
  });
  if (arn === undefined) return undefined;
  for (const key of STREAM_CREATION_KEYS) {
    if (raw[key] !== undefined)
      check.fail(
        `${field}.${key}`,
        raw[key],
        "only used when the stack creates the stream (no existingStreamArn)",
      );
  }
  return arn;
}
