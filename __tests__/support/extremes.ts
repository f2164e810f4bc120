import { CREATOR_TAG_KEY_ENV, STATIC_TAGS_ENV } from "../../lambda-src/rds-autotag/config";
import { HANDLED_EVENT_NAMES } from "../../lambda-src/rds-autotag/event-names";
import {
  EVENT_PATTERN_MAX_CHARACTERS,
  LAMBDA_ENVIRONMENT_MAX_BYTES,
} from "../../stacks/baseline/rules/limits";
import {
  EC2_INSTANCE_STATES,
  type Ec2StateToKinesisSettings,
} from "../../stacks/ec2-state-to-kinesis/settings";
import { ec2StateChangePattern } from "../../stacks/ec2-state-to-kinesis/stack";
import { customEventPattern } from "../../stacks/event-rule-targets/stack";
import { ALL_OPTIONS } from "./variants";

// Configurations at the edges of what validation allows: every optional feature on with the largest value of
// every setting, and the smallest. Lists whose joint size AWS limits (event patterns, Lambda environment) are
// as long as the limits allow, computed with the stacks' own pattern functions.

const ACCOUNT = "123456789012";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/mrk-0b4c6b2e58f44a4b9c1e2f6e1c1d8a10`;
const TOPIC = `arn:aws:sns:us-east-1:${ACCOUNT}:${"t".repeat(256)}`;

/** The longest prefix of `candidates` whose `size` stays within `max`. */
function longestFitting<T>(candidates: readonly T[], size: (items: T[]) => number, max: number): T[] {
  let n = candidates.length;
  while (n > 0 && size(candidates.slice(0, n)) > max) n--;
  return candidates.slice(0, n);
}

const instanceIds = longestFitting(
  Array.from({ length: 100 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`),
  (ids) =>
    JSON.stringify(
      ec2StateChangePattern({
        states: EC2_INSTANCE_STATES,
        instanceIds: ids,
      } as unknown as Ec2StateToKinesisSettings),
    ).length,
  EVENT_PATTERN_MAX_CHARACTERS,
);

const DETAIL_TYPE_A = `a${"-".repeat(126)}a`;
const DETAIL_TYPE_B = `b${"-".repeat(126)}b`;
/** Ten sources (the most allowed), each as long as both rules' patterns allow. */
const sources = (() => {
  const make = (length: number) =>
    Array.from({ length: 10 }, (_, i) => `com.example.${i}`.padEnd(length, "x"));
  let length = 256;
  while (
    length > 16 &&
    JSON.stringify(customEventPattern(make(length), DETAIL_TYPE_A)).length > EVENT_PATTERN_MAX_CHARACTERS
  )
    length--;
  return make(length);
})();

const CREATOR_TAG_KEY = "c".repeat(128);
/** As many maximal RDS tags (128-character keys, 256-character values) as Lambda's environment holds. */
const staticTags = Object.fromEntries(
  longestFitting(
    Array.from(
      { length: 49 },
      (_, i) => [`${i}`.padStart(2, "0").padEnd(128, "k"), "v".repeat(256)] as const,
    ),
    (tags) =>
      Buffer.byteLength(
        JSON.stringify({
          [STATIC_TAGS_ENV]: JSON.stringify(Object.fromEntries(tags)),
          [CREATOR_TAG_KEY_ENV]: CREATOR_TAG_KEY,
        }),
      ),
    LAMBDA_ENVIRONMENT_MAX_BYTES,
  ),
);

const stacksOf = (options: Record<string, unknown>) => options.stacks as Record<string, unknown>;

export const LARGEST: Record<string, unknown> = {
  // The longest prefix whose longest bucket name still fits S3's 63 characters in this region.
  prefix: "p".repeat(20),
  accountId: ACCOUNT,
  logRetentionDays: 3653,
  alarmTopicArn: TOPIC,
  tags: Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [`${i}`.padStart(2, "0").padEnd(128, "k"), "v".repeat(256)]),
  ),
  stacks: {
    "state-backend": { noncurrentVersionExpirationDays: 3650, kmsKeyArn: KEY },
    "ec2-state-to-kinesis": {
      streamMode: "PROVISIONED",
      shardCount: 500,
      retentionHours: 8760,
      kmsKeyId: KEY,
      states: [...EC2_INSTANCE_STATES],
      instanceIds,
      delivery: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 },
    },
    "rds-autotag": {
      eventNames: [...HANDLED_EVENT_NAMES],
      staticTags,
      creatorTagKey: CREATOR_TAG_KEY,
      memorySize: 10240,
      timeoutSeconds: 900,
      asyncRetryAttempts: 2,
      asyncMaximumEventAgeSeconds: 21600,
      delivery: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 },
      createTrail: true,
      trail: { logExpirationDays: 36500, forceDestroy: true },
    },
    "api-firehose-s3": {
      path: "r".repeat(128),
      stageName: "s".repeat(128),
      authorization: "API_KEY",
      throttle: { rateLimit: 10000, burstLimit: 5000 },
      quota: { limit: 2147483647, period: "MONTH" },
      loggingLevel: "INFO",
      tracingEnabled: true,
      manageAccountCloudWatchRole: true,
      buffering: { sizeMiB: 128, intervalSeconds: 900 },
      compression: "GZIP",
      lifecycle: { transitionDays: 36499, transitionStorageClass: "DEEP_ARCHIVE", expirationDays: 36500 },
      forceDestroy: true,
    },
    // Rebuilt elsewhere: its own every-option settings, whatever their shape.
    "dynamodb-pipes-momento": stacksOf(ALL_OPTIONS)["dynamodb-pipes-momento"],
    "event-rule-targets": {
      customEventBus: true,
      sources,
      stateMachineDetailType: DETAIL_TYPE_A,
      lambdaDetailType: DETAIL_TYPE_B,
      stateMachine: {
        logLevel: "ALL",
        includeExecutionData: true,
        tracing: true,
        kmsKeyArn: KEY,
        kmsDataKeyReusePeriodSeconds: 900,
      },
      memorySize: 10240,
      timeoutSeconds: 50,
      asyncRetryAttempts: 2,
      asyncMaximumEventAgeSeconds: 21600,
      delivery: { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86400 },
    },
  },
};

export const SMALLEST: Record<string, unknown> = {
  prefix: "pq",
  logRetentionDays: 1,
  stacks: {
    "state-backend": { noncurrentVersionExpirationDays: 1 },
    "ec2-state-to-kinesis": {
      streamMode: "PROVISIONED",
      shardCount: 1,
      retentionHours: 24,
      states: ["running"],
      instanceIds: [],
      delivery: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
    },
    "rds-autotag": {
      eventNames: [HANDLED_EVENT_NAMES[0]],
      creatorTagKey: "c",
      memorySize: 128,
      timeoutSeconds: 1,
      asyncRetryAttempts: 0,
      asyncMaximumEventAgeSeconds: 60,
      delivery: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
      createTrail: true,
      trail: { logExpirationDays: 1 },
    },
    "api-firehose-s3": {
      path: "r",
      stageName: "s",
      authorization: "AWS_IAM",
      throttle: { rateLimit: 1, burstLimit: 1 },
      loggingLevel: "OFF",
      buffering: { sizeMiB: 1, intervalSeconds: 0 },
      lifecycle: { transitionDays: 1, transitionStorageClass: "GLACIER_IR", expirationDays: 2 },
    },
    "event-rule-targets": {
      sources: ["a"],
      stateMachineDetailType: "a",
      lambdaDetailType: "b",
      stateMachine: { logLevel: "FATAL", kmsKeyArn: KEY, kmsDataKeyReusePeriodSeconds: 60 },
      memorySize: 128,
      timeoutSeconds: 1,
      asyncRetryAttempts: 0,
      asyncMaximumEventAgeSeconds: 60,
      delivery: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
    },
  },
};

/** Sizes the largest configuration reached, for the test's names and a sanity check. */
export const LARGEST_LISTS = {
  instanceIds: instanceIds.length,
  sourceLength: sources[0]?.length ?? 0,
  staticTags: Object.keys(staticTags).length,
};
