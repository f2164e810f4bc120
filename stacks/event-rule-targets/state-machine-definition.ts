/**
 * The event-rule-targets state machine (STANDARD) as Amazon States Language data.
 *
 * Pure data with no cdktf imports: the stack serialises it with `JSON.stringify`, and tests check it with
 * asl-validator and route inputs through its Choice rules.
 * @see https://states-language.net/spec.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-amazon-states-language.html
 */

/** Any JSON value, and a JSON object. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

/**
 * A whole state machine, as plain data: its shape is the spec's, checked by asl-validator in the tests
 * (state-machine-definition.test.ts) rather than retyped here.
 */
export interface StateMachineDefinition extends JsonObject {
  readonly StartAt: string;
  readonly States: { readonly [name: string]: JsonObject };
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
function nonEmptyString(variable: string): JsonObject[] {
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
