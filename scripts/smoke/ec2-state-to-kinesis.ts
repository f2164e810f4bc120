import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  type KinesisClient,
  ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { EC2_INSTANCE_STATES } from "../../stacks/ec2-state-to-kinesis/settings";
import type { StackSmoke } from "./context";
import { stringOutput } from "./outputs";
import { describeRule, type PatternCase, testPattern } from "./rules";
import { CheckFailure } from "./runner";
import { ec2StateChangeEvent, scopeOfArn } from "./sample-events";

const SAMPLE_INSTANCE = "i-0abcd1234ef567890";

/**
 * Events with an `aws.` source cannot be put on a bus, so the rule is checked with TestEventPattern
 * against real EC2 state-change events; with `--instance`, the stream is read for the events that
 * instance's real state changes produced. Nothing is started or stopped.
 */
export const smokeEc2StateToKinesis: StackSmoke = async ({ outputs, config, clients, checks, options }) => {
  const stack = "ec2-state-to-kinesis";
  const settings = config.stacks[stack];
  const ruleArn = stringOutput(outputs, stack, "rule_arn");
  const streamName = stringOutput(outputs, stack, "stream_name");
  const dlqUrl = stringOutput(outputs, stack, "dlq_url");
  const scope = scopeOfArn(ruleArn);

  await checks.check("rule matches the configured EC2 state changes", async () => {
    const rule = await describeRule(clients.events, ruleArn);
    const instance = settings.instanceIds[0] ?? SAMPLE_INSTANCE;
    const cases: PatternCase[] = EC2_INSTANCE_STATES.map((state) => ({
      label: `state ${state}`,
      event: ec2StateChangeEvent(scope, instance, state),
      matches: settings.states.includes(state),
    }));
    const anyState = settings.states[0] ?? "running";
    cases.push({
      label: "another source",
      event: { ...ec2StateChangeEvent(scope, instance, anyState), source: "com.example.not-ec2" },
      matches: false,
    });
    if (settings.instanceIds.length > 0)
      cases.push({
        label: "an instance not configured",
        event: ec2StateChangeEvent(scope, "i-0fffffffffffffff0", anyState),
        matches: false,
      });
    return testPattern(clients.events, rule, cases);
  });

  if (!options.instance) {
    checks.skip(
      "stream holds the instance's state changes",
      "pass --instance <id> (after starting or stopping it yourself) to read its events from the stream",
    );
    return;
  }
  const instance = options.instance;
  await checks.check(`stream holds ${instance}'s state changes`, async () => {
    const since = new Date(Date.now() - options.sinceMinutes * 60_000);
    const events = await readInstanceEvents(clients.kinesis, streamName, instance, since);
    if (events.length === 0)
      throw new CheckFailure(
        `no state change of ${instance} in stream ${streamName} in the last ${options.sinceMinutes} minutes ` +
          `(states ${settings.states.join(", ")} are forwarded; start or stop the instance, or widen --since)`,
        `the dead-letter queue ${dlqUrl}`,
      );
    const unexpected = events.filter((e) => !(settings.states as readonly string[]).includes(e.state));
    if (unexpected.length > 0)
      throw new CheckFailure(
        `the stream holds states the rule should not forward: ${unexpected.map((e) => e.state).join(", ")}`,
      );
    return { note: `${events.length} event(s): ${events.map((e) => `${e.state} at ${e.time}`).join(", ")}` };
  });
};

interface InstanceEvent {
  readonly state: string;
  readonly time: string;
}

/** Every record of every shard since `since` that is an EventBridge EC2 state change of `instance`. */
async function readInstanceEvents(
  kinesis: KinesisClient,
  streamName: string,
  instance: string,
  since: Date,
): Promise<InstanceEvent[]> {
  const found: InstanceEvent[] = [];
  const shards = await kinesis.send(new ListShardsCommand({ StreamName: streamName }));
  for (const shard of shards.Shards ?? []) {
    let iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: streamName,
          ShardId: shard.ShardId,
          ShardIteratorType: "AT_TIMESTAMP",
          Timestamp: since,
        }),
      )
    ).ShardIterator;
    // GetRecords may return empty pages before the data; stop at the tip (MillisBehindLatest 0).
    for (let page = 0; iterator && page < 1000; page++) {
      const batch = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      for (const record of batch.Records ?? []) {
        const event = parseEvent(record.Data);
        if (event?.detail?.["instance-id"] === instance)
          found.push({ state: String(event.detail.state), time: String(event.time) });
      }
      if ((batch.Records ?? []).length === 0 && (batch.MillisBehindLatest ?? 0) === 0) break;
      iterator = batch.NextShardIterator;
    }
  }
  return found;
}

interface Ec2Event {
  readonly time?: unknown;
  readonly "detail-type"?: unknown;
  readonly detail?: { readonly "instance-id"?: unknown; readonly state?: unknown };
}

function parseEvent(data: Uint8Array | undefined): Ec2Event | undefined {
  if (!data) return undefined;
  try {
    const event = JSON.parse(Buffer.from(data).toString("utf8")) as Ec2Event;
    return event["detail-type"] === "EC2 Instance State-change Notification" ? event : undefined;
  } catch {
    return undefined;
  }
}
