import {
  AutotagConfigError,
  CREATOR_TAG_KEY_ENV,
  DEFAULT_CREATOR_TAG_KEY,
  readConfig,
  STATIC_TAGS_ENV,
} from "../../lambda-src/rds-autotag/config";
import { HANDLED_EVENT_NAMES, type HandledEventName } from "../../lambda-src/rds-autotag/event-names";
import type { Checker } from "../config/checks";
import { isPlainObject } from "../config/checks";
import { type DeliverySettings, readDelivery } from "../config/common-settings";

export interface RdsAutotagSettings {
  /**
   * CloudTrail event names that trigger tagging.
   * @default every create and restore call the function handles (instances and Aurora clusters)
   */
  readonly eventNames: readonly HandledEventName[];
  /** Tags put on every new database. @default {} */
  readonly staticTags: Readonly<Record<string, string>>;
  /** Tag key for the creator's identity (CloudTrail userIdentity.arn). @default "CreatedBy" */
  readonly creatorTagKey: string;
  /** @default 256 */
  readonly memorySize: number;
  /** @default 30 */
  readonly timeoutSeconds: number;
  /** Lambda's retries of a failed asynchronous invocation. @default 2 */
  readonly asyncRetryAttempts: number;
  /** @default 3600 */
  readonly asyncMaximumEventAgeSeconds: number;
  /** EventBridge's retries of the rule target. */
  readonly delivery: DeliverySettings;
  /**
   * Create a multi-region CloudTrail trail (management write events) with an encrypted bucket.
   * "AWS API Call via CloudTrail" events exist only when a trail logs management events; most
   * accounts already have one (an organization trail, Control Tower), so this is off by default.
   * @default false
   */
  readonly createTrail: boolean;
}

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
    memorySize: check.integer(`${field}.memorySize`, raw.memorySize, 256, {
      min: 128,
      max: 10240,
      unit: "MB",
    }),
    timeoutSeconds: check.integer(`${field}.timeoutSeconds`, raw.timeoutSeconds, 30, {
      min: 1,
      max: 900,
      unit: "seconds",
    }),
    asyncRetryAttempts: check.integer(`${field}.asyncRetryAttempts`, raw.asyncRetryAttempts, 2, {
      min: 0,
      max: 2,
    }),
    asyncMaximumEventAgeSeconds: check.integer(
      `${field}.asyncMaximumEventAgeSeconds`,
      raw.asyncMaximumEventAgeSeconds,
      3600,
      {
        min: 60,
        max: 21600,
        unit: "seconds",
      },
    ),
    delivery: readDelivery(`${field}.delivery`, raw.delivery, check),
    createTrail: check.boolean(`${field}.createTrail`, raw.createTrail, false),
  };
}
