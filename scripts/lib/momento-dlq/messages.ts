/**
 * What the dynamodb-pipes-momento DLQ holds, read from an SQS message body:
 * - a failed batch, from the pipe: NOT the records, only where they are in the stream (shard and sequence
 *   range). DynamoDB Streams keeps records 24 hours; after that the pointer leads nowhere.
 * - a rejected record, from the workflow: a record whose TTL is not a cache lifetime, with the reason.
 * The pointer's field names are those of the stream batch info AWS writes for stream sources
 * (`DDBStreamBatchInfo`: shardId, startSequenceNumber, endSequenceNumber, streamArn, approximate arrival
 * times); the parser finds that object wherever it sits in the message.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
 * @see https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html (the same batch info)
 */

export const STREAM_RETENTION_HOURS = 24;

export type DlqEntry =
  | {
      readonly kind: "failed-batch";
      readonly streamArn: string;
      readonly shardId: string;
      readonly startSequenceNumber: string;
      readonly endSequenceNumber: string;
      /** When the batch's first record reached the stream, if the message says. */
      readonly firstRecordAt: Date | undefined;
      /** Why it failed, as far as the message says (condition, error). */
      readonly reason: string | undefined;
    }
  | {
      readonly kind: "rejected-record";
      readonly key: string;
      readonly reason: string;
      readonly eventName: string;
      readonly sequenceNumber: string | undefined;
    }
  | { readonly kind: "unknown"; readonly body: string };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The first object (depth-first) that has a shardId and a start sequence number. */
function findBatchInfo(node: unknown): Json | undefined {
  if (!isObject(node)) return undefined;
  if (typeof node.shardId === "string" && typeof node.startSequenceNumber === "string") return node;
  for (const value of Object.values(node)) {
    const found = findBatchInfo(value);
    if (found) return found;
  }
  return undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

export function parseDlqMessage(body: string): DlqEntry {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { kind: "unknown", body };
  }
  if (isObject(parsed) && parsed.rejected === "invalid-ttl" && typeof parsed.key === "string") {
    return {
      kind: "rejected-record",
      key: parsed.key,
      reason: text(parsed.reason) ?? "invalid TTL",
      eventName: text(parsed.eventName) ?? "?",
      sequenceNumber: text(parsed.sequenceNumber),
    };
  }
  const info = findBatchInfo(parsed);
  if (!info) return { kind: "unknown", body };
  const context = isObject(parsed) && isObject(parsed.requestContext) ? parsed.requestContext : {};
  const response = isObject(parsed) && isObject(parsed.responseContext) ? parsed.responseContext : {};
  const reasons = [text(context.condition), text(response.functionError), text(response.error)].filter(
    Boolean,
  );
  const arrival = text(info.approximateArrivalOfFirstRecord);
  return {
    kind: "failed-batch",
    streamArn: text(info.streamArn) ?? "",
    shardId: String(info.shardId),
    startSequenceNumber: String(info.startSequenceNumber),
    endSequenceNumber: text(info.endSequenceNumber) ?? String(info.startSequenceNumber),
    firstRecordAt: arrival ? new Date(arrival) : undefined,
    reason: reasons.length > 0 ? reasons.join(", ") : undefined,
  };
}

/** Hours left before DynamoDB Streams drops the batch's first record (negative: already gone). */
export function hoursLeftInStream(entry: { firstRecordAt: Date | undefined }, now: Date): number | undefined {
  if (!entry.firstRecordAt || Number.isNaN(entry.firstRecordAt.getTime())) return undefined;
  return STREAM_RETENTION_HOURS - (now.getTime() - entry.firstRecordAt.getTime()) / 3_600_000;
}

/** Sequence numbers are decimal strings longer than a double: compare as big integers. */
export function sequenceAfter(sequence: string, bound: string): boolean {
  return BigInt(sequence) > BigInt(bound);
}
