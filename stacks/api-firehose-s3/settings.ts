import { type Checker, isPlainObject } from "../core/checks";
import { KMS_KEY_ARN_PATTERN } from "../core/common-settings";
import { type AlarmSettings, readAlarmSettings } from "../shared/monitoring/alarm-settings";

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
export interface ThrottleSettings {
  /**
   * Steady-state requests per second. Firehose Direct PUT allows 1,000 (PutRecord + PutRecordBatch) requests
   * and 1 MiB per second per stream in most regions (2,000 and 5 MiB in us-east-1, us-west-2, eu-west-1):
   * keep the API below the stream's quota, or raise the quota first.
   * @default 100
   */
  readonly rateLimit: number;
  /** Requests API Gateway accepts at once above the steady rate (its token bucket). @default 200 */
  readonly burstLimit: number;
}

/** A usage plan quota: requests per API key per period. */
export interface QuotaSettings {
  /** Requests per key per period, 1 to 2,147,483,647. @default none: required with `quota` */
  readonly limit: number;
  /** `DAY`, `WEEK` or `MONTH`. @default none: required with `quota` */
  readonly period: QuotaPeriod;
}

/** Firehose buffering: an S3 object is written when either is reached. */
export interface BufferingSettings {
  /** @default 5 (Firehose's default; 1 to 128 MiB) */
  readonly sizeMiB: number;
  /** @default 300 (Firehose's default; 0 to 900 seconds) */
  readonly intervalSeconds: number;
}

/** What happens to delivered objects over time (current versions; old versions expire after 30 days). */
export interface LifecycleSettings {
  /**
   * Days after creation before objects move to `transitionStorageClass`; `null` keeps them in S3 Standard.
   * Objects smaller than 128 KiB are not transitioned (S3's default minimum size, as it would cost more).
   * @default 30
   */
  readonly transitionDays: number | null;
  /** @default "STANDARD_IA" */
  readonly transitionStorageClass: TransitionStorageClass;
  /**
   * Days after creation before objects are deleted; `null` keeps them until deleted by hand.
   * @default null
   */
  readonly expirationDays: number | null;
}

/** Settings of the api-firehose-s3 stack (each documented with its default). */
export interface ApiFirehoseS3Settings {
  /**
   * Path part of the single-record resource: `POST /<path>`; the batch resource is `POST /<path>/batch`.
   * @default "records"
   */
  readonly path: string;
  /** Stage name: the first path segment of the invoke URL. @default "v1" */
  readonly stageName: string;
  /**
   * `API_KEY`: callers send an `x-api-key` header; a key and a usage plan (throttle, quota) are created.
   * `AWS_IAM`: callers sign requests with SigV4 and need `execute-api:Invoke`; no key, no usage plan.
   * @default "API_KEY"
   */
  readonly authorization: AuthorizationMode;
  /** Applied to every method of the stage and to the API key's usage plan. */
  readonly throttle: ThrottleSettings;
  /** Requests per API key per day, week or month (only with `API_KEY`). @default undefined (no quota) */
  readonly quota: QuotaSettings | undefined;
  /** Execution logging level of every method. @default "ERROR" */
  readonly loggingLevel: LoggingLevel;
  /** X-Ray tracing of the stage. @default false */
  readonly tracingEnabled: boolean;
  /**
   * Manage API Gateway's account-level CloudWatch Logs role (one per account and region, shared by every
   * API there). Logging needs it set once; leave it to the stack or team that owns it.
   * @default false
   */
  readonly manageAccountCloudWatchRole: boolean;
  readonly buffering: BufferingSettings;
  /** Compression of the S3 objects. @default "UNCOMPRESSED" */
  readonly compression: Compression;
  readonly lifecycle: LifecycleSettings;
  /** Let `terraform destroy` delete the bucket with every record in it. @default false */
  readonly forceDestroy: boolean;
  /**
   * Deliver to a bucket that already exists instead of creating one, in the stack's region: in this account,
   * or one whose bucket policy lets the Firehose role write. The stack grants its Firehose role the
   * `records/` and `errors/` prefixes of that bucket and manages nothing else of it: `lifecycle` and
   * `forceDestroy` do not apply, and its protections (versioning, encryption, TLS-only) are its owner's.
   * @default undefined (the stack creates the bucket)
   */
  readonly existingBucketName?: string;
  /**
   * The customer managed KMS key of the existing bucket's default encryption, which the Firehose role is
   * then allowed to use through S3 (SSE-S3 and the AWS managed aws/s3 key need nothing).
   * @default undefined
   */
  readonly existingBucketKmsKeyArn?: string;
  /** Threshold and on/off of each alarm. @default every alarm on, with the thresholds in the README */
  readonly alarms: AlarmSettings<(typeof API_FIREHOSE_S3_ALARMS)[number]>;
}

/** Settings that shape a bucket the stack creates, meaningless for an existing one. */
const BUCKET_CREATION_KEYS = ["lifecycle", "forceDestroy"];

const KEYS = [
  "path",
  "stageName",
  "authorization",
  "throttle",
  "quota",
  "loggingLevel",
  "tracingEnabled",
  "manageAccountCloudWatchRole",
  "buffering",
  "compression",
  "lifecycle",
  "forceDestroy",
  "existingBucketName",
  "existingBucketKmsKeyArn",
  "alarms",
];

export function readApiFirehoseS3Settings(
  field: string,
  value: unknown,
  check: Checker,
): ApiFirehoseS3Settings {
  const raw = check.section(field, value, KEYS);
  const authorization = check.oneOf(
    `${field}.authorization`,
    raw.authorization,
    "API_KEY",
    AUTHORIZATION_MODES,
  );
  const quota = readQuota(`${field}.quota`, raw.quota, check);
  if (quota !== undefined && authorization !== "API_KEY") {
    check.fail(`${field}.quota`, raw.quota, 'only used with authorization "API_KEY" (quotas count API keys)');
  }
  return {
    path: check.string(`${field}.path`, raw.path, "records", {
      pattern: /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
      describe: "one URL path segment: 1 to 128 letters, digits, . _ - (starting with a letter or digit)",
    }),
    stageName: check.string(`${field}.stageName`, raw.stageName, "v1", {
      pattern: /^[A-Za-z0-9_-]{1,128}$/,
      describe: "an API Gateway stage name: 1 to 128 letters, digits, _ -",
    }),
    authorization,
    throttle: readThrottle(`${field}.throttle`, raw.throttle, check),
    quota,
    loggingLevel: check.oneOf(`${field}.loggingLevel`, raw.loggingLevel, "ERROR", LOGGING_LEVELS),
    tracingEnabled: check.boolean(`${field}.tracingEnabled`, raw.tracingEnabled, false),
    manageAccountCloudWatchRole: check.boolean(
      `${field}.manageAccountCloudWatchRole`,
      raw.manageAccountCloudWatchRole,
      false,
    ),
    buffering: readBuffering(`${field}.buffering`, raw.buffering, check),
    compression: check.oneOf(`${field}.compression`, raw.compression, "UNCOMPRESSED", COMPRESSIONS),
    lifecycle: readLifecycle(`${field}.lifecycle`, raw.lifecycle, check),
    forceDestroy: check.boolean(`${field}.forceDestroy`, raw.forceDestroy, false),
    ...readExistingBucket(field, raw, check),
    alarms: readAlarmSettings(`${field}.alarms`, raw.alarms, API_FIREHOSE_S3_ALARMS, check),
  };
}

function readExistingBucket(
  field: string,
  raw: Record<string, unknown>,
  check: Checker,
): Pick<ApiFirehoseS3Settings, "existingBucketName" | "existingBucketKmsKeyArn"> {
  const existingBucketName = check.optionalString(`${field}.existingBucketName`, raw.existingBucketName, {
    pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
    describe: "an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)",
  });
  const existingBucketKmsKeyArn = check.optionalString(
    `${field}.existingBucketKmsKeyArn`,
    raw.existingBucketKmsKeyArn,
    {
      // A key ARN, not an alias: IAM policies match KMS keys by key ARN only.
      pattern: KMS_KEY_ARN_PATTERN,
      describe: "a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id> (not an alias)",
    },
  );
  if (existingBucketName === undefined) {
    if (existingBucketKmsKeyArn !== undefined) {
      check.fail(
        `${field}.existingBucketKmsKeyArn`,
        existingBucketKmsKeyArn,
        "only used with existingBucketName (the bucket the stack creates uses SSE-S3)",
      );
    }
    return {};
  }
  for (const key of BUCKET_CREATION_KEYS) {
    if (raw[key] !== undefined) {
      check.fail(
        `${field}.${key}`,
        raw[key],
        "only used when the stack creates the bucket (no existingBucketName)",
      );
    }
  }
  return existingBucketKmsKeyArn === undefined
    ? { existingBucketName }
    : { existingBucketName, existingBucketKmsKeyArn };
}

function readThrottle(field: string, value: unknown, check: Checker): ThrottleSettings {
  const raw = check.section(field, value, ["rateLimit", "burstLimit"]);
  return {
    rateLimit: check.integer(`${field}.rateLimit`, raw.rateLimit, 100, {
      min: 1,
      max: MAX_RATE_LIMIT,
      unit: "requests per second (API Gateway's default regional quota is 10,000)",
    }),
    burstLimit: check.integer(`${field}.burstLimit`, raw.burstLimit, 200, {
      min: 1,
      max: MAX_BURST_LIMIT,
      unit: "requests (API Gateway's default regional burst quota is 5,000)",
    }),
  };
}

function readQuota(field: string, value: unknown, check: Checker): QuotaSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    check.fail(field, value, 'an object with limit and period, such as {"limit": 1000000, "period": "DAY"}');
    return undefined;
  }
  const raw = check.section(field, value, ["limit", "period"]);
  if (raw.limit === undefined) check.fail(`${field}.limit`, raw.limit, "required with quota");
  if (raw.period === undefined) check.fail(`${field}.period`, raw.period, "required with quota");
  return {
    limit: check.integer(`${field}.limit`, raw.limit, 1, {
      min: 1,
      max: 2_147_483_647,
      unit: "requests per period",
    }),
    period: check.oneOf(`${field}.period`, raw.period, "DAY", QUOTA_PERIODS),
  };
}

function readBuffering(field: string, value: unknown, check: Checker): BufferingSettings {
  const raw = check.section(field, value, ["sizeMiB", "intervalSeconds"]);
  return {
    sizeMiB: check.integer(`${field}.sizeMiB`, raw.sizeMiB, 5, { min: 1, max: 128, unit: "MiB" }),
    intervalSeconds: check.integer(`${field}.intervalSeconds`, raw.intervalSeconds, 300, {
      min: 0,
      max: 900,
      unit: "seconds",
    }),
  };
}

function readLifecycle(field: string, value: unknown, check: Checker): LifecycleSettings {
  const raw = check.section(field, value, ["transitionDays", "transitionStorageClass", "expirationDays"]);
  const transitionStorageClass = check.oneOf(
    `${field}.transitionStorageClass`,
    raw.transitionStorageClass,
    "STANDARD_IA",
    TRANSITION_STORAGE_CLASSES,
  );
  const transitionDays = nullableDays(check, `${field}.transitionDays`, raw.transitionDays, 30);
  const expirationDays = nullableDays(check, `${field}.expirationDays`, raw.expirationDays, null);
  if (transitionDays === null && raw.transitionStorageClass !== undefined) {
    check.fail(
      `${field}.transitionStorageClass`,
      raw.transitionStorageClass,
      "only used when transitionDays is a number (it is null: no transition)",
    );
  }
  if (
    transitionDays !== null &&
    transitionStorageClass === "STANDARD_IA" &&
    transitionDays < MIN_DAYS_BEFORE_IA
  ) {
    check.fail(
      `${field}.transitionDays`,
      transitionDays,
      `at least ${MIN_DAYS_BEFORE_IA} days with STANDARD_IA (S3's minimum), or another storage class`,
    );
  }
  if (transitionDays !== null && expirationDays !== null && expirationDays <= transitionDays) {
    check.fail(
      `${field}.expirationDays`,
      expirationDays,
      `more days than transitionDays (${transitionDays}), or transitionDays null for no transition`,
    );
  }
  return { transitionDays, transitionStorageClass, expirationDays };
}

/** A number of days, or `null` to turn the action off; `undefined` keeps `fallback`. */
function nullableDays(check: Checker, field: string, value: unknown, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (value === null) return null;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 36_500) {
    check.fail(field, value, "a whole number of days from 1 to 36500, or null to turn it off");
    return fallback;
  }
  return value;
}
