import { z } from "zod";
import {
  AutotagConfigError,
  CREATOR_TAG_KEY_ENV,
  DEFAULT_CREATOR_TAG_KEY,
  readConfig,
  STATIC_TAGS_ENV,
} from "../../lambda-src/rds-autotag/config";
import { HANDLED_EVENT_NAMES } from "../../lambda-src/rds-autotag/event-names";
import { isPlainObject } from "../core/checks";
import { deliverySettings, functionSettings } from "../core/common-settings";
import { boolean, integer, oneOf, section, stringList, withRules } from "../core/settings-schema";
import { alarmSettings } from "../shared/monitoring/alarm-settings";

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

export const DEFAULT_TRAIL_LOG_EXPIRATION_DAYS = 365;

/** The trail's log bucket (only with `createTrail`): how long its log files are kept, and whether destroy may delete them. */
const trailSettings = section({
  /**
   * Days before a log file is deleted (its old versions follow after 30 days); `null` keeps logs until deleted
   * by hand. CloudTrail writes a file every few minutes in every region: without an expiry the bucket only grows.
   */
  logExpirationDays: integer(1, 36_500, "days (or null to keep logs)")
    .nullable()
    .default(DEFAULT_TRAIL_LOG_EXPIRATION_DAYS),
  /**
   * Let `terraform destroy` delete the log bucket with every log file version in it (the trail fills it within
   * minutes, so without this a destroy stops at BucketNotEmpty). Only allowed in the "dev" environment.
   */
  forceDestroy: boolean().default(false),
});

export const rdsAutotagSettings = withRules(
  section({
    /** CloudTrail event names that trigger tagging (default: every create and restore call the function handles). */
    eventNames: stringList(
      oneOf(
        HANDLED_EVENT_NAMES,
        `an RDS create or restore call the function handles (${HANDLED_EVENT_NAMES.join(", ")})`,
      ),
      `an RDS create or restore call the function handles (${HANDLED_EVENT_NAMES.join(", ")})`,
      { maxItems: HANDLED_EVENT_NAMES.length },
    ).default([...HANDLED_EVENT_NAMES]),
    /** Tags put on every new database (the function checks them the same way at cold start). */
    staticTags: z
      .record(z.string(), z.string({ error: "a string (a tag value)" }), {
        error: "an object of tag key to string value",
      })
      .default({}),
    /** Tag key for the creator's identity (CloudTrail userIdentity.arn). */
    creatorTagKey: z.string({ error: "an RDS tag key" }).default(DEFAULT_CREATOR_TAG_KEY),
    /** Lambda size and asynchronous invocation; timeoutSeconds 1 to 900. */
    ...functionSettings({ default: 30, max: 900 }),
    /** EventBridge's retries of the rule target. */
    delivery: deliverySettings,
    /**
     * Create a multi-region CloudTrail trail (management write events) with an encrypted bucket.
     * "AWS API Call via CloudTrail" events exist only when a trail logs management events; most
     * accounts already have one (an organization trail, Control Tower), so this is off by default.
     */
    createTrail: boolean().default(false),
    /** Threshold and on/off of each alarm (defaults: every alarm on, with the thresholds in the README). */
    alarms: alarmSettings(RDS_AUTOTAG_ALARMS),
    trail: trailSettings,
  }),
  (raw, fail) => {
    if (raw.trail !== undefined && raw.createTrail !== true)
      fail("trail", "only used with createTrail: true (the stack creates no trail or bucket)");
    // The function validates the same values at cold start: one implementation, so synth and runtime agree.
    const staticTags = isPlainObject(raw.staticTags) ? raw.staticTags : {};
    const creatorTagKey = typeof raw.creatorTagKey === "string" ? raw.creatorTagKey : DEFAULT_CREATOR_TAG_KEY;
    try {
      readConfig({ [STATIC_TAGS_ENV]: JSON.stringify(staticTags), [CREATOR_TAG_KEY_ENV]: creatorTagKey });
    } catch (error) {
      if (!(error instanceof AutotagConfigError)) throw error;
      fail(error.message.startsWith(CREATOR_TAG_KEY_ENV) ? "creatorTagKey" : "staticTags", error.message);
    }
  },
);

export type RdsAutotagSettings = z.output<typeof rdsAutotagSettings>;
