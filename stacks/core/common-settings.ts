import { z } from "zod";
import type { Checker } from "./checks";
import { integer, section } from "./settings-schema";

/**
 * How EventBridge retries a target before it gives up and sends the event to the dead-letter queue.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html
 */
export interface DeliverySettings {
  /** @default 185 (EventBridge's maximum, made explicit) */
  readonly maximumRetryAttempts: number;
  /** @default 86400 (24 hours, EventBridge's maximum) */
  readonly maximumEventAgeSeconds: number;
}

/** How EventBridge retries a target (`delivery`); both limits default to EventBridge's maximum, made explicit. */
export const deliverySettings = section({
  maximumRetryAttempts: integer(0, 185).default(185),
  maximumEventAgeSeconds: integer(60, 86400, "seconds").default(86400),
});

export function readDelivery(field: string, value: unknown, check: Checker): DeliverySettings {
  const raw = check.section(field, value, ["maximumRetryAttempts", "maximumEventAgeSeconds"]);
  return {
    maximumRetryAttempts: check.integer(`${field}.maximumRetryAttempts`, raw.maximumRetryAttempts, 185, {
      min: 0,
      max: 185,
    }),
    maximumEventAgeSeconds: check.integer(
      `${field}.maximumEventAgeSeconds`,
      raw.maximumEventAgeSeconds,
      86400,
      {
        min: 60,
        max: 86400,
        unit: "seconds",
      },
    ),
  };
}

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

export function readLogRetention(field: string, value: unknown, fallback: number, check: Checker): number {
  if (value === undefined) return fallback;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(value)) {
    check.fail(
      field,
      value,
      `one of CloudWatch Logs' retention periods in days: ${LOG_RETENTION_DAYS.join(", ")}`,
    );
    return fallback;
  }
  return value as number;
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

/** Size, timeout and asynchronous-invocation settings of a stack's Lambda function. */
export interface FunctionSettings {
  /** @default 256 */
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  /** Lambda's retries of a failed asynchronous invocation. @default 2 */
  readonly asyncRetryAttempts: number;
  /** How long an event may wait for Lambda to run it. @default 3600 */
  readonly asyncMaximumEventAgeSeconds: number;
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

export function readFunctionSettings(
  field: string,
  raw: Record<string, unknown>,
  check: Checker,
  timeout: { fallback: number; max: number; unit?: string },
): FunctionSettings {
  return {
    memorySize: check.integer(`${field}.memorySize`, raw.memorySize, 256, {
      min: 128,
      max: 10240,
      unit: "MB",
    }),
    timeoutSeconds: check.integer(`${field}.timeoutSeconds`, raw.timeoutSeconds, timeout.fallback, {
      min: 1,
      max: timeout.max,
      unit: timeout.unit ?? "seconds",
    }),
    asyncRetryAttempts: check.integer(`${field}.asyncRetryAttempts`, raw.asyncRetryAttempts, 2, {
      min: 0,
      max: 2,
    }),
    asyncMaximumEventAgeSeconds: check.integer(
      `${field}.asyncMaximumEventAgeSeconds`,
      raw.asyncMaximumEventAgeSeconds,
      3600,
      { min: 60, max: 21600, unit: "seconds" },
    ),
  };
}
