import type { Context } from "aws-lambda";
import { createLogger, type Logger, type LogLevel } from "../shared/log";
import { describeProblems, validateDetail } from "./detail";
import { InvalidDetailError, UnrecognizedInputError } from "./errors";
import { type Invocation, type InvokedBy, parseInvocation } from "./invocation";
import { type ConsumerResult, summarize } from "./summary";

/** How an invocation ended, as logged. */
export type Outcome = "processed" | "skipped" | "rejected";

/** The fields of the one line each invocation logs; every key is always present (null when unknown). */
export type InvocationLogFields = {
  readonly outcome: Outcome;
  readonly invokedBy: InvokedBy | null;
  readonly requestId: string | null;
  readonly action: string | null;
  readonly detailType: string | null;
  readonly source: string | null;
  readonly eventId: string | null;
  readonly executionId: string | null;
  readonly lambdaRequestId: string | null;
  readonly reason: string | null;
};

/** The Lambda handler's signature; the context is optional so tests can omit it. */
export type EventConsumerHandler = (
  input: unknown,
  context?: Pick<Context, "awsRequestId">,
) => Promise<ConsumerResult>;

/**
 * Builds the handler. It accepts the raw EventBridge event (rule target, asynchronous) or the state
 * machine's `{ invokedBy: "state-machine", executionId, event }`, validates the detail and logs exactly one
 * line. An invalid detail throws InvalidDetailError for the state machine (its Catch records it) but is
 * skipped for the rule, because Lambda's asynchronous retries would fail identically.
 */
export function createHandler(logger: Logger = createLogger()): EventConsumerHandler {
  return async (input, context) => {
    const lambdaRequestId = context?.awsRequestId ?? null;
    const parsed = parseInvocation(input);
    if (!parsed.recognized) {
      log(logger, "ERROR", "Rejected an unrecognized input", {
        ...emptyFields(lambdaRequestId),
        outcome: "rejected",
        reason: parsed.reason,
      });
      throw new UnrecognizedInputError(parsed.reason);
    }

    const { invocation } = parsed;
    const validation = validateDetail(invocation.event.detail);
    if (!validation.valid) {
      const reason = describeProblems(validation.problems);
      const fields = { ...invocationFields(invocation, lambdaRequestId), ...validation.validFields, reason };
      if (invocation.invokedBy === "state-machine") {
        log(logger, "ERROR", "Rejected an event with an invalid detail", { ...fields, outcome: "rejected" });
        throw new InvalidDetailError(validation.problems);
      }
      log(logger, "WARN", "Skipped an event with an invalid detail", { ...fields, outcome: "skipped" });
      return { status: "skipped", reason };
    }

    const summary = summarize(validation.detail, invocation.invokedBy);
    log(logger, "INFO", "Processed an event", {
      ...invocationFields(invocation, lambdaRequestId),
      requestId: summary.requestId,
      action: summary.action,
      outcome: "processed",
    });
    return summary;
  };
}

/** The handler Lambda runs (`index.handler`). */
export const handler: EventConsumerHandler = createHandler();

function log(logger: Logger, level: LogLevel, message: string, fields: InvocationLogFields): void {
  logger.log(level, message, fields);
}

function emptyFields(lambdaRequestId: string | null): Omit<InvocationLogFields, "outcome"> {
  return {
    invokedBy: null,
    requestId: null,
    action: null,
    detailType: null,
    source: null,
    eventId: null,
    executionId: null,
    lambdaRequestId,
    reason: null,
  };
}

function invocationFields(
  invocation: Invocation,
  lambdaRequestId: string | null,
): Omit<InvocationLogFields, "outcome"> {
  const { event } = invocation;
  return {
    ...emptyFields(lambdaRequestId),
    invokedBy: invocation.invokedBy,
    detailType: event["detail-type"],
    source: event.source,
    eventId: event.id,
    executionId: invocation.invokedBy === "state-machine" ? invocation.executionId : null,
  };
}
