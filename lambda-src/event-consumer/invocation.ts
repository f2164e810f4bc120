import type { EventBridgeEvent } from "aws-lambda";
import { isJsonObject } from "./detail";

/** An EventBridge event; `detail` stays unknown until the detail contract is checked. */
export type EventEnvelope = EventBridgeEvent<string, unknown>;

/** Who invoked the function. */
export type InvokedBy = "event-rule" | "state-machine";

/** A recognised input: the raw event from the rule, or the state machine's wrapper around it. */
export type Invocation =
  | { readonly invokedBy: "event-rule"; readonly event: EventEnvelope }
  | { readonly invokedBy: "state-machine"; readonly executionId: string; readonly event: EventEnvelope };

/** The outcome of {@link parseInvocation}: the invocation, or why the input is not one. */
export type InvocationParse =
  | { readonly recognized: true; readonly invocation: Invocation }
  | { readonly recognized: false; readonly reason: string };

/** The value the state machine's Task sends as `invokedBy` (see the state machine definition). */
export const STATE_MACHINE_INVOKER = "state-machine";

const ENVELOPE_STRING_FIELDS = [
  "version",
  "id",
  "detail-type",
  "source",
  "account",
  "time",
  "region",
] as const;

/**
 * Tells the two invocation shapes apart. An object with `invokedBy` is taken as the state machine's wrapper
 * and must be complete; anything else must be an EventBridge event.
 */
export function parseInvocation(input: unknown): InvocationParse {
  if (!isJsonObject(input)) return unrecognized("the input is not a JSON object");

  if ("invokedBy" in input) {
    if (input.invokedBy !== STATE_MACHINE_INVOKER) {
      return unrecognized(`invokedBy must be "${STATE_MACHINE_INVOKER}"`);
    }
    const { executionId, event } = input;
    if (typeof executionId !== "string" || executionId.length === 0) {
      return unrecognized("executionId must be a non-empty string");
    }
    if (!isEventEnvelope(event)) return unrecognized(envelopeProblem(event, "event"));
    return { recognized: true, invocation: { invokedBy: "state-machine", executionId, event } };
  }

  if (!isEventEnvelope(input)) return unrecognized(envelopeProblem(input, ""));
  return { recognized: true, invocation: { invokedBy: "event-rule", event: input } };
}

/** True when `value` has every envelope field EventBridge sets; `detail` is left to the detail contract. */
export function isEventEnvelope(value: unknown): value is EventEnvelope {
  return envelopeProblem(value, "") === "";
}

/** What keeps `value` from being an EventBridge event ("" when nothing); `path` prefixes field names. */
function envelopeProblem(value: unknown, path: string): string {
  const name = (field: string) => (path ? `${path}.${field}` : field);
  if (!isJsonObject(value)) return `${path || "input"} must be an EventBridge event object`;
  for (const field of ENVELOPE_STRING_FIELDS) {
    if (typeof value[field] !== "string") return `${name(field)} must be a string`;
  }
  const { resources } = value;
  if (!Array.isArray(resources) || !resources.every((resource) => typeof resource === "string")) {
    return `${name("resources")} must be an array of strings`;
  }
  return "";
}

function unrecognized(reason: string): InvocationParse {
  return {
    recognized: false,
    reason: `Unrecognized input (expected an EventBridge event or the state machine's wrapper): ${reason}`,
  };
}
