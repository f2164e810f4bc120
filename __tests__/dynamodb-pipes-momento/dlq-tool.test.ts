import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
} from "@aws-sdk/client-dynamodb-streams";
import { SFNClient, StartSyncExecutionCommand } from "@aws-sdk/client-sfn";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SQSClient,
} from "@aws-sdk/client-sqs";
import { mockClient } from "aws-sdk-client-mock";
import { parseDlqMessage } from "../../scripts/lib/momento-dlq/messages";
import { type DlqContext, inspectDlq, replayDlq } from "../../scripts/lib/momento-dlq/replay";
import { runMomentoDlq } from "../../scripts/lib/momento-dlq/run";
import { MomentoFake } from "./momento-fake";
import { image, STREAM_ARN, weatherRow } from "./records";
import { synthesizedWorkflow } from "./synthesized-workflow";
import { startSyncExecution } from "./workflow-engine";

const QUEUE = "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-dynamodb-pipes-momento-dlq";
const NOW = new Date("2025-06-01T12:00:00Z");
const SHARD = "shardId-00000001717000000000-a1b2c3d4";

/** A failed-batch message as AWS writes it for a stream source: the batch info, not the records. */
function failedBatch(start: string, end: string, firstRecordAt: string) {
  return JSON.stringify({
    requestContext: { requestId: "3e1d", condition: "RetryAttemptsExhausted", approximateInvokeCount: 11 },
    responseContext: { statusCode: 200, functionError: "Unhandled" },
    version: "1.0",
    timestamp: "2025-06-01T11:00:00.000Z",
    DDBStreamBatchInfo: {
      shardId: SHARD,
      startSequenceNumber: start,
      endSequenceNumber: end,
      approximateArrivalOfFirstRecord: firstRecordAt,
      approximateArrivalOfLastRecord: firstRecordAt,
      batchSize: 2,
      streamArn: STREAM_ARN,
    },
  });
}

const rejected = JSON.stringify({
  rejected: "invalid-ttl",
  reason: "TTL 1717322400 is not a cache lifetime: ...",
  key: "Seattle",
  eventName: "INSERT",
  eventID: "e1",
  sequenceNumber: "300",
});

const sqs = mockClient(SQSClient);
const streams = mockClient(DynamoDBStreamsClient);
const dynamo = mockClient(DynamoDBClient);
const sfn = mockClient(SFNClient);
let momento: MomentoFake;
let table: Map<string, ReturnType<typeof image>>;
let lines: string[];
let definition: Record<string, unknown>;

beforeAll(() => {
  definition = synthesizedWorkflow();
});

beforeEach(() => {
  for (const mock of [sqs, streams, dynamo, sfn]) mock.reset();
  momento = new MomentoFake("momento-eventbridge-cache");
  table = new Map();
  lines = [];
  dynamo.on(GetItemCommand).callsFake(async (input) => ({ Item: table.get(input.Key.Location.S) }));
  // StartSyncExecution runs the synthesized workflow against the Momento stand-in.
  sfn.on(StartSyncExecutionCommand).callsFake(async (input) => {
    const run = await startSyncExecution(definition, JSON.parse(input.input), momento.handler);
    return run.status === "SUCCEEDED"
      ? { status: "SUCCEEDED", output: JSON.stringify(run.output) }
      : { status: "FAILED", error: run.error.error, cause: run.error.cause };
  });
});

function context(): DlqContext {
  return {
    sqs: new SQSClient({ region: "us-east-1" }),
    streams: new DynamoDBStreamsClient({ region: "us-east-1" }),
    dynamo: new DynamoDBClient({ region: "us-east-1" }),
    sfn: new SFNClient({ region: "us-east-1" }),
    queueUrl: QUEUE,
    stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:integ-dev-dynamodb-pipes-momento",
    tableName: "integ-dev-weather",
    partitionKey: "Location",
    out: (line) => lines.push(line),
    now: () => NOW,
  };
}

function queue(...bodies: string[]) {
  sqs
    .on(ReceiveMessageCommand)
    .resolvesOnce({
      Messages: bodies.map((Body, i) => ({
        MessageId: `m${i}`,
        ReceiptHandle: `r${i}`,
        Body,
        Attributes: { SentTimestamp: String(NOW.getTime() - 3_600_000) },
      })),
    })
    .resolves({ Messages: [] });
}

function streamRecord(sequence: string, location: string) {
  return {
    eventName: "MODIFY" as const,
    dynamodb: { Keys: { Location: { S: location } }, SequenceNumber: sequence },
  };
}

describe("DLQ messages", () => {
  test("a failed batch is a pointer into the stream; a rejected record names its key and reason", () => {
    expect(parseDlqMessage(failedBatch("100", "200", "2025-06-01T10:00:00Z"))).toEqual({
      kind: "failed-batch",
      streamArn: STREAM_ARN,
      shardId: SHARD,
      startSequenceNumber: "100",
      endSequenceNumber: "200",
      firstRecordAt: new Date("2025-06-01T10:00:00Z"),
      reason: "RetryAttemptsExhausted, Unhandled",
    });
    expect(parseDlqMessage(rejected)).toMatchObject({ kind: "rejected-record", key: "Seattle" });
    expect(parseDlqMessage("not json")).toEqual({ kind: "unknown", body: "not json" });
  });

  test("inspect lists them with the hours left in the stream, without taking them off the queue", async () => {
    queue(
      failedBatch("100", "200", "2025-06-01T10:00:00Z"),
      failedBatch("5", "6", "2025-05-30T10:00:00Z"),
      rejected,
    );
    expect(await inspectDlq(context(), 100)).toBe(3);
    expect(lines).toEqual([
      `3 message(s) in ${QUEUE}`,
      `- m0 (sent 2025-06-01T11:00:00.000Z): failed batch: shard ${SHARD}, sequence 100..200 (22.0 h left in the stream), RetryAttemptsExhausted, Unhandled`,
      `- m1 (sent 2025-06-01T11:00:00.000Z): failed batch: shard ${SHARD}, sequence 5..6 (OLDER THAN 24 h: its records are gone from the stream), RetryAttemptsExhausted, Unhandled`,
      '- m2 (sent 2025-06-01T11:00:00.000Z): rejected record: key "Seattle" (INSERT): TTL 1717322400 is not a cache lifetime: ...',
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0].args[0].input.VisibilityTimeout).toBe(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
  });
});

describe("replay", () => {
  test("re-syncs every key of a failed batch from the table's current item, then deletes the message", async () => {
    queue(failedBatch("100", "200", "2025-06-01T10:00:00Z"));
    streams.on(GetShardIteratorCommand).resolves({ ShardIterator: "it-1" });
    streams.on(GetRecordsCommand, { ShardIterator: "it-1" }).resolves({
      Records: [streamRecord("100", "San Diego"), streamRecord("150", "Boston")],
      NextShardIterator: "it-2",
    });
    streams
      .on(GetRecordsCommand, { ShardIterator: "it-2" })
      .resolves({ Records: [streamRecord("201", "Beyond")] });
    // San Diego still exists (newer values than the failed record); Boston was deleted since.
    table.set("San Diego", image(weatherRow({ maxTemp: "77", ttl: { N: "300" } })));
    momento.cache.set("Boston", { value: "stale", ttlSeconds: 60 });

    expect(await replayDlq(context(), { max: 10, dryRun: false })).toBe(0);
    expect(streams.commandCalls(GetShardIteratorCommand)[0].args[0].input).toEqual({
      StreamArn: STREAM_ARN,
      ShardId: SHARD,
      ShardIteratorType: "AT_SEQUENCE_NUMBER",
      SequenceNumber: "100",
    });
    expect(JSON.parse(momento.cache.get("San Diego")?.value ?? "")).toMatchObject({ MaxTemp: "77" });
    expect(momento.cache.get("San Diego")?.ttlSeconds).toBe(300);
    expect(momento.cache.has("Boston")).toBe(false);
    expect(momento.cache.has("Beyond")).toBe(false);
    expect(sqs.commandCalls(DeleteMessageCommand).map((c) => c.args[0].input.ReceiptHandle)).toEqual(["r0"]);
    expect(lines).toContain('  re-synced key "San Diego" from the table');
  });

  test("a batch whose records left the stream stays queued, with what to do instead", async () => {
    queue(failedBatch("5", "6", "2025-05-30T10:00:00Z"));
    streams
      .on(GetShardIteratorCommand)
      .rejects(new TrimmedDataAccessException({ message: "trimmed", $metadata: {} }));
    expect(await replayDlq(context(), { max: 10, dryRun: false })).toBe(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(sqs.commandCalls(ChangeMessageVisibilityCommand)[0].args[0].input.VisibilityTimeout).toBe(0);
    expect(lines.join("\n")).toContain("the stream no longer holds these records (over 24 h)");
  });

  test("a rejected record is re-synced once its item is fixed", async () => {
    queue(rejected);
    table.set("Seattle", image(weatherRow({ location: "Seattle", ttl: { N: "600" } })));
    await replayDlq(context(), { max: 10, dryRun: false });
    expect(momento.cache.get("Seattle")?.ttlSeconds).toBe(600);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(1);
  });

  test("a change landing during the replay is re-applied: the replay never leaves an older value", async () => {
    queue(rejected);
    const v1 = image(weatherRow({ location: "Seattle", maxTemp: "50" }));
    const v2 = image(weatherRow({ location: "Seattle", maxTemp: "51" }));
    let reads = 0;
    dynamo.on(GetItemCommand).callsFake(async () => ({ Item: reads++ === 0 ? v1 : v2 }));
    await replayDlq(context(), { max: 10, dryRun: false });
    expect(sfn.commandCalls(StartSyncExecutionCommand)).toHaveLength(2);
    expect(JSON.parse(momento.cache.get("Seattle")?.value ?? "").MaxTemp).toBe("51");
  });

  test("--dry-run changes nothing", async () => {
    queue(rejected);
    await replayDlq(context(), { max: 10, dryRun: true });
    expect(sfn.commandCalls(StartSyncExecutionCommand)).toHaveLength(0);
    expect(sqs.commandCalls(DeleteMessageCommand)).toHaveLength(0);
    expect(lines).toContain('  would re-sync key "Seattle" from the table');
  });
});

describe("the command line", () => {
  test("names a missing environment variable and a bad option", async () => {
    const err: string[] = [];
    const io = { env: { AWS_REGION: "us-east-1" }, out: () => undefined, err: (l: string) => err.push(l) };
    expect(await runMomentoDlq(["inspect"], io)).toBe(1);
    expect(err[0]).toBe("Error: MOMENTO_DLQ_URL is not set (see --help)");
    expect(await runMomentoDlq(["replay", "--max", "0"], io)).toBe(2);
    expect(err[1]).toMatch(/^--max must be a whole number from 1 to 10000, got "0"/);
    expect(await runMomentoDlq(["purge"], io)).toBe(2);
    expect(err[2]).toMatch(/^Unknown command "purge": use inspect or replay/);
  });
});
