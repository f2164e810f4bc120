import {
  AutotagConfigError,
  CREATOR_TAG_KEY_ENV,
  DEFAULT_CREATOR_TAG_KEY,
  readConfig,
  STATIC_TAGS_ENV,
} from "../../lambda-src/rds-autotag/config";
import { HANDLED_EVENT_NAMES, type HandledEventName } from "../../lambda-src/rds-autotag/event-names";
import type { Checker } from "../core/checks";
import { isPlainObject } from "../core/checks";
import {
  type DeliverySettings,
  type FunctionSettings,
  readDelivery,
  readFunctionSettings,
} from "../core/common-settings";
import { type AlarmSettings, readAlarmSettings } from "../shared/monitoring/alarm-settings";

/** The alarms of this stack (`alarms.<kind>`); trail-delivery-errors only with createTrail. */
export const RDS_AUTOTAG_ALARMS = [
  "rule-failed-invocations",
  "rule-sent-to-dlq",
  "rule-dlq-delivery-failed",
  "function-errors",
  "function-throttles",
  "function-destination-failures",
  "function-duration",
  "trail-delivery-errors",
] as const;

/** Function settings: timeoutSeconds defaults to 30 (1 to 900). */
export interface RdsAutotagSettings extends FunctionSettings {
  /**
   * CloudTrail event names that trigger tagging.
   * @default every create and restore call the function handles (instances and Aurora clusters)
   */
  readonly eventNames: readonly HandledEventName[];
  /** Tags put on every new database. @default {} */
  readonly staticTags: Readonly<Record<string, string>>;
  /** Tag key for the creator's identity (CloudTrail userIdentity.arn). @default "CreatedBy" */
  readonly creatorTagKey: string;
  /** EventBridge's retries of the rule target. */
  readonly delivery: DeliverySettings;
  /**
   * Create a multi-region CloudTrail trail (management write events) with an encrypted bucket.
   * "AWS API Call via CloudTrail" events exist only when a trail logs management events; most
   * accounts already have one (an organization trail, Control Tower), so this is off by default.
   * @default false
   */
  readonly createTrail: boolean;
  /** Threshold and on/off of each alarm. @default every alarm on, with the thresholds in the README */
  readonly alarms: AlarmSettings<(typeof RDS_AUTOTAG_ALARMS)[number]>;
  /** The trail's log bucket (only with `createTrail`). */
  readonly trail: TrailSettings;
}

/** How long the trail's log files are kept, and whether `terraform destroy` may delete them. */
export interface TrailSettings {
  /**
   * Days before a log file is deleted (its old versions follow after 30 days); `null` keeps logs until deleted
   * by hand. CloudTrail writes a file every few minutes in every region: without an expiry the bucket only grows.
   * @default 365
   */
  readonly logExpirationDays: number | null;
  /**
   * Let `terraform destroy` delete the log bucket with every log file version in it (the trail fills it within
   * minutes, so without this a destroy stops at BucketNotEmpty). Only allowed in the "dev" environment.
   * @default false
   */
  readonly forceDestroy: boolean;
}

export const DEFAULT_TRAIL_LOG_EXPIRATION_DAYS = 365;

const KEYS = [
  "eventNames",
  "staticTags",
  "creatorTagKey",
  "memorySize",
  "timeoutSeconds",
  "asyncRetryAttempts",
  "asyncMaximumEventAgeSeconds",
  "delivery",
  "createTrail",
  "alarms",
  "trail",
];

export function readRdsAutotagSettings(field: string, value: unknown, check: Checker): RdsAutotagSettings {
  const raw = check.section(field, value, KEYS);
  const staticTags = isPlainObject(raw.staticTags) ? raw.staticTags : {};
  if (raw.staticTags !== undefined && !isPlainObject(raw.staticTags)) {
    check.fail(`${field}.staticTags`, raw.staticTags, "an object of tag key to string value");
  }
  const creatorTagKey = typeof raw.creatorTagKey === "string" ? raw.creatorTagKey : DEFAULT_CREATOR_TAG_KEY;
  if (raw.creatorTagKey !== undefined && typeof raw.creatorTagKey !== "string") {
    check.fail(`${field}.creatorTagKey`, raw.creatorTagKey, "an RDS tag key");
  }
  // The function validates the same values at cold start: one implementation, so synth and runtime agree.
  try {
    readConfig({ [STATIC_TAGS_ENV]: JSON.stringify(staticTags), [CREATOR_TAG_KEY_ENV]: creatorTagKey });
  } catch (error) {
    if (!(error instanceof AutotagConfigError)) throw error;
    const which = error.message.startsWith(CREATOR_TAG_KEY_ENV) ? "creatorTagKey" : "staticTags";
    check.fail(`${field}.${which}`, which === "staticTags" ? staticTags : creatorTagKey, error.message);
  }
  return {
    eventNames: check.stringList(`${field}.eventNames`, raw.eventNames, HANDLED_EVENT_NAMES, {
      pattern: new RegExp(`^(${HANDLED_EVENT_NAMES.join("|")})$`),
      describe: `an RDS create or restore call the function handles (${HANDLED_EVENT_NAMES.join(", ")})`,
      maxItems: HANDLED_EVENT_NAMES.length,
    }) as readonly HandledEventName[],
    staticTags: staticTags as Record<string, string>,
    creatorTagKey,
    ...readFunctionSettings(field, raw, check, { fallback: 30, max: 900 }),
    delivery: readDelivery(`${field}.delivery`, raw.delivery, check),
    createTrail: check.boolean(`${field}.createTrail`, raw.createTrail, false),
    alarms: readAlarmSettings(`${field}.alarms`, raw.alarms, RDS_AUTOTAG_ALARMS, check),
    trail: readTrail(`${field}.trail`, raw, check),
  };
}

function readTrail(field: string, parent: Record<string, unknown>, check: Checker): TrailSettings {
  const raw = check.section(field, parent.trail, ["logExpirationDays", "forceDestroy"]);
  if (parent.trail !== undefined && parent.createTrail !== true) {
    check.fail(
      field,
      parent.trail,
      "only used with createTrail: true (the stack creates no trail or bucket)",
    );
  }
  let logExpirationDays: number | null = DEFAULT_TRAIL_LOG_EXPIRATION_DAYS;
  if (raw.logExpirationDays === null) logExpirationDays = null;
  else {
    logExpirationDays = check.integer(
      `${field}.logExpirationDays`,
      raw.logExpirationDays,
      DEFAULT_TRAIL_LOG_EXPIRATION_DAYS,
      { min: 1, max: 36_500, unit: "days (or null to keep logs)" },
    );
  }
  return { logExpirationDays, forceDestroy: check.boolean(`${field}.forceDestroy`, raw.forceDestroy, false) };
}
