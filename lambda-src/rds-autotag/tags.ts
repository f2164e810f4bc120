import type { Tag } from "@aws-sdk/client-rds";
import type { AutotagConfig } from "./config";
import type { UserIdentity } from "./event";
import { type FittedTagValue, fitTagValue } from "./tag-rules";

/** Which `userIdentity` field named the creator. */
export type CreatorSource = "arn" | "invokedBy" | "principalId";

/** The creator tag as written, and what was done to its value. */
export interface CreatorTag extends FittedTagValue {
  readonly key: string;
  readonly source: CreatorSource;
}

/** The tags to apply to one resource. */
export interface TagSet {
  /** Static tags in key order, then the creator tag (if any). */
  readonly tags: Required<Tag>[];
  /** Absent when the event names no creator. */
  readonly creator?: CreatorTag;
  /** Set when a static tag had the creator key and was replaced by the creator tag. */
  readonly overriddenStaticKey?: string;
}

/**
 * Picks the creator: the principal's ARN, else the service that called on its behalf (AWS service
 * events carry no ARN), else the principal id; `undefined` when the event names none.
 */
export function findCreator(identity: UserIdentity): { value: string; source: CreatorSource } | undefined {
  if (identity.arn !== undefined) return { value: identity.arn, source: "arn" };
  if (identity.invokedBy !== undefined) return { value: identity.invokedBy, source: "invokedBy" };
  if (identity.principalId !== undefined) return { value: identity.principalId, source: "principalId" };
  return undefined;
}

/**
 * Builds the tags for a created resource: the configured static tags (already sorted by key), then
 * the creator tag. A static tag with the creator key is dropped in favour of the creator tag, since
 * the identity from the event is the more specific fact; it is kept when the event names no creator.
 */
export function buildTags(config: AutotagConfig, identity: UserIdentity): TagSet {
  const found = findCreator(identity);
  if (found === undefined) {
    return { tags: config.staticTags.map(({ key, value }) => ({ Key: key, Value: value })) };
  }

  const creator: CreatorTag = {
    key: config.creatorTagKey,
    source: found.source,
    ...fitTagValue(found.value),
  };
  const kept = config.staticTags.filter((tag) => tag.key !== creator.key);
  return {
    tags: [
      ...kept.map(({ key, value }) => ({ Key: key, Value: value })),
      { Key: creator.key, Value: creator.value },
    ],
    creator,
    overriddenStaticKey: kept.length < config.staticTags.length ? creator.key : undefined,
  };
}
