import { z } from "zod";
import { isPlainObject } from "../core/checks";
import { KMS_KEY_ARN_PATTERN } from "../core/common-settings";
import {
  boolean,
  integer,
  integerAs,
  oneOf,
  optional,
  section,
  text,
  withRules,
} from "../core/settings-schema";
import { alarmSettings } from "../shared/monitoring/alarm-settings";

/** The alarms of this stack (`alarms.<kind>`). */
export const API_FIREHOSE_S3_ALARMS = [
  "api-5xx-rate",
  "api-latency-p99",
  "api-4xx-rate",
  "delivery-freshness",
  "delivery-success",
  "delivery-throttled",
] as const;

/** How clients authenticate. */
export const AUTHORIZATION_MODES = ["API_KEY", "AWS_IAM"] as const;
export type AuthorizationMode = (typeof AUTHORIZATION_MODES)[number];

/** API Gateway execution log levels (`OFF` writes none; `INFO` logs every request's steps, not bodies). */
export const LOGGING_LEVELS = ["OFF", "ERROR", "INFO"] as const;
export type LoggingLevel = (typeof LOGGING_LEVELS)[number];

/** Usage plan quota periods. */
export const QUOTA_PERIODS = ["DAY", "WEEK", "MONTH"] as const;
export type QuotaPeriod = (typeof QUOTA_PERIODS)[number];

/** Firehose compressions the stack offers: both keep each object readable as NDJSON (after gunzip). */
export const COMPRESSIONS = ["UNCOMPRESSED", "GZIP"] as const;
export type Compression = (typeof COMPRESSIONS)[number];

/**
 * Storage classes records may move to. ONEZONE_IA is left out (one Availability Zone is not durable enough
 * for records the API already acknowledged), and so are classes S3 Lifecycle cannot transition to.
 */
export const TRANSITION_STORAGE_CLASSES = [
  "STANDARD_IA",
  "INTELLIGENT_TIERING",
  "GLACIER_IR",
  "GLACIER",
  "DEEP_ARCHIVE",
] as const;
export type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];

/** S3 refuses transitions to STANDARD_IA sooner than 30 days after creation. */
const MIN_DAYS_BEFORE_IA = 30;

/** API Gateway's default account-level quotas per region: 10,000 requests per second, bursts of 5,000. */
const MAX_RATE_LIMIT = 10_000;
const MAX_BURST_LIMIT = 5_000;

/** Throttling of the stage (every caller together) and of the API key's usage plan. */
const throttleSettings = section({
  /**
   * Steady-state requests per second. Firehose Direct PUT allows 1,000 (PutRecord + PutRecordBatch) requests
   * and 1 MiB per second per stream in most regions (2,000 and 5 MiB in us-east-1, us-west-2, eu-west-1):
   * keep the API below the stream's quota, or raise the quota first.
   */
  rateLimit: integer(
    1,
    MAX_RATE_LIMIT,
    "requests per second (API Gateway's default regional quota is 10,000)",
  ).default(100),
  /** Requests API Gateway accepts at once above the steady rate (its token bucket). */
  burstLimit: integer(
    1,
    MAX_BURST_LIMIT,
    "requests (API Gateway's default regional burst quota is 5,000)",
  ).default(200),
});

/** With `quota`, its keys are required; without, "required with quota" would be a riddle. */
const requiredWithQuota =
  (allowed: string) =>
  (issue: { input?: unknown }): string =>
    issue.input === undefined ? "required with quota" : allowed;

/** A usage plan quota: requests per API key per period (both required). */
const quotaSettings = z
  .strictObject(
    {
      /** Requests per key per period, 1 to 2,147,483,647. */
      limit: integerAs(
        1,
        2_147_483_647,
        requiredWithQuota("a whole number from 1 to 2147483647 requests per period"),
      ),
      /** `DAY`, `WEEK` or `MONTH`. */
      period: z.enum(QUOTA_PERIODS, {
        error: requiredWithQuota(`one of ${QUOTA_PERIODS.map((p) => JSON.stringify(p)).join(", ")}`),
      }),
    },
    { error: 'an object with limit and period, such as {"limit": 1000000, "period": "DAY"}' },
  )
  .nullish();

/** Firehose buffering: an S3 object is written when either is reached (defaults: Firehose's own). */
const bufferingSettings = section({
  sizeMiB: integer(1, 128, "MiB").default(5),
  intervalSeconds: integer(0, 900, "seconds").default(300),
});

/** A number of days, or `null` to turn the action off. */
const nullableDays = integerAs(
  1,
  36_500,
  "a whole number of days from 1 to 36500, or null to turn it off",
).nullable();

/** What happens to delivered objects over time (current versions; old versions expire after 30 days). */
const lifecycleSettings = withRules(
  section({
    /**
     * Days after creation before objects move to `transitionStorageClass`; `null` keeps them in S3 Standard.
     * Objects smaller than 128 KiB are not transitioned (S3's default minimum size, as it would cost more).
     */
    transitionDays: nullableDays.default(30),
    transitionStorageClass: oneOf(TRANSITION_STORAGE_CLASSES).default("STANDARD_IA"),
    /** Days after creation before objects are deleted; `null` keeps them until deleted by hand. */
    expirationDays: nullableDays.default(null),
  }).superRefine(({ transitionDays, transitionStorageClass, expirationDays }, ctx) => {
    const fail = (key: string, input: unknown, message: string) =>
      ctx.addIssue({ code: "custom", path: [key], input, message });
    if (
      transitionDays !== null &&
      transitionStorageClass === "STANDARD_IA" &&
      transitionDays < MIN_DAYS_BEFORE_IA
    )
      fail(
        "transitionDays",
        transitionDays,
        `at least ${MIN_DAYS_BEFORE_IA} days with STANDARD_IA (S3's minimum), or another storage class`,
      );
    if (transitionDays !== null && expirationDays !== null && expirationDays <= transitionDays)
      fail(
        "expirationDays",
        expirationDays,
        `more days than transitionDays (${transitionDays}), or transitionDays null for no transition`,
      );
  }),
  (raw, fail) => {
    if (raw.transitionDays === null && raw.transitionStorageClass !== undefined)
      fail("transitionStorageClass", "only used when transitionDays is a number (it is null: no transition)");
  },
);

const existingBucketName = text("an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)", {
  pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
});
// A key ARN, not an alias: IAM policies match KMS keys by key ARN only.
const existingBucketKmsKeyArn = text(
  "a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id> (not an alias)",
  { pattern: KMS_KEY_ARN_PATTERN },
);

/** Settings that shape a bucket the stack creates, meaningless for an existing one. */
const BUCKET_CREATION_KEYS = ["lifecycle", "forceDestroy"];

export const apiFirehoseS3Settings = withRules(
  section({
    /** Path part of the single-record resource: `POST /<path>`; the batch resource is `POST /<path>/batch`. */
    path: text("one URL path segment: 1 to 128 letters, digits, . _ - (starting with a letter or digit)", {
      pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
    }).default("records"),
    /** Stage name: the first path segment of the invoke URL. */
    stageName: text("an API Gateway stage name: 1 to 128 letters, digits, _ -", {
      pattern: /^[A-Za-z0-9_-]{1,128}$/,
    }).default("v1"),
    /**
     * `API_KEY`: callers send an `x-api-key` header; a key and a usage plan (throttle, quota) are created.
     * `AWS_IAM`: callers sign requests with SigV4 and need `execute-api:Invoke`; no key, no usage plan.
     */
    authorization: oneOf(AUTHORIZATION_MODES).default("API_KEY"),
    /** Applied to every method of the stage and to the API key's usage plan. */
    throttle: throttleSettings,
    /** Requests per API key per day, week or month (only with `API_KEY`; no quota by default). */
    quota: quotaSettings,
    /** Execution logging level of every method. */
    loggingLevel: oneOf(LOGGING_LEVELS).default("ERROR"),
    /** X-Ray tracing of the stage. */
    tracingEnabled: boolean().default(false),
    /**
     * Manage API Gateway's account-level CloudWatch Logs role (one per account and region, shared by every
     * API there). Logging needs it set once; leave it to the stack or team that owns it.
     */
    manageAccountCloudWatchRole: boolean().default(false),
    buffering: bufferingSettings,
    /** Compression of the S3 objects. */
    compression: oneOf(COMPRESSIONS).default("UNCOMPRESSED"),
    lifecycle: lifecycleSettings,
    /** Let `terraform destroy` delete the bucket with every record in it. */
    forceDestroy: boolean().default(false),
    /**
     * Deliver to a bucket that already exists instead of creating one, in the stack's region: in this account,
     * or one whose bucket policy lets the Firehose role write. The stack grants its Firehose role the
     * `records/` and `errors/` prefixes of that bucket and manages nothing else of it: `lifecycle` and
     * `forceDestroy` do not apply, and its protections (versioning, encryption, TLS-only) are its owner's.
     */
    existingBucketName: optional(existingBucketName),
    /**
     * The customer managed KMS key of the existing bucket's default encryption, which the Firehose role is
     * then allowed to use through S3 (SSE-S3 and the AWS managed aws/s3 key need nothing).
     */
    existingBucketKmsKeyArn: optional(existingBucketKmsKeyArn),
    /** Threshold and on/off of each alarm (defaults: every alarm on, with the thresholds in the README). */
    alarms: alarmSettings(API_FIREHOSE_S3_ALARMS),
  }),
  (raw, fail) => {
    if (isPlainObject(raw.quota) && raw.authorization === "AWS_IAM")
      fail("quota", 'only used with authorization "API_KEY" (quotas count API keys)');
    if (existingBucketName.safeParse(raw.existingBucketName).success) {
      for (const key of BUCKET_CREATION_KEYS)
        if (raw[key] !== undefined)
          fail(key, "only used when the stack creates the bucket (no existingBucketName)");
    } else if (existingBucketKmsKeyArn.safeParse(raw.existingBucketKmsKeyArn).success)
      fail(
        "existingBucketKmsKeyArn",
        "only used with existingBucketName (the bucket the stack creates uses SSE-S3)",
      );
  },
);

export type ApiFirehoseS3Settings = z.output<typeof apiFirehoseS3Settings>;
export type LifecycleSettings = ApiFirehoseS3Settings["lifecycle"];
