import { once } from "node:events";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { CreateStreamCommand, DescribeStreamCommand, PutRecordCommand } from "@aws-sdk/client-kinesis";
import type { AwsClientStub } from "aws-sdk-client-mock";
import { smokeEc2StateToKinesis } from "../../scripts/smoke/ec2-state-to-kinesis";
import { ec2StateChangeEvent } from "../../scripts/smoke/sample-events";
import { ACCOUNT, mockEventBridge, REGION, ruleArn, runStack, testClients } from "./harness";
import { synthesizedPattern } from "./synthesized-pattern";

// kinesalite ships no type declarations; this is the part of its API the test uses.
type Kinesalite = (options: { createStreamMs: number }) => Server;
const kinesalite = require("kinesalite") as Kinesalite;

const STREAM = "integ-dev-ec2-state";
const RULE = "integ-dev-ec2-state-change";
const INSTANCE = "i-0abcd1234ef567890";
const outputs = {
  rule_arn: ruleArn(RULE),
  stream_name: STREAM,
  stream_arn: `arn:aws:kinesis:${REGION}:${ACCOUNT}:stream/${STREAM}`,
  dlq_url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/integ-dev-ec2-state-rule-dlq`,
};

let server: Server;
let clients: ReturnType<typeof testClients>;
let events: AwsClientStub<EventBridgeClient>;
const correctPattern = synthesizedPattern("ec2-state-to-kinesis", "rule");

beforeAll(async () => {
  server = kinesalite({ createStreamMs: 0 });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  clients = testClients({ kinesis: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
  await clients.kinesis.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 2 }));
  await clients.kinesis.send(new DescribeStreamCommand({ StreamName: STREAM }));
  // Another instance's event in each shard: kinesalite never answers an AT_TIMESTAMP iterator request
  // for a shard with no record after the timestamp (real Kinesis returns an iterator at the tip).
  for (const hashKey of ["0", (2n ** 128n - 1n).toString()])
    await deliver("i-0eeeeeeeeeeeeeee0", "running", hashKey);
});
afterAll(async () => {
  server.close();
});
afterEach(() => events?.restore());

/** What the rule's target writes: the whole event, partitioned by instance id. */
async function deliver(instance: string, state: string, explicitHashKey?: string): Promise<void> {
  const event = ec2StateChangeEvent({ account: ACCOUNT, region: REGION }, instance, state);
  await clients.kinesis.send(
    new PutRecordCommand({
      StreamName: STREAM,
      PartitionKey: instance,
      ExplicitHashKey: explicitHashKey,
      Data: Buffer.from(JSON.stringify(event)),
    }),
  );
}

test("the deployed pattern passes against real EC2 events; without --instance the stream read is skipped", async () => {
  events = mockEventBridge({ [RULE]: correctPattern });
  const run = await runStack("ec2-state-to-kinesis", { outputs, clients, smoke: smokeEc2StateToKinesis });
  expect(run.lines).toEqual([
    "rule matches the configured EC2 state changes: ok",
    "stream holds the instance's state changes: skipped",
  ]);
  expect(run.summary.failed).toBe(0);
});

test("a pattern that drops a configured state fails, naming the state", async () => {
  const broken = JSON.parse(correctPattern);
  broken.detail.state = ["running"];
  events = mockEventBridge({ [RULE]: JSON.stringify(broken) });
  const run = await runStack("ec2-state-to-kinesis", { outputs, clients, smoke: smokeEc2StateToKinesis });
  expect(run.lines[0]).toBe("rule matches the configured EC2 state changes: FAIL");
  expect(run.detail("rule matches the configured EC2 state changes")).toMatch(
    /state stopped: expected a match, saw no match/,
  );
});

test("--instance reads that instance's state changes from every shard of the stream", async () => {
  events = mockEventBridge({ [RULE]: correctPattern });
  await deliver(INSTANCE, "stopped", "0");
  await deliver(INSTANCE, "running", (2n ** 127n).toString());
  const run = await runStack("ec2-state-to-kinesis", {
    outputs,
    clients,
    options: { instance: INSTANCE },
    smoke: smokeEc2StateToKinesis,
  });
  const check = `stream holds ${INSTANCE}'s state changes`;
  expect(run.lines).toContain(`${check}: ok`);
  expect(run.detail(check)).toMatch(/^2 event\(s\): stopped at .*, running at /);
});

test("--instance with no event in the stream fails and points at the dead-letter queue", async () => {
  events = mockEventBridge({ [RULE]: correctPattern });
  const run = await runStack("ec2-state-to-kinesis", {
    outputs,
    clients,
    options: { instance: "i-0123456789abcdef0" },
    smoke: smokeEc2StateToKinesis,
  });
  const detail = run.detail("stream holds i-0123456789abcdef0's state changes") ?? "";
  expect(detail).toMatch(/no state change of i-0123456789abcdef0 in stream integ-dev-ec2-state/);
  expect(detail).toContain(`look at the dead-letter queue ${outputs.dlq_url}`);
  expect(run.summary.failed).toBe(1);
});
