import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DescribeRuleCommand, EventBridgeClient, TestEventPatternCommand } from "@aws-sdk/client-eventbridge";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import { mockClient } from "aws-sdk-client-mock";
import type { SmokeClients } from "../../scripts/smoke/clients";
import type { SmokeOptions, StackSmoke } from "../../scripts/smoke/context";
import type { StackOutputs } from "../../scripts/smoke/outputs";
import { parseRuleArn } from "../../scripts/smoke/rules";
import { runSmoke } from "../../scripts/smoke/run";
import { executeApiSigner } from "../../scripts/smoke/sign";
import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import { matchesEventPattern } from "../support/event-pattern";
import { testConfig } from "../support/test-config";

export const REGION = "us-east-1";
export const ACCOUNT = "123456789012";
export const RUN_ID = "smoke-20250601-0a1b2c3d";
export const CREDENTIALS = { accessKeyId: "AKIDSMOKETEST", secretAccessKey: "smoke-test-secret" };

/** Real SDK clients with test credentials; an endpoint aims Kinesis or DynamoDB at a loopback stand-in. */
export function testClients(endpoints: { kinesis?: string; dynamodb?: string } = {}): SmokeClients {
  const common = { region: REGION, credentials: CREDENTIALS, maxAttempts: 1 };
  // Kinesis's default handler speaks HTTP/2, which the kinesalite stand-in does not.
  const http1 = { requestHandler: new NodeHttpHandler() };
  return {
    events: new EventBridgeClient(common),
    kinesis: new KinesisClient({ ...common, ...http1, endpoint: endpoints.kinesis }),
    lambda: new LambdaClient(common),
    rds: new RDSClient(common),
    logs: new CloudWatchLogsClient(common),
    sfn: new SFNClient(common),
    dynamodb: new DynamoDBClient({ ...common, endpoint: endpoints.dynamodb }),
    s3: () => new S3Client(common),
    s3PlainHttp: () => new S3Client({ ...common, endpoint: `http://s3.${REGION}.amazonaws.com` }),
    signApiRequest: executeApiSigner(REGION, async () => CREDENTIALS),
  };
}

export interface StackRun {
  readonly results: Awaited<ReturnType<typeof runSmoke>>["results"];
  readonly summary: Awaited<ReturnType<typeof runSmoke>>["summary"];
  readonly progress: string[];
  /** "check: status" per line, for compact assertions. */
  readonly lines: string[];
  /** The detail of the named check. */
  detail(check: string): string | undefined;
}

/** Runs one stack's smoke through the real runner (so cleanup runs as in the CLI). */
export async function runStack(
  stack: StackId,
  input: {
    outputs: StackOutputs;
    clients: SmokeClients;
    config?: ProjectConfig;
    options?: Partial<SmokeOptions>;
    env?: NodeJS.ProcessEnv;
    fetch?: typeof fetch;
    timeoutSeconds?: number;
    signal?: AbortSignal;
    smoke?: StackSmoke;
  },
): Promise<StackRun> {
  const progress: string[] = [];
  const { results, summary } = await runSmoke({
    config: input.config ?? testConfig(),
    stacks: [stack],
    named: true,
    outputs: new Map([[stack, input.outputs]]),
    clients: input.clients,
    options: { sinceMinutes: 60, ...input.options },
    env: input.env ?? {},
    fetch: input.fetch ?? fetch,
    run: {
      runId: RUN_ID,
      signal: input.signal ?? new AbortController().signal,
      progress: (line) => progress.push(line),
      timeoutSeconds: input.timeoutSeconds ?? 2,
      pollMs: 20,
    },
    ...(input.smoke ? { smokes: { [stack]: input.smoke } } : {}),
  });
  return {
    results,
    summary,
    progress,
    lines: results.map((r) => `${r.check}: ${r.status}`),
    detail: (check) => results.find((r) => r.check === check)?.detail,
  };
}

/**
 * EventBridge stand-in: DescribeRule answers with the given patterns (by rule name), TestEventPattern
 * with the project's implementation of EventBridge's matching rules.
 */
export function mockEventBridge(patterns: Record<string, string>) {
  const events = mockClient(EventBridgeClient);
  events.on(DescribeRuleCommand).callsFake((input: { Name: string }) => {
    const pattern = patterns[input.Name];
    if (!pattern)
      throw Object.assign(new Error(`Rule ${input.Name} does not exist`), {
        name: "ResourceNotFoundException",
      });
    return { Name: input.Name, State: "ENABLED", EventPattern: pattern };
  });
  events.on(TestEventPatternCommand).callsFake((input: { EventPattern: string; Event: string }) => ({
    Result: matchesEventPattern(input.EventPattern, JSON.parse(input.Event)),
  }));
  return events;
}

export function ruleArn(name: string, bus?: string): string {
  const arn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/${bus ? `${bus}/` : ""}${name}`;
  parseRuleArn(arn);
  return arn;
}

/** A loopback HTTP server; `handle` gets the request with its body read. */
export async function standIn(
  handle: (request: IncomingMessage, body: string, response: ServerResponse) => void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handle(request, Buffer.concat(chunks).toString("utf8"), response));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// dynalite ships no type declarations; this is the part of its API the tests use.
const dynalite = require("dynalite") as (options: { createTableMs: number }) => Server;

/** dynalite on loopback with the weather table (partition key `Location`, as the stack's default). */
export async function localWeatherTable(table: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = dynalite({ createTableMs: 0 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ region: REGION, endpoint: url, credentials: CREDENTIALS });
  await client.send(
    new CreateTableCommand({
      TableName: table,
      AttributeDefinitions: [{ AttributeName: "Location", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "Location", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
  client.destroy();
  return { url, close: async () => void server.close() };
}
