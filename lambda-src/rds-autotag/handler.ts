import { AddTagsToResourceCommand, type RDSClient } from "@aws-sdk/client-rds";
import type { LogFields, Logger } from "../shared/log";
import type { AutotagConfig } from "./config";
import { classifyEvent, type EventRef, type SkipReason } from "./event";
import { buildTags, type TagSet } from "./tags";

/** Why the handler did nothing: an event-level reason, or no tags to apply at all. */
export type AutotagSkipReason = SkipReason | "no-tags";

/** What one invocation did. */
export type AutotagResult =
  | {
      readonly status: "tagged";
      readonly arn: string;
      readonly eventName: string;
      readonly tagKeys: string[];
    }
  | { readonly status: "skipped"; readonly reason: AutotagSkipReason; readonly eventName?: string };

/** Collaborators of the handler, injected so tests and other entry points can supply their own. */
export interface AutotagDependencies {
  readonly rds: Pick<RDSClient, "send">;
  readonly config: AutotagConfig;
  readonly logger: Logger;
}

/** The subset of the Lambda context the handler uses. */
export interface AutotagContext {
  readonly awsRequestId?: string;
}

/** The Lambda handler type: takes the raw event, which it validates itself. */
export type AutotagHandler = (event: unknown, context?: AutotagContext) => Promise<AutotagResult>;

/**
 * Creates the handler. Each invocation writes exactly one log line: the skip (INFO/WARN), the
 * tagging (INFO) or the RDS failure (ERROR). RDS errors are rethrown so Lambda's asynchronous retries
 * and on-failure destination handle them; tagging again with the same tags is harmless.
 */
export function createHandler({ rds, config, logger }: AutotagDependencies): AutotagHandler {
  return async (event, context) => {
    const log = logger.child({ requestId: context?.awsRequestId });
    const classified = classifyEvent(event);
    if (classified.kind === "skip") {
      log.log(classified.level, "Skipped event", {
        reason: classified.reason,
        ...refFields(classified),
        ...classified.details,
      });
      return { status: "skipped", reason: classified.reason, eventName: classified.eventName };
    }

    const tagSet = buildTags(config, classified.userIdentity);
    if (tagSet.tags.length === 0) {
      log.info("Skipped event", { reason: "no-tags", ...refFields(classified), arn: classified.arn });
      return { status: "skipped", reason: "no-tags", eventName: classified.eventName };
    }

    const fields = { ...refFields(classified), arn: classified.arn, resourceKind: classified.resourceKind };
    try {
      await rds.send(new AddTagsToResourceCommand({ ResourceName: classified.arn, Tags: tagSet.tags }));
    } catch (error) {
      log.error("Failed to tag RDS resource", { ...fields, ...errorFields(error) });
      throw error;
    }
    log.info("Tagged RDS resource", { ...fields, ...tagFields(tagSet) });
    return {
      status: "tagged",
      arn: classified.arn,
      eventName: classified.eventName,
      tagKeys: tagSet.tags.map((tag) => tag.Key),
    };
  };
}

function refFields(ref: EventRef): LogFields {
  return { eventId: ref.eventId, cloudTrailEventId: ref.cloudTrailEventId, eventName: ref.eventName };
}

function tagFields({ tags, creator, overriddenStaticKey }: TagSet): LogFields {
  return {
    tags: Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])),
    creatorSource: creator?.source ?? "none",
    creatorTagTruncated: creator?.truncated || undefined,
    creatorTagSanitized: creator?.sanitized || undefined,
    creatorValueLength: creator?.truncated ? creator.originalLength : undefined,
    overriddenStaticKey,
  };
}

/** Name, message and the SDK's HTTP metadata, without dumping the whole error object. */
function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) {
    return { errorName: "NonError", errorMessage: String(error) };
  }
  const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
  return {
    errorName: error.name,
    errorMessage: error.message,
    httpStatusCode: metadata?.httpStatusCode,
    rdsRequestId: metadata?.requestId,
  };
}
