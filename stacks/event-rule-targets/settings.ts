import type { Checker } from "../core/checks";
import {
  type DeliverySettings,
  type FunctionSettings,
  KMS_KEY_ARN_PATTERN,
  readDelivery,
  readFunctionSettings,
} from "../core/common-settings";
import { type AlarmSettings, readAlarmSettings } from "../shared/monitoring/alarm-settings";
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
export const DEFAULT_SOURCES: readonly string[] = ["com.example.integrations"];
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
/** A detail-type: 1–128 characters (EventBridge's limit), no quotes for the same reason as sources. */
const DETAIL_TYPE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,127}$/;

export interface StateMachineSettings {
  /**
   * Which execution history events go to the state machine's log group. OFF is not allowed: the baseline
   * (LOG-SFN) requires every state machine to log.
   * @default "ALL"
   */
  readonly logLevel: StateMachineLogLevel;
  /**
   * Put state inputs and outputs (the event detail, the function's result) into the log. Off by default:
   * details are producers' data and may hold personal data; execution history in Step Functions still
   * shows them to those allowed to read it.
   * @default false
   */
  readonly includeExecutionData: boolean;
  /** X-Ray tracing of executions (the execution role then gets the X-Ray write actions). @default false */
  readonly tracing: boolean;
  /**
   * A symmetric customer managed KMS key (key ARN) for the definition and execution history; the AWS owned
   * key when absent. Its key policy must let this account's IAM policies grant use (the default key policy
   * does) and, as logging is always on, allow `delivery.logs.amazonaws.com` to `kms:Decrypt`.
   * @default undefined (AWS_OWNED_KEY)
   */
  readonly kmsKeyArn?: string;
  /** How long Step Functions reuses a data key of `kmsKeyArn`. @default 300 */
  readonly kmsDataKeyReusePeriodSeconds: number;
}

/**
 * Settings of the event-rule-targets stack. Of the function settings, timeoutSeconds defaults to 10
 * and is at most 50, so the state machine's 60-second Task sees the function's own error, not a timeout.
 */
export interface EventRuleTargetsSettings extends FunctionSettings {
  /**
   * Create a custom event bus (`<prefix>-<environment>-event-rule-targets`) and put both rules on it,
   * instead of using the account's default bus. Producers then send with `EventBusName`; only principals
   * of this account with events:PutEvents on that bus can (there is no bus policy for other accounts).
   * @default false
   */
  readonly customEventBus: boolean;
  /**
   * Event sources both rules accept (the `source` producers set). Required and never empty: without it any
   * producer on the bus could trigger the targets with the right detail-type.
   * @default ["com.example.integrations"]
   */
  readonly sources: readonly string[];
  /** Detail-type that starts the state machine. @default "start-state-machine" */
  readonly stateMachineDetailType: string;
  /** Detail-type that invokes the function directly; must differ from the other. @default "start-lambda-function" */
  readonly lambdaDetailType: string;
  readonly stateMachine: StateMachineSettings;
  /** EventBridge's retries of both rule targets before an event goes to the rule's dead-letter queue. */
  readonly delivery: DeliverySettings;
  /** Threshold and on/off of each alarm. @default every alarm on, with the thresholds in the README */
  readonly alarms: AlarmSettings<(typeof EVENT_RULE_TARGETS_ALARMS)[number]>;
}

const KEYS = [
  "customEventBus",
  "sources",
  "stateMachineDetailType",
  "lambdaDetailType",
  "stateMachine",
  "memorySize",
  "timeoutSeconds",
  "asyncRetryAttempts",
  "asyncMaximumEventAgeSeconds",
  "delivery",
  "alarms",
];

const STATE_MACHINE_KEYS = [
  "logLevel",
  "includeExecutionData",
  "tracing",
  "kmsKeyArn",
  "kmsDataKeyReusePeriodSeconds",
];

export function readEventRuleTargetsSettings(
  field: string,
  value: unknown,
  check: Checker,
): EventRuleTargetsSettings {
  const raw = check.section(field, value, KEYS);
  const detailType = (key: string, fallback: string) =>
    check.string(`${field}.${key}`, raw[key], fallback, {
      pattern: DETAIL_TYPE_PATTERN,
      describe:
        "a detail-type of 1 to 128 characters: letters, digits, spaces and . _ : / -, starting with a letter or digit",
    });
  const stateMachineDetailType = detailType("stateMachineDetailType", DEFAULT_STATE_MACHINE_DETAIL_TYPE);
  const lambdaDetailType = detailType("lambdaDetailType", DEFAULT_LAMBDA_DETAIL_TYPE);
  if (stateMachineDetailType === lambdaDetailType) {
    check.fail(
      `${field}.lambdaDetailType`,
      lambdaDetailType,
      `a detail-type other than stateMachineDetailType ("${stateMachineDetailType}"): each detail-type reaches exactly one target`,
    );
  }
  return {
    customEventBus: check.boolean(`${field}.customEventBus`, raw.customEventBus, false),
    sources: check.stringList(`${field}.sources`, raw.sources, DEFAULT_SOURCES, {
      pattern: SOURCE_PATTERN,
      describe:
        'an event source such as "com.example.integrations": 1 to 256 letters, digits and . _ / -, not starting with "aws." (reserved for AWS services)',
      maxItems: 10,
    }),
    stateMachineDetailType,
    lambdaDetailType,
    stateMachine: readStateMachine(`${field}.stateMachine`, raw.stateMachine, check),
    ...readFunctionSettings(field, raw, check, {
      fallback: 10,
      max: MAX_FUNCTION_TIMEOUT_SECONDS,
      unit: `seconds (the state machine's Task times out after ${PROCESS_EVENT_TIMEOUT_SECONDS})`,
    }),
    delivery: readDelivery(`${field}.delivery`, raw.delivery, check),
    alarms: readAlarmSettings(`${field}.alarms`, raw.alarms, EVENT_RULE_TARGETS_ALARMS, check),
  };
}

function readStateMachine(field: string, value: unknown, check: Checker): StateMachineSettings {
  const raw = check.section(field, value, STATE_MACHINE_KEYS);
  let logLevel: StateMachineLogLevel = "ALL";
  if (raw.logLevel === "OFF") {
    check.fail(
      `${field}.logLevel`,
      raw.logLevel,
      `one of ${STATE_MACHINE_LOG_LEVELS.map((l) => `"${l}"`).join(", ")} (OFF is refused: the baseline rule LOG-SFN requires state machine logging)`,
    );
  } else {
    logLevel = check.oneOf(`${field}.logLevel`, raw.logLevel, "ALL", STATE_MACHINE_LOG_LEVELS);
  }
  const kmsKeyArn = check.optionalString(`${field}.kmsKeyArn`, raw.kmsKeyArn, {
    pattern: KMS_KEY_ARN_PATTERN,
    describe:
      "a symmetric KMS key ARN such as arn:aws:kms:us-east-1:111122223333:key/<key id> (not an alias: IAM scopes key use by key ARN)",
  });
  if (raw.kmsKeyArn === undefined && raw.kmsDataKeyReusePeriodSeconds !== undefined) {
    check.fail(
      `${field}.kmsDataKeyReusePeriodSeconds`,
      raw.kmsDataKeyReusePeriodSeconds,
      "only used with kmsKeyArn (the AWS owned key has no data key reuse period)",
    );
  }
  return {
    logLevel,
    includeExecutionData: check.boolean(`${field}.includeExecutionData`, raw.includeExecutionData, false),
    tracing: check.boolean(`${field}.tracing`, raw.tracing, false),
    kmsKeyArn,
    kmsDataKeyReusePeriodSeconds: check.integer(
      `${field}.kmsDataKeyReusePeriodSeconds`,
      raw.kmsDataKeyReusePeriodSeconds,
      300,
      { min: 60, max: 900, unit: "seconds" },
    ),
  };
}
