/**
 * The event-rule-targets state machine (STANDARD) as typed Amazon States Language data.
 *
 * Pure data with no cdktf imports: the stack serialises it with `JSON.stringify`, and tests check it with
 * asl-validator and route inputs through its Choice rules.
 * @see https://states-language.net/spec.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/** A Payload Template: fields whose names end in ".$" hold a Path or an intrinsic function. */
export type PayloadTemplate = JsonObject;

/** Value type of every Data-test comparison operator, keyed by operator name. */
export interface DataTestOperators {
  readonly StringEquals: string;
  readonly StringEqualsPath: string;
  readonly StringLessThan: string;
  readonly StringLessThanPath: string;
  readonly StringGreaterThan: string;
  readonly StringGreaterThanPath: string;
  readonly StringLessThanEquals: string;
  readonly StringLessThanEqualsPath: string;
  readonly StringGreaterThanEquals: string;
  readonly StringGreaterThanEqualsPath: string;
  /** A pattern where `*` matches zero or more characters; `\*` and `\\` are literal. */
  readonly StringMatches: string;
  readonly NumericEquals: number;
  readonly NumericEqualsPath: string;
  readonly NumericLessThan: number;
  readonly NumericLessThanPath: string;
  readonly NumericGreaterThan: number;
  readonly NumericGreaterThanPath: string;
  readonly NumericLessThanEquals: number;
  readonly NumericLessThanEqualsPath: string;
  readonly NumericGreaterThanEquals: number;
  readonly NumericGreaterThanEqualsPath: string;
  readonly BooleanEquals: boolean;
  readonly BooleanEqualsPath: string;
  readonly TimestampEquals: string;
  readonly TimestampEqualsPath: string;
  readonly TimestampLessThan: string;
  readonly TimestampLessThanPath: string;
  readonly TimestampGreaterThan: string;
  readonly TimestampGreaterThanPath: string;
  readonly TimestampLessThanEquals: string;
  readonly TimestampLessThanEqualsPath: string;
  readonly TimestampGreaterThanEquals: string;
  readonly TimestampGreaterThanEqualsPath: string;
  readonly IsNull: boolean;
  /** The only operator that tolerates a Variable matching nothing (it then yields false). */
  readonly IsPresent: boolean;
  readonly IsNumeric: boolean;
  readonly IsString: boolean;
  readonly IsBoolean: boolean;
  readonly IsTimestamp: boolean;
}

/** Name of a Data-test comparison operator. */
export type DataTestOperator = keyof DataTestOperators;

/** Exactly one operator: the spec requires one comparison field per Data-test Expression. */
type ExactlyOneOperator<K extends DataTestOperator> = { readonly [P in K]: DataTestOperators[P] } & {
  readonly [P in Exclude<DataTestOperator, K>]?: never;
};

/** An assertion about the value the Reference Path `Variable` selects from the state input. */
export type DataTestExpression = {
  [K in DataTestOperator]: { readonly Variable: string } & ExactlyOneOperator<K>;
}[DataTestOperator];

/** True when every rule is true; evaluated in order and stops at the first false. */
export interface AndExpression {
  readonly And: readonly NestedChoiceRule[];
}

/** True when any rule is true; evaluated in order and stops at the first true. */
export interface OrExpression {
  readonly Or: readonly NestedChoiceRule[];
}

/** The inverse of one rule. */
export interface NotExpression {
  readonly Not: NestedChoiceRule;
}

/** A rule that evaluates to a boolean. */
export type ChoiceCondition = DataTestExpression | AndExpression | OrExpression | NotExpression;

/** A rule inside And/Or/Not: it MUST NOT have `Next`. */
export type NestedChoiceRule = ChoiceCondition & { readonly Next?: never };

/** A member of `Choices`: it MUST have `Next`. */
export type ChoiceRule = ChoiceCondition & { readonly Next: string };

/** Fields every state may have. */
interface StateBase {
  readonly Comment?: string;
}

/** A non-terminal state names its successor; a terminal one says `End`. */
type Transition =
  | { readonly Next: string; readonly End?: never }
  | { readonly End: true; readonly Next?: never };

/** Branching on the state input. */
export interface ChoiceState extends StateBase {
  readonly Type: "Choice";
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** Retries a failed Task for matching error names. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: "FULL" | "NONE";
}

/** Moves to a fallback state for matching error names, once retries are exhausted. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  /** Where the error output ({ Error, Cause }) goes in the state input; the default replaces it. */
  readonly ResultPath?: string | null;
}

/** A unit of work, such as an optimised service integration. */
export type TaskState = StateBase &
  Transition & {
    readonly Type: "Task";
    readonly Resource: string;
    readonly InputPath?: string | null;
    readonly Parameters?: PayloadTemplate;
    readonly ResultSelector?: PayloadTemplate;
    readonly ResultPath?: string | null;
    readonly OutputPath?: string | null;
    readonly TimeoutSeconds?: number;
    readonly HeartbeatSeconds?: number;
    readonly Retry?: readonly Retrier[];
    readonly Catch?: readonly Catcher[];
  };

/** Passes (or reshapes) its input without doing work. */
export type PassState = StateBase &
  Transition & {
    readonly Type: "Pass";
    readonly InputPath?: string | null;
    readonly Parameters?: PayloadTemplate;
    readonly Result?: JsonValue;
    readonly ResultPath?: string | null;
    readonly OutputPath?: string | null;
  };

/** Ends the execution successfully. */
export interface SucceedState extends StateBase {
  readonly Type: "Succeed";
  readonly InputPath?: string | null;
  readonly OutputPath?: string | null;
}

/** A fixed error name, or one read from the input (ErrorPath): never both. */
type FailError =
  | { readonly Error?: string; readonly ErrorPath?: never }
  | { readonly ErrorPath: string; readonly Error?: never };

/** A fixed cause, or one read from the input (CausePath): never both. */
type FailCause =
  | { readonly Cause?: string; readonly CausePath?: never }
  | { readonly CausePath: string; readonly Cause?: never };

/** Ends the execution as failed. */
export type FailState = StateBase & FailError & FailCause & { readonly Type: "Fail" };

/** The state types this project uses. */
export type State = ChoiceState | TaskState | PassState | SucceedState | FailState;

/** A whole state machine. */
export interface StateMachineDefinition {
  readonly Comment?: string;
  readonly QueryLanguage?: "JSONPath";
  readonly StartAt: string;
  readonly States: { readonly [name: string]: State };
  readonly TimeoutSeconds?: number;
}

/** State names, for the stack, alarms and tests. */
export const STATE_NAMES = {
  validateDetail: "ValidateDetail",
  invalidDetail: "InvalidDetail",
  processEvent: "ProcessEvent",
  processingFailed: "ProcessingFailed",
  done: "Done",
} as const;

/** The error name an execution fails with when the Choice state rejects the detail. */
export const INVALID_DETAIL_ERROR = "InvalidDetail";

/** Lambda errors that are worth retrying: the service or the caller hiccupped, not the function. */
export const LAMBDA_TRANSIENT_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.TooManyRequestsException",
] as const;

/** The Task timeout: the function itself is short-lived, so a minute only covers cold starts and queuing. */
export const PROCESS_EVENT_TIMEOUT_SECONDS = 60;

/** Properties of {@link stateMachineDefinition}. */
export interface StateMachineDefinitionProps {
  /** ARN of the event-consumer function; a Terraform token such as "${aws_lambda_function.x.arn}" is fine. */
  readonly functionArn: string;
}

/** A string value that is present and not empty; the And order matters, see below. */
function nonEmptyString(variable: string): NestedChoiceRule[] {
  return [
    { Variable: variable, IsPresent: true },
    { Variable: variable, IsString: true },
    { Not: { Variable: variable, StringEquals: "" } },
  ];
}

/**
 * The STANDARD state machine started by the "start-state-machine" EventBridge rule. Its input is the
 * EventBridge event; the Lambda receives `{ invokedBy: "state-machine", executionId, event }` and its
 * return value lands in `$.result.summary`.
 */
export function stateMachineDefinition(props: StateMachineDefinitionProps): StateMachineDefinition {
  const { validateDetail, invalidDetail, processEvent, processingFailed, done } = STATE_NAMES;
  return {
    Comment:
      "Validates the detail of a start-state-machine event and processes it with the event-consumer function.",
    QueryLanguage: "JSONPath",
    StartAt: validateDetail,
    States: {
      [validateDetail]: {
        Type: "Choice",
        Comment:
          "Coarse gate on the detail shape; the function enforces the full contract (lengths, characters, payload).",
        Choices: [
          {
            // And stops at the first false, so IsPresent guards the later tests: any other operator on a
            // missing field fails the execution with States.Runtime instead of returning false.
            And: [...nonEmptyString("$.detail.requestId"), ...nonEmptyString("$.detail.action")],
            Next: processEvent,
          },
        ],
        Default: invalidDetail,
      },
      [invalidDetail]: {
        Type: "Fail",
        Comment: "The detail failed the Choice gate; retrying the same event cannot succeed.",
        Error: INVALID_DETAIL_ERROR,
        Cause: "The event detail must contain a non-empty string requestId and a non-empty string action.",
      },
      [processEvent]: {
        Type: "Task",
        Comment:
          "Invokes the event-consumer function with the whole event; its summary goes to $.result.summary.",
        Resource: "arn:aws:states:::lambda:invoke",
        Parameters: {
          FunctionName: props.functionArn,
          Payload: {
            invokedBy: "state-machine",
            "executionId.$": "$$.Execution.Id",
            "event.$": "$",
          },
        },
        // The optimised integration wraps the function's return value in the Invoke API response.
        ResultSelector: { "summary.$": "$.Payload" },
        ResultPath: "$.result",
        TimeoutSeconds: PROCESS_EVENT_TIMEOUT_SECONDS,
        Retry: [
          {
            // Only transient Lambda service errors: a function error (such as InvalidDetailError) would
            // fail the same way again.
            ErrorEquals: [...LAMBDA_TRANSIENT_ERRORS],
            IntervalSeconds: 1,
            MaxAttempts: 3,
            BackoffRate: 2,
            MaxDelaySeconds: 10,
            JitterStrategy: "FULL",
          },
        ],
        Catch: [
          {
            ErrorEquals: ["States.ALL"],
            // Keep the event next to the error so the failed execution shows both.
            ResultPath: "$.error",
            Next: processingFailed,
          },
        ],
        Next: done,
      },
      [processingFailed]: {
        Type: "Fail",
        Comment: "Fails with the error the Task caught, such as InvalidDetailError from the function.",
        ErrorPath: "$.error.Error",
        CausePath: "$.error.Cause",
      },
      [done]: {
        Type: "Succeed",
        Comment: "The event was processed; the output is the event plus result.summary.",
      },
    },
  };
}
