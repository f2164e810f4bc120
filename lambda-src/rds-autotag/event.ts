import type { LogFields } from "../shared/log";
import {
  ARN_RESOURCE_TYPE,
  ARN_RESPONSE_FIELD,
  type HandledEventName,
  isHandledEventName,
  RDS_CLOUDTRAIL_EVENT_SOURCE,
  type RdsResourceKind,
  RESOURCE_KIND_BY_EVENT_NAME,
} from "./event-names";

/** The `userIdentity` fields of a CloudTrail record that can name the creator. */
export interface UserIdentity {
  readonly type?: string;
  readonly arn?: string;
  readonly invokedBy?: string;
  readonly principalId?: string;
}

/** Why an event was not acted on. Stable strings: alarms and log queries may match on them. */
export type SkipReason =
  | "missing-detail"
  | "unexpected-event-source"
  | "unhandled-event-name"
  | "api-call-failed"
  | "missing-resource-arn"
  | "invalid-resource-arn";

/** Identifies the event in every log line about it. */
export interface EventRef {
  /** EventBridge event id (envelope `id`). */
  readonly eventId?: string;
  /** CloudTrail record id (`detail.eventID`). */
  readonly cloudTrailEventId?: string;
  readonly eventName?: string;
}

/** An event that is not a successful creation of a taggable RDS resource. */
export interface SkippedEvent extends EventRef {
  readonly kind: "skip";
  /** INFO for expected cases (failed API calls), WARN for events the rule should not have delivered. */
  readonly level: "INFO" | "WARN";
  readonly reason: SkipReason;
  /** Extra log fields explaining the skip. */
  readonly details?: LogFields;
}

/** A successful API call that created an RDS instance or cluster. */
export interface CreationEvent extends EventRef {
  readonly kind: "creation";
  readonly eventName: HandledEventName;
  readonly resourceKind: RdsResourceKind;
  readonly arn: string;
  readonly userIdentity: UserIdentity;
}

/** What the handler should do with an event. */
export type ClassifiedEvent = SkippedEvent | CreationEvent;

const RDS_ARN = /^arn:[a-z][a-z0-9-]*:rds:[a-z0-9-]+:\d{12}:(db|cluster):[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * Classifies an EventBridge "AWS API Call via CloudTrail" event from RDS. Never throws: the input
 * is untrusted, and anything unexpected becomes a {@link SkippedEvent}.
 */
export function classifyEvent(event: unknown): ClassifiedEvent {
  const envelope = asRecord(event);
  const detail = asRecord(envelope?.detail);
  const eventName = asString(detail?.eventName);
  const ref: EventRef = {
    eventId: asString(envelope?.id),
    cloudTrailEventId: asString(detail?.eventID),
    eventName,
  };
  const skip = (level: SkippedEvent["level"], reason: SkipReason, details?: LogFields): SkippedEvent => ({
    kind: "skip",
    level,
    reason,
    ...ref,
    details,
  });

  if (detail === undefined) {
    return skip("WARN", "missing-detail");
  }
  const eventSource = asString(detail.eventSource);
  if (eventSource !== RDS_CLOUDTRAIL_EVENT_SOURCE) {
    return skip("WARN", "unexpected-event-source", { eventSource });
  }
  if (eventName === undefined || !isHandledEventName(eventName)) {
    return skip("WARN", "unhandled-event-name");
  }
  const errorCode = asString(detail.errorCode);
  const response = asRecord(detail.responseElements);
  // CloudTrail records failed calls too; they carry an errorCode and no responseElements.
  if (errorCode !== undefined || response === undefined) {
    return skip("INFO", "api-call-failed", { errorCode, errorMessage: asString(detail.errorMessage) });
  }

  const resourceKind = RESOURCE_KIND_BY_EVENT_NAME[eventName];
  const arnField = ARN_RESPONSE_FIELD[resourceKind];
  const arn = asString(response[arnField]);
  if (arn === undefined) {
    return skip("WARN", "missing-resource-arn", { arnField });
  }
  const arnType = RDS_ARN.exec(arn)?.[1];
  if (arnType !== ARN_RESOURCE_TYPE[resourceKind]) {
    return skip("WARN", "invalid-resource-arn", {
      arnField,
      arn,
      expectedArnType: ARN_RESOURCE_TYPE[resourceKind],
    });
  }

  return {
    kind: "creation",
    ...ref,
    eventName,
    resourceKind,
    arn,
    userIdentity: readUserIdentity(detail.userIdentity),
  };
}

function readUserIdentity(value: unknown): UserIdentity {
  const identity = asRecord(value);
  return {
    type: asString(identity?.type),
    arn: asString(identity?.arn),
    invokedBy: asString(identity?.invokedBy),
    principalId: asString(identity?.principalId),
  };
}

function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** Non-empty strings only: CloudTrail uses "" and null interchangeably for "absent". */
function asString(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
