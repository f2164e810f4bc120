import type { z } from "zod";
import { deliverySettings, functionSettings, KMS_KEY_ARN_PATTERN } from "../core/common-settings";
import {
  boolean,
  integer,
  oneOf,
  optional,
  section,
  stringList,
  text,
  withRules,
} from "../core/settings-schema";
import { alarmSettings } from "../shared/monitoring/alarm-settings";
import { PROCESS_EVENT_TIMEOUT_SECONDS } from "./state-machine-definition";

/** The alarms of this stack (`alarms.<kind>`); the rule alarms apply to both rules. */
export const EVENT_RULE_TARGETS_ALARMS = [
  "rule-failed-invocations",
  "rule-sent-to-dlq",
  "rule-dlq-delivery-failed",
  "state-machine-failed",
  "state-machine-timed-out",
  "state-machine-throttled",
  "function-errors",
  "function-throttles",
  "function-destination-failures",
  "function-duration",
] as const;

/**
 * The source producers put on their events. Without a source constraint any producer that may put events on
 * the bus (every role in the account with events:PutEvents, for the default bus) could start the targets.
 */
export const DEFAULT_SOURCES = ["com.example.integrations"];
/** Detail-types of the source article. */
export const DEFAULT_STATE_MACHINE_DETAIL_TYPE = "start-state-machine";
export const DEFAULT_LAMBDA_DETAIL_TYPE = "start-lambda-function";

/** Step Functions log levels this stack allows: OFF is refused, the baseline (LOG-SFN) requires logging. */
export const STATE_MACHINE_LOG_LEVELS = ["ALL", "ERROR", "FATAL"] as const;
export type StateMachineLogLevel = (typeof STATE_MACHINE_LOG_LEVELS)[number];

/** The function must give up before the Task's timeout, leaving room for a cold start (init runs outside it). */
export const MAX_FUNCTION_TIMEOUT_SECONDS = PROCESS_EVENT_TIMEOUT_SECONDS - 10;

/**
 * A custom event source: reverse-DNS style, as EventBridge recommends. PutEvents refuses sources that start
 * with "aws." (those belong to AWS services), and quotes are excluded so the put-events example stays a plain
 * shell word.
 */
const SOURCE_PATTERN = /^(?!aws\.)[A-Za-z0-9][A-Za-z0-9._/-]{0,255}$/;
const SOURCE_DESCRIPTION =
  'an event source such as "com.example.integrations": 1 to 256 letters, digits and . _ / -, not starting with "aws." (reserved for AWS services)';
/** A detail-type: 1–128 characters (EventBridge's limit), no quotes for the same reason as sources. */
const DETAIL_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,127}$/;

const stateMachineSettings = withRules(
  section({
    /**
     * Which execution history events go to the state machine's log group. OFF is not allowed: the baseline
     * (LOG-SFN) requires every state machine to log.
     */
    logLevel: oneOf(
      STATE_MACHINE_LOG_LEVELS,
      `one of ${STATE_MACHINE_LOG_LEVELS.map((l) => `"${l}"`).join(", ")}`,
    ).default("ALL"),
    /**
     * Put state inputs and outputs (the event detail, the function's result) into the log. Off by default:
     * details are producers' data and may hold personal data; execution history in Step Functions still
     * shows them to those allowed to read it.
     */
    includeExecutionData: boolean().default(false),
    /** X-Ray tracing of executions (the execution role then gets the X-Ray write actions). */
    tracing: boolean().default(false),
    /**
     * A symmetric customer managed KMS key (key ARN) for the definition and execution history; the AWS owned
     * key when absent. Its key policy must let this account's IAM policies grant use (the default key policy
     * does) and, as logging is always on, allow `delivery.logs.amazonaws.com` to `kms:Decrypt`.
     */
    kmsKeyArn: optional(
      text(
        "a symmetric KMS key ARN such as arn:aws:kms:us-east-1:111122223333:key/<key id> (not an alias: IAM scopes key use by key ARN)",
        { pattern: KMS_KEY_ARN_PATTERN },
      ),
    ),
    /** How long Step Functions reuses a data key of `kmsKeyArn`. */
    kmsDataKeyReusePeriodSeconds: integer(60, 900, "seconds").default(300),
  }),
  (raw, fail) => {
    if (raw.logLevel === "OFF")
      fail(
        "logLevel",
        `one of ${STATE_MACHINE_LOG_LEVELS.map((l) => `"${l}"`).join(", ")} (OFF is refused: the baseline rule LOG-SFN requires state machine logging)`,
      );
    if (raw.kmsKeyArn === undefined && raw.kmsDataKeyReusePeriodSeconds !== undefined)
      fail(
        "kmsDataKeyReusePeriodSeconds",
        "only used with kmsKeyArn (the AWS owned key has no data key reuse period)",
      );
  },
);

const detailType = text(
  "a detail-type of 1 to 128 characters: letters, digits, spaces and . _ : / -, starting with a letter or digit",
  { pattern: DETAIL_TYPE_PATTERN },
);

export const eventRuleTargetsSettings = section({
  /**
   * Create a custom event bus (`<prefix>-<environment>-event-rule-targets`) and put both rules on it,
   * instead of using the account's default bus. Producers then send with `EventBusName`; only principals
   * of this account with events:PutEvents on that bus can (there is no bus policy for other accounts).
   */
  customEventBus: boolean().default(false),
  /**
   * Event sources both rules accept (the `source` producers set). Required and never empty: without it any
   * producer on the bus could trigger the targets with the right detail-type.
   */
  sources: stringList(text(SOURCE_DESCRIPTION, { pattern: SOURCE_PATTERN }), SOURCE_DESCRIPTION, {
    maxItems: 10,
  }).default(DEFAULT_SOURCES),
  /** Detail-type that starts the state machine. */
  stateMachineDetailType: detailType.default(DEFAULT_STATE_MACHINE_DETAIL_TYPE),
  /** Detail-type that invokes the function directly; must differ from the other. */
  lambdaDetailType: detailType.default(DEFAULT_LAMBDA_DETAIL_TYPE),
  stateMachine: stateMachineSettings,
  /**
   * Function settings: timeoutSeconds defaults to 10 and is at most 50, so the state machine's 60-second Task
   * sees the function's own error, not a timeout.
   */
  ...functionSettings({
    default: 10,
    max: MAX_FUNCTION_TIMEOUT_SECONDS,
    unit: `seconds (the state machine's Task times out after ${PROCESS_EVENT_TIMEOUT_SECONDS})`,
  }),
  /** EventBridge's retries of both rule targets before an event goes to the rule's dead-letter queue. */
  delivery: deliverySettings,
  /** Threshold and on/off of each alarm (defaults: every alarm on, with the thresholds in the README). */
  alarms: alarmSettings(EVENT_RULE_TARGETS_ALARMS),
}).superRefine((settings, ctx) => {
  if (settings.stateMachineDetailType === settings.lambdaDetailType)
    ctx.addIssue({
      code: "custom",
      path: ["lambdaDetailType"],
      input: settings.lambdaDetailType,
      message: `a detail-type other than stateMachineDetailType ("${settings.stateMachineDetailType}"): each detail-type reaches exactly one target`,
    });
});

export type EventRuleTargetsSettings = z.output<typeof eventRuleTargetsSettings>;
export type StateMachineSettings = EventRuleTargetsSettings["stateMachine"];
