import { z } from "zod";
import { DISPOSABLE_ENVIRONMENT } from "./environments";
import { KNOWN_REGIONS } from "./regions";
import { integer, oneOf, optional, section, text, withRules } from "./settings-schema";

/**
 * How EventBridge retries a target before it gives up and sends the event to the dead-letter queue (`delivery`);
 * both limits default to EventBridge's maximum, made explicit.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export const deliverySettings = section({
  maximumRetryAttempts: integer(0, 185).default(185),
  maximumEventAgeSeconds: integer(60, 86400, "seconds").default(86400),
});
export type DeliverySettings = z.output<typeof deliverySettings>;

/** The only retention periods CloudWatch Logs accepts. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/** A log group's retention: one of CloudWatch Logs' periods. */
export function logRetention() {
  const error = `one of CloudWatch Logs' retention periods in days: ${LOG_RETENTION_DAYS.join(", ")}`;
  return z.union(
    LOG_RETENTION_DAYS.map((days) => z.literal(days)),
    { error },
  );
}

/**
 * A customer managed KMS key, by key ARN. IAM matches KMS keys in policies by key ARN only: a grant that names
 * an alias (or an alias ARN) authorizes no cryptographic call, so a setting whose key the stack grants to a
 * role must be a key ARN. Multi-Region keys (`mrk-...`) are key ARNs too.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html
 */
export const KMS_KEY_ARN_PATTERN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A KMS key ARN or alias ARN, for settings that no policy of ours grants (AWS resolves the alias itself). */
export const KMS_KEY_OR_ALIAS_ARN_PATTERN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key\/[A-Za-z0-9-]+|alias\/[A-Za-z0-9/_-]+)$/;

/** The region part of an ARN (`arn:partition:service:region:account:resource`). */
export function arnRegion(arn: string): string | undefined {
  return arn.startsWith("arn:") ? arn.split(":")[3] : undefined;
}

/** The account part of an ARN. */
export function arnAccount(arn: string): string | undefined {
  return arn.startsWith("arn:") ? arn.split(":")[4] : undefined;
}

/**
 * A Lambda function's size, timeout and asynchronous invocation (Lambda's retries of a failed asynchronous
 * invocation, and how long an event may wait for it to run), spread into a stack's settings.
 */
export function functionSettings(timeout: { default: number; max: number; unit?: string }) {
  return {
    memorySize: integer(128, 10240, "MB").default(256),
    timeoutSeconds: integer(1, timeout.max, timeout.unit ?? "seconds").default(timeout.default),
    asyncRetryAttempts: integer(0, 2).default(2),
    asyncMaximumEventAgeSeconds: integer(60, 21600, "seconds").default(3600),
  };
}

const NAME_PART = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const REGION = new RegExp(`^(${KNOWN_REGIONS.join("|")})$`);

/** Our own tags (project, environment, stack, managed-by) plus these must stay within AWS's 50 per resource. */
const MAX_EXTRA_TAGS = 40;

/**
 * The tag keys every stack sets itself (IntegrationStack's default tags). A user tag with one of
 * these keys would be silently overridden, so it is refused. Tag keys are case-sensitive in AWS:
 * `Environment` is a different key and allowed.
 */
export const OWN_TAG_KEYS = ["project", "environment", "stack", "managed-by"] as const;

export const ALARM_NOTIFICATIONS = ["every-alarm", "composite-only"] as const;

export const BACKEND_BUCKET_DESCRIPTION =
  "an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens); without one, set accountId to use the state-backend stack's bucket";

/** A map of strings (tags, imports) with AWS's rules for its keys and values. */
export function stringMap(rule: {
  key: RegExp;
  keyDescribe: string;
  value: RegExp;
  valueDescribe: string;
  maxEntries: number;
}) {
  return z
    .record(
      text(rule.keyDescribe, { pattern: rule.key }),
      text(rule.valueDescribe, { pattern: rule.value }),
      {
        error: "an object of string keys to string values",
      },
    )
    .refine((map) => Object.keys(map).length <= rule.maxEntries, {
      error: `at most ${rule.maxEntries} entries`,
    });
}

/**
 * Where Terraform keeps state for every stack of one environment. With type s3, the bucket defaults to the
 * state-backend stack's (its name needs accountId) and the region to the stacks' region: config/project-config
 * resolves both, as they depend on other settings.
 */
const backendSettings = withRules(
  section({
    type: oneOf(["local", "s3"]).default("local"),
    bucket: text(BACKEND_BUCKET_DESCRIPTION, { pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/ }).optional(),
    region: text("the AWS region of the state bucket", { pattern: REGION }).optional(),
    /** State keys are `<keyPrefix>/<environment>/<stack>.tfstate`. */
    keyPrefix: text("an S3 key prefix without leading or trailing slash, such as team/integrations", {
      pattern: /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/,
      max: 200,
    }).default("cdktf-event-integrations"),
    /** A customer managed KMS key for the state objects; SSE-S3 when absent. */
    kmsKeyId: optional(
      text("a KMS key or alias ARN, in the state bucket's region", {
        pattern: KMS_KEY_OR_ALIAS_ARN_PATTERN,
      }),
    ),
  }),
  (raw, fail) => {
    if (raw.type === "s3") return;
    for (const key of ["bucket", "region", "keyPrefix", "kmsKeyId"])
      if (raw[key] !== undefined) fail(key, 'only used with backend.type "s3"');
  },
);

/** The settings every stack shares (the top level of the configuration, resolved for one environment). */
export const commonSettings = z.object({
  /** Environment name; part of every resource name and state key. */
  environment: text("2 to 16 characters: lowercase letters, digits and hyphens, starting with a letter", {
    pattern: NAME_PART,
    min: 2,
    max: 16,
  }).default(DISPOSABLE_ENVIRONMENT),
  /** AWS region of every stack. */
  region: text(`an AWS region code such as "us-east-1" (known regions: ${KNOWN_REGIONS.join(", ")})`, {
    pattern: REGION,
  }).default("us-east-1"),
  /** First part of every resource name. */
  prefix: text("2 to 20 characters: lowercase letters, digits and hyphens, starting with a letter", {
    pattern: NAME_PART,
    min: 2,
    max: 20,
  }).default("integ"),
  /** When set, Terraform refuses to plan or apply against any other account (required outside dev). */
  accountId: optional(text("a 12-digit AWS account id, as a string", { pattern: /^\d{12}$/ })),
  /** Extra tags on every resource (beside project, environment, stack and managed-by). */
  tags: stringMap({
    key: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
    keyDescribe: "1 to 128 characters (letters, digits, spaces and _ . : / = + - @), not starting with aws:",
    value: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
    valueDescribe: "0 to 256 characters (letters, digits, spaces and _ . : / = + - @)",
    maxEntries: MAX_EXTRA_TAGS,
  })
    .superRefine((tags, ctx) => {
      for (const key of Object.keys(tags).filter((k) => (OWN_TAG_KEYS as readonly string[]).includes(k)))
        ctx.addIssue({
          code: "custom",
          path: [key],
          input: tags[key],
          message:
            `a key other than ${OWN_TAG_KEYS.join(", ")}: every stack sets those tags itself ` +
            "(environment = the environment name, stack = the stack id), which would override yours",
        });
    })
    .default({}),
  backend: backendSettings,
  /** Retention of every log group the stacks manage. */
  logRetentionDays: logRetention().default(30),
  /**
   * `prevent_destroy` on data-bearing resources (buckets with data, DynamoDB tables, Kinesis
   * streams, the trail bucket): a plan that would delete them fails instead. Default: true, except in "dev".
   */
  protectData: z.boolean({ error: "true or false" }).optional(),
  /**
   * An SNS topic that every alarm notifies (a DLQ receiving messages, for one). Without it the alarms
   * still exist and show in CloudWatch, but tell no one.
   */
  alarmTopicArn: optional(
    text("an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ops-alerts", {
      pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
    }),
  ),
  /**
   * Without `alarmTopicArn`: each stack with alarms creates an encrypted SNS topic that only CloudWatch alarms
   * of this account may publish to, subscribed by this address. Without either, alarms notify no one (synth says so).
   */
  alarmEmail: optional(
    text("an email address such as ops@example.com", {
      pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
      max: 254,
    }),
  ),
  /**
   * `every-alarm`: each alarm and the stack's composite "unhealthy" alarm notify. `composite-only`: only the
   * composite alarm notifies (one page per incident); the others show their state on the dashboard.
   */
  alarmNotifications: oneOf(ALARM_NOTIFICATIONS).default("every-alarm"),
  /**
   * The https URL of this project's README.md (your fork or wiki): dashboards link its sections and the runbook.
   * Without it dashboards name the README section as text.
   */
  docsBaseUrl: optional(
    text(
      "an https URL without query or fragment, such as https://github.com/acme/integrations/blob/main/README.md",
      { pattern: /^https:\/\/[^\s#?]+$/, max: 1000 },
    ),
  ),
});
