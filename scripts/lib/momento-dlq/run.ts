import { parseArgs } from "node:util";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBStreamsClient } from "@aws-sdk/client-dynamodb-streams";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SQSClient } from "@aws-sdk/client-sqs";
import { WEATHER_ATTRIBUTES } from "../../../stacks/dynamodb-pipes-momento/data-contract";
import { type DlqContext, inspectDlq, replayDlq } from "./replay";

export const DLQ_USAGE = `Inspect and replay the dynamodb-pipes-momento dead-letter queue.

Usage: npm run momento:dlq -- <inspect|replay> [--max N] [--dry-run] [--partition-key NAME]

  inspect   List the waiting messages without taking them off the queue: failed batches (a pointer into
            the table stream, with the hours left before DynamoDB Streams drops the records) and records
            the workflow rejected (an invalid TTL, with the reason).
  replay    For each message, find the keys (from the stream while it still holds the records, or from
            the rejected record), re-sync each key's cached copy from the table's CURRENT item through
            the workflow, and delete the message. Messages whose records left the stream stay queued.
            --dry-run lists what it would do.

Environment (the stack's outputs):
  MOMENTO_DLQ_URL            dlq_url
  MOMENTO_STATE_MACHINE_ARN  state_machine_arn
  WEATHER_TABLE_NAME         table_name
  AWS_REGION                 the stack's region (credentials: the usual AWS SDK chain)`;

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`${name} is not set (see --help)`);
  return value;
}

/** Runs one command; returns the exit code (0 done, 1 something failed, 2 bad usage). */
export async function runMomentoDlq(
  argv: readonly string[],
  io: { env: NodeJS.ProcessEnv; out: (line: string) => void; err: (line: string) => void },
): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    io.err(`${(error as Error).message}\n\n${DLQ_USAGE}`);
    return 2;
  }
  const { command, max, dryRun, partitionKey } = parsed;
  if (command === "help") {
    io.out(DLQ_USAGE);
    return 0;
  }
  try {
    const region = required(io.env, "AWS_REGION");
    const context: DlqContext = {
      sqs: new SQSClient({ region }),
      streams: new DynamoDBStreamsClient({ region }),
      dynamo: new DynamoDBClient({ region }),
      sfn: new SFNClient({ region }),
      queueUrl: required(io.env, "MOMENTO_DLQ_URL"),
      stateMachineArn: required(io.env, "MOMENTO_STATE_MACHINE_ARN"),
      tableName: required(io.env, "WEATHER_TABLE_NAME"),
      partitionKey,
      out: io.out,
      now: () => new Date(),
    };
    if (command === "inspect") {
      await inspectDlq(context, max);
      return 0;
    }
    return (await replayDlq(context, { max, dryRun })) === 0 ? 0 : 1;
  } catch (error) {
    io.err(`Error: ${(error as Error).message}`);
    return 1;
  }
}

function parse(argv: readonly string[]) {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      max: { type: "string", default: "100" },
      "dry-run": { type: "boolean", default: false },
      "partition-key": { type: "string", default: WEATHER_ATTRIBUTES.location },
      help: { type: "boolean", default: false },
    },
  });
  const command = values.help ? "help" : positionals[0];
  if (command !== "inspect" && command !== "replay" && command !== "help") {
    throw new Error(`Unknown command ${JSON.stringify(command ?? "")}: use inspect or replay`);
  }
  if (positionals.length > 1) throw new Error(`Unexpected argument ${JSON.stringify(positionals[1])}`);
  const max = Number(values.max);
  if (!Number.isInteger(max) || max < 1 || max > 10_000) {
    throw new Error(`--max must be a whole number from 1 to 10000, got ${JSON.stringify(values.max)}`);
  }
  return { command, max, dryRun: values["dry-run"], partitionKey: values["partition-key"] };
}
