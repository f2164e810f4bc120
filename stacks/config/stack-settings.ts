import { type ApiFirehoseS3Settings, readApiFirehoseS3Settings } from "../api-firehose-s3/settings";
import type { Checker } from "../core/checks";
import { type EncryptionSettings, readEncryption } from "../core/encryption-settings";
import {
  type DynamodbPipesMomentoSettings,
  readDynamodbPipesMomentoSettings,
} from "../dynamodb-pipes-momento/settings";
import {
  type Ec2StateToKinesisSettings,
  readEc2StateToKinesisSettings,
} from "../ec2-state-to-kinesis/settings";
import { type EventRuleTargetsSettings, readEventRuleTargetsSettings } from "../event-rule-targets/settings";
import { type RdsAutotagSettings, readRdsAutotagSettings } from "../rds-autotag/settings";
import { readStateBackendSettings, type StateBackendSettings } from "../state-backend/settings";
import { STACK_IDS, type StackId } from "./stack-ids";

/** Settings of every stack, keyed by stack id; each stack's settings.ts documents its own. */
export interface StackSettingsMap {
  readonly "state-backend": StateBackendSettings;
  readonly "ec2-state-to-kinesis": Ec2StateToKinesisSettings;
  readonly "rds-autotag": RdsAutotagSettings;
  readonly "api-firehose-s3": ApiFirehoseS3Settings;
  readonly "dynamodb-pipes-momento": DynamodbPipesMomentoSettings;
  readonly "event-rule-targets": EventRuleTargetsSettings;
}

type Readers = { [K in StackId]: (field: string, value: unknown, check: Checker) => StackSettingsMap[K] };

const READERS: Readers = {
  "state-backend": readStateBackendSettings,
  "ec2-state-to-kinesis": readEc2StateToKinesisSettings,
  "rds-autotag": readRdsAutotagSettings,
  "api-firehose-s3": readApiFirehoseS3Settings,
  "dynamodb-pipes-momento": readDynamodbPipesMomentoSettings,
  "event-rule-targets": readEventRuleTargetsSettings,
};

/** Every stack's section may hold `encryption`, which overrides the common one; the stack's reader never sees it. */
const ENCRYPTION_KEY = "encryption";

export function readStackSettings(value: unknown, check: Checker): StackSettingsMap {
  const raw = check.section("stacks", value, Object.keys(READERS), "stack");
  const read = <K extends StackId>(id: K): StackSettingsMap[K] =>
    READERS[id](`stacks.${id}`, withoutEncryption(raw[id]), check);
  return {
    "state-backend": read("state-backend"),
    "ec2-state-to-kinesis": read("ec2-state-to-kinesis"),
    "rds-autotag": read("rds-autotag"),
    "api-firehose-s3": read("api-firehose-s3"),
    "dynamodb-pipes-momento": read("dynamodb-pipes-momento"),
    "event-rule-targets": read("event-rule-targets"),
  };
}

function withoutEncryption(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !(ENCRYPTION_KEY in value))
    return value;
  const { [ENCRYPTION_KEY]: _override, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Each stack's encryption: its own `stacks.<id>.encryption` when given, else the common `encryption`. */
export function readStackEncryption(
  common: unknown,
  stacks: unknown,
  check: Checker,
  region: string,
): Readonly<Record<StackId, EncryptionSettings>> {
  const shared = readEncryption("encryption", common, { mode: "aws-managed" }, check, region);
  const raw = (typeof stacks === "object" && stacks !== null ? stacks : {}) as Record<string, unknown>;
  const result = {} as Record<StackId, EncryptionSettings>;
  for (const id of STACK_IDS) {
    const section = raw[id];
    const override =
      typeof section === "object" && section !== null
        ? (section as Record<string, unknown>)[ENCRYPTION_KEY]
        : undefined;
    const field = `stacks.${id}.${ENCRYPTION_KEY}`;
    result[id] = readEncryption(field, override, shared, check, region);
    if (result[id].mode === "customer" && !CUSTOMER_KEY_STACKS.includes(id)) {
      check.fail(
        `${override === undefined ? ENCRYPTION_KEY : field}.mode`,
        "customer",
        `"aws-managed" for ${id}: its resources cannot use a customer key yet (README, "Encryption at rest", lists the stacks that can); set ${field} to {"mode": "aws-managed"}`,
      );
      result[id] = { mode: "aws-managed" };
    }
  }
  return result;
}

/**
 * The stacks whose every storage resource and principal is wired to the stack key. A stack that is only
 * partly wired would deploy and then fail at run time (a role without the key), so the others refuse
 * customer mode instead.
 */
export const CUSTOMER_KEY_STACKS: readonly StackId[] = [
  "state-backend",
  "ec2-state-to-kinesis",
  "rds-autotag",
  "api-firehose-s3",
  "dynamodb-pipes-momento",
  "event-rule-targets",
];

/**
 * A stack key and a resource's own key setting for the same resource: say which one to drop rather than
 * pick one silently (the customer key is usually meant to replace it).
 */
export function checkKeyConflicts(
  encryption: Readonly<Record<StackId, EncryptionSettings>>,
  stacks: StackSettingsMap,
  check: Checker,
): void {
  const own: [StackId, string, string | undefined][] = [
    ["state-backend", "kmsKeyArn", stacks["state-backend"].kmsKeyArn],
    [
      "ec2-state-to-kinesis",
      "kmsKeyId",
      stacks["ec2-state-to-kinesis"].kmsKeyId === "alias/aws/kinesis"
        ? undefined
        : stacks["ec2-state-to-kinesis"].kmsKeyId,
    ],
    ["event-rule-targets", "stateMachine.kmsKeyArn", stacks["event-rule-targets"].stateMachine.kmsKeyArn],
  ];
  for (const [id, key, value] of own) {
    const settings = encryption[id];
    if (value === undefined || settings.mode !== "customer") continue;
    if ("kmsKeyArn" in settings && settings.kmsKeyArn === value) continue;
    check.fail(
      `stacks.${id}.${key}`,
      value,
      `not with encryption mode "customer", which already encrypts this resource with ${"kmsKeyArn" in settings ? settings.kmsKeyArn : "the stack's created key"}: remove stacks.${id}.${key}, or give that key as encryption.kmsKeyArn`,
    );
  }
}
