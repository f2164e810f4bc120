import { type AttributeValue, type DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { type SFNClient, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { type DlqEntry, hoursLeftInStream, parseDlqMessage, sequenceAfter } from "./messages";

/** The AWS clients and names the DLQ tooling works with (tests pass mocked clients). */
export interface DlqContext {
  readonly sqs: SQSClient;
  readonly streams: DynamoDBStreamsClient;
  readonly dynamo: DynamoDBClient;
  readonly sfn: SFNClient;
  readonly queueUrl: string;
  readonly stateMachineArn: string;
  readonly tableName: string;
  readonly partitionKey: string;
  readonly out: (line: string) => void;
  readonly now: () => Date;
}

// Empty GetRecords answers to accept before deciding the range holds nothing more (an open shard may
// answer empty pages before reaching records).
const MAX_EMPTY_PAGES = 5;
const RESYNC_ROUNDS = 3;
const WORK_VISIBILITY_SECONDS = 300;

async function receive(context: DlqContext, visibilityTimeout: number, max: number): Promise<Message[]> {
  const seen = new Map<string, Message>();
  while (seen.size < max) {
    const { Messages = [] } = await context.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: context.queueUrl,
        MaxNumberOfMessages: Math.min(10, max - seen.size),
        VisibilityTimeout: visibilityTimeout,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ["SentTimestamp", "ApproximateReceiveCount"],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
    if (fresh.length === 0) break;
    for (const message of fresh) seen.set(message.MessageId as string, message);
  }
  return [...seen.values()];
}

export function describeEntry(entry: DlqEntry, now: Date): string {
  switch (entry.kind) {
    case "rejected-record":
      return `rejected record: key ${JSON.stringify(entry.key)} (${entry.eventName}): ${entry.reason}`;
    case "failed-batch": {
      const left = hoursLeftInStream(entry, now);
      const window =
        left === undefined
          ? "arrival time unknown"
          : left > 0
            ? `${left.toFixed(1)} h left in the stream`
            : "OLDER THAN 24 h: its records are gone from the stream";
      return (
        `failed batch: shard ${entry.shardId}, sequence ${entry.startSequenceNumber}..${entry.endSequenceNumber}` +
        ` (${window})${entry.reason ? `, ${entry.reason}` : ""}`
      );
    }
    case "unknown":
      return `unrecognised message: ${entry.body.slice(0, 300)}`;
  }
}

/** Lists what is waiting, without taking it off the queue (visibility timeout 0). */
export async function inspectDlq(context: DlqContext, max: number): Promise<number> {
  const messages = await receive(context, 0, max);
  context.out(
    `${messages.length} message(s) in ${context.queueUrl}${messages.length === max ? " (or more)" : ""}`,
  );
  for (const message of messages) {
    const sent = Number(message.Attributes?.SentTimestamp);
    const at = Number.isFinite(sent) ? new Date(sent).toISOString() : "?";
    context.out(
      `- ${message.MessageId} (sent ${at}): ${describeEntry(parseDlqMessage(message.Body ?? ""), context.now())}`,
    );
  }
  return messages.length;
}

/** The keys of the records a failed batch pointed at, read back from the stream while it still has them. */
export async function keysOfBatch(
  context: DlqContext,
  entry: Extract<DlqEntry, { kind: "failed-batch" }>,
): Promise<string[] | "gone"> {
  let iterator: string | undefined;
  try {
    ({ ShardIterator: iterator } = await context.streams.send(
      new GetShardIteratorCommand({
        StreamArn: entry.streamArn,
        ShardId: entry.shardId,
        ShardIteratorType: "AT_SEQUENCE_NUMBER",
        SequenceNumber: entry.startSequenceNumber,
      }),
    ));
    const keys = new Set<string>();
    let empty = 0;
    while (iterator && empty < MAX_EMPTY_PAGES) {
      const page = await context.streams.send(new GetRecordsCommand({ ShardIterator: iterator }));
      const records = page.Records ?? [];
      empty = records.length === 0 ? empty + 1 : 0;
      for (const record of records) {
        const sequence = record.dynamodb?.SequenceNumber ?? "0";
        if (sequenceAfter(sequence, entry.endSequenceNumber)) return [...keys];
        const key = record.dynamodb?.Keys?.[context.partitionKey]?.S;
        if (key !== undefined) keys.add(key);
      }
      iterator = page.NextShardIterator;
    }
    return [...keys];
  } catch (error) {
    const name = (error as { name?: string }).name ?? "";
    if (
      ["TrimmedDataAccessException", "ExpiredIteratorException", "ResourceNotFoundException"].includes(name)
    ) {
      return "gone";
    }
    throw error;
  }
}

async function currentItem(context: DlqContext, key: string) {
  const { Item } = await context.dynamo.send(
    new GetItemCommand({
      TableName: context.tableName,
      Key: { [context.partitionKey]: { S: key } },
      ConsistentRead: true,
    }),
  );
  return Item;
}

/** The key's current state as a stream record: the item as a MODIFY, or a REMOVE if it is gone. */
function recordOf(context: DlqContext, key: string, item: Record<string, AttributeValue> | undefined) {
  return {
    eventID: `dlq-replay-${context.now().getTime()}`,
    eventName: item ? "MODIFY" : "REMOVE",
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    dynamodb: {
      Keys: { [context.partitionKey]: { S: key } },
      ...(item ? { NewImage: item } : {}),
      SequenceNumber: "0",
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}

/**
 * Brings one key's cached copy to the table's current state by running the workflow with it. Replaying the
 * old record instead could put back a value a later change replaced; the current state never can. The item
 * is read again afterwards: if a change landed meanwhile, the round repeats, so a live update is never
 * overwritten by the replay.
 */
export async function resyncKey(context: DlqContext, key: string): Promise<"applied" | "rejected"> {
  let item = await currentItem(context, key);
  for (let round = 0; round < RESYNC_ROUNDS; round++) {
    const result = await context.sfn.send(
      new StartSyncExecutionCommand({
        stateMachineArn: context.stateMachineArn,
        input: JSON.stringify([recordOf(context, key, item)]),
      }),
    );
    if (result.status !== "SUCCEEDED") {
      throw new Error(
        `the workflow failed for key ${JSON.stringify(key)}: ${result.error ?? ""} ${result.cause ?? ""}`.trim(),
      );
    }
    const outcome = (JSON.parse(result.output ?? "[]") as { outcome?: string }[])[0]?.outcome;
    const after = await currentItem(context, key);
    if (JSON.stringify(after) === JSON.stringify(item))
      return outcome === "rejected" ? "rejected" : "applied";
    item = after;
  }
  throw new Error(`key ${JSON.stringify(key)} kept changing during the replay; run it again`);
}

async function replayEntry(context: DlqContext, entry: DlqEntry, dryRun: boolean): Promise<boolean> {
  const keys =
    entry.kind === "rejected-record"
      ? [entry.key]
      : entry.kind === "failed-batch"
        ? await keysOfBatch(context, entry)
        : undefined;
  if (keys === undefined) {
    context.out("  left in the queue: not a message this tool knows");
    return false;
  }
  if (keys === "gone") {
    context.out(
      "  left in the queue: the stream no longer holds these records (over 24 h), so their keys are unknown." +
        " Re-put the affected items (any write re-syncs a key), then delete the message.",
    );
    return false;
  }
  for (const key of keys) {
    if (dryRun) {
      context.out(`  would re-sync key ${JSON.stringify(key)} from the table`);
      continue;
    }
    const outcome = await resyncKey(context, key);
    context.out(
      outcome === "applied"
        ? `  re-synced key ${JSON.stringify(key)} from the table`
        : `  key ${JSON.stringify(key)}: its TTL is still invalid; the workflow rejected it again (a new message)`,
    );
  }
  return !dryRun;
}

/** Re-syncs every key a DLQ message names, and deletes the messages that were handled. */
export async function replayDlq(
  context: DlqContext,
  options: { max: number; dryRun: boolean },
): Promise<number> {
  const messages = await receive(context, options.dryRun ? 0 : WORK_VISIBILITY_SECONDS, options.max);
  let failures = 0;
  for (const message of messages) {
    const entry = parseDlqMessage(message.Body ?? "");
    context.out(`- ${message.MessageId}: ${describeEntry(entry, context.now())}`);
    let handled = false;
    try {
      handled = await replayEntry(context, entry, options.dryRun);
    } catch (error) {
      failures += 1;
      context.out(`  failed: ${(error as Error).message}`);
    }
    if (handled) {
      await context.sqs.send(
        new DeleteMessageCommand({ QueueUrl: context.queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
    } else if (!options.dryRun) {
      // Back on the queue at once, for the next attempt or for a person to look at.
      await context.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: context.queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      );
    }
  }
  context.out(`${messages.length} message(s) looked at, ${failures} failed.`);
  return failures;
}
