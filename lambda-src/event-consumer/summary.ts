import type { Detail } from "./detail";
import type { InvokedBy } from "./invocation";

/** What the function returns for a valid detail; the state machine stores it in `$.result.summary`. */
export interface ProcessedSummary {
  readonly status: "processed";
  readonly requestId: string;
  readonly action: string;
  readonly invokedBy: InvokedBy;
  /** Top-level payload keys, sorted; empty when there is no payload. */
  readonly payloadKeys: readonly string[];
}

/** What the function returns when the rule delivered an invalid detail: retrying would not fix it. */
export interface SkippedResult {
  readonly status: "skipped";
  readonly reason: string;
}

/** The function's return value. */
export type ConsumerResult = ProcessedSummary | SkippedResult;

/**
 * Summarises a valid detail. Deterministic for a given input (no clock, no random ids), so a retried
 * invocation returns the same summary; keys are sorted so the producer's key order does not matter.
 */
export function summarize(detail: Detail, invokedBy: InvokedBy): ProcessedSummary {
  return {
    status: "processed",
    requestId: detail.requestId,
    action: detail.action,
    invokedBy,
    payloadKeys: Object.keys(detail.payload ?? {}).sort(),
  };
}
