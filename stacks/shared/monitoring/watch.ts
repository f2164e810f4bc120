import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { S3BucketMetric } from "@cdktf/provider-aws/lib/s3-bucket-metric";
import { suppressBaseline } from "../../baseline/suppress";
import type { DeadLetterQueue } from "../dead-letter-queue";
import type { AlarmKindName } from "./catalog";
import type { AlarmTarget, StackMonitoring } from "./monitoring";

// One function per kind of resource that can fail: each adds that kind's alarms, with the dimensions AWS
// documents for it (see catalog.ts). Names are the literal resource names (alarm names are built from them);
// dimension values may be Terraform references, which also make Terraform create the alarm after the resource.

type Alarms = (CloudwatchMetricAlarm | undefined)[];

/** A resource by its literal name (for alarm names) and a reference to it (for dimensions). */
export interface NamedResource {
  /** Construct id of its alarms' scope under `monitoring`. */
  readonly id: string;
  readonly name: string;
  readonly nameRef: string;
}

/** The alarms of `kinds`, all on one resource's metrics. */
function alarmsOn(
  monitoring: StackMonitoring,
  section: string,
  target: AlarmTarget,
  kinds: readonly AlarmKindName[],
): Alarms {
  return kinds.map((kind) => monitoring.alarm(section, kind, target));
}

/** An EventBridge rule: failed, dead-lettered and lost invocations. */
export function watchRule(
  monitoring: StackMonitoring,
  section: string,
  rule: {
    readonly id: string;
    readonly name: string;
    readonly nameRef: string;
    readonly eventBusName?: string;
  },
): Alarms {
  // Rules on a custom bus publish their metrics with EventBusName and RuleName; on the default bus, RuleName only.
  const onCustomBus = rule.eventBusName !== undefined && rule.eventBusName !== "default";
  const dimensions: Record<string, string> = onCustomBus
    ? { EventBusName: rule.eventBusName as string, RuleName: rule.nameRef }
    : { RuleName: rule.nameRef };
  return alarmsOn(monitoring, section, { id: rule.id, name: rule.name, dimensions }, [
    "rule-failed-invocations",
    "rule-sent-to-dlq",
    "rule-dlq-delivery-failed",
  ]);
}

/** A Lambda function: errors, throttles, lost failure events (async), and invocations near the timeout. */
export function watchFunction(
  monitoring: StackMonitoring,
  section: string,
  fn: NamedResource & {
    readonly timeoutSeconds: number;
    /** True when it has an asynchronous on-failure destination (DestinationDeliveryFailures applies). */
    readonly asyncDestination: boolean;
  },
): Alarms {
  const target = { id: fn.id, name: fn.name, dimensions: { FunctionName: fn.nameRef } };
  return [
    monitoring.alarm(section, "function-errors", target),
    monitoring.alarm(section, "function-throttles", target),
    fn.asyncDestination ? monitoring.alarm(section, "function-destination-failures", target) : undefined,
    // Duration is in milliseconds; the setting is a percentage of the timeout.
    monitoring.alarm(
      section,
      "function-duration",
      target,
      (percent) => (fn.timeoutSeconds * 1000 * percent) / 100,
    ),
  ];
}

/** A Step Functions state machine: failed, timed-out and throttled executions. */
export function watchStateMachine(
  monitoring: StackMonitoring,
  section: string,
  machine: {
    readonly id: string;
    readonly name: string;
    readonly arnRef: string;
    readonly alarmNames?: AlarmTarget["alarmNames"];
  },
): Alarms {
  const target = {
    id: machine.id,
    name: machine.name,
    dimensions: { StateMachineArn: machine.arnRef },
    alarmNames: machine.alarmNames,
  };
  return alarmsOn(monitoring, section, target, [
    "state-machine-failed",
    "state-machine-timed-out",
    "state-machine-throttled",
  ]);
}

/** An API Gateway REST API stage: 5xx rate, p99 latency, and the 4xx rate as a warning. */
export function watchRestApiStage(
  monitoring: StackMonitoring,
  section: string,
  stage: {
    readonly id: string;
    readonly apiName: string;
    readonly apiNameRef: string;
    readonly stageRef: string;
  },
): Alarms {
  const target = {
    id: stage.id,
    name: stage.apiName,
    dimensions: { ApiName: stage.apiNameRef, Stage: stage.stageRef },
  };
  return alarmsOn(monitoring, section, target, ["api-5xx-rate", "api-latency-p99", "api-4xx-rate"]);
}

/** A Firehose stream delivering to S3: stale data, failed S3 puts, throttled records. */
export function watchDeliveryStream(
  monitoring: StackMonitoring,
  section: string,
  stream: NamedResource & { readonly bufferingIntervalSeconds: number },
): Alarms {
  const target = { id: stream.id, name: stream.name, dimensions: { DeliveryStreamName: stream.nameRef } };
  return [
    // The setting is the margin beyond the buffering interval: data waits up to the interval normally.
    monitoring.alarm(
      section,
      "delivery-freshness",
      target,
      (margin) => stream.bufferingIntervalSeconds + margin,
    ),
    monitoring.alarm(section, "delivery-success", target),
    monitoring.alarm(section, "delivery-throttled", target),
  ];
}

/** 1 MiB per second per shard: Kinesis' write limit of a provisioned shard. */
const SHARD_WRITE_BYTES_PER_SECOND = 1024 * 1024;

/** A Kinesis data stream: throttled writes, and for a provisioned stream, writes near its shards' capacity. */
export function watchKinesisStream(
  monitoring: StackMonitoring,
  section: string,
  stream: NamedResource & { readonly provisionedShards?: number },
): Alarms {
  const target = { id: stream.id, name: stream.name, dimensions: { StreamName: stream.nameRef } };
  const shards = stream.provisionedShards;
  return [
    monitoring.alarm(section, "stream-write-throttled", target),
    shards === undefined
      ? undefined
      : monitoring.alarm(
          section,
          "stream-incoming-bytes",
          target,
          // IncomingBytes is summed per 60-second period.
          (percent) => Math.floor((shards * SHARD_WRITE_BYTES_PER_SECOND * 60 * percent) / 100),
        ),
  ];
}

/**
 * An EventBridge pipe: failed executions and failed target calls; with `timeouts`, timed-out executions too
 * (a pipe whose target runs synchronously, such as an Express workflow, can time out).
 */
export function watchPipe(
  monitoring: StackMonitoring,
  section: string,
  pipe: NamedResource & { readonly timeouts?: boolean; readonly alarmNames?: AlarmTarget["alarmNames"] },
): Alarms {
  const target = {
    id: pipe.id,
    name: pipe.name,
    dimensions: { PipeName: pipe.nameRef },
    alarmNames: pipe.alarmNames,
  };
  return alarmsOn(monitoring, section, target, [
    "pipe-execution-failed",
    ...(pipe.timeouts ? (["pipe-execution-timeout"] as const) : []),
    "pipe-target-failed",
  ]);
}

/**
 * A pipe that has stopped reading its DynamoDB table's stream: the table was written in the window, and the
 * pipe ran nothing. AWS publishes no pipe-state metric and no state-change event, so this is how a pipe that
 * AWS disabled or someone stopped shows. The table must be the pipe's source.
 */
export function watchPipeStall(
  monitoring: StackMonitoring,
  section: string,
  pipe: NamedResource & { readonly tableNameRef: string },
): Alarms {
  return [
    monitoring.alarm(section, "pipe-stalled", {
      id: pipe.id,
      name: pipe.name,
      metricDimensions: {
        writes: { TableName: pipe.tableNameRef },
        invocations: { PipeName: pipe.nameRef },
      },
    }),
  ];
}

/**
 * The CloudTrail management events of someone stopping or deleting a pipe (`StopPipe`, `DeletePipe`, or
 * `UpdatePipe` to `STOPPED`, refused calls excluded), matched by a rule without targets whose matches are the
 * alarm's metric (AWS/Events TriggeredRules by RuleName, on the default bus where CloudTrail delivers).
 * CloudTrail delivers these events to EventBridge only while a trail logs management events in the account
 * and region; without one the rule never matches and `pipe-stalled` is the only signal.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-pipes.html
 */
export function watchPipeStopCalls(
  monitoring: StackMonitoring,
  section: string,
  pipe: { readonly id: string; readonly name: string; readonly ruleName: string },
): Alarms {
  if (!monitoring.enabled("pipe-stopped")) return [undefined];
  const call = (eventName: readonly string[], parameters: Record<string, readonly string[]>) => ({
    eventName,
    requestParameters: { name: [pipe.name], ...parameters },
  });
  const rule = new CloudwatchEventRule(monitoring, `${pipe.id}-stop-calls`, {
    name: pipe.ruleName,
    description: `Calls that stop or delete the pipe ${pipe.name} (CloudTrail); alarmed as pipe-stopped`,
    eventPattern: JSON.stringify({
      source: ["aws.pipes"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["pipes.amazonaws.com"],
        // A refused call (AccessDenied, ConflictException) stopped nothing.
        errorCode: [{ exists: false }],
        $or: [call(["StopPipe", "DeletePipe"], {}), call(["UpdatePipe"], { desiredState: ["STOPPED"] })],
      },
    }),
  });
  suppressBaseline(
    rule,
    "MON-FAILURE-ALARM",
    "no targets, so nothing to fail: its matches (TriggeredRules) are the pipe-stopped alarm's metric",
  );
  return [
    monitoring.alarm(section, "pipe-stopped", {
      id: pipe.id,
      name: pipe.name,
      dimensions: { RuleName: rule.name },
    }),
  ];
}

/** A DynamoDB table: throttled writes. */
export function watchTable(monitoring: StackMonitoring, section: string, table: NamedResource): Alarms {
  const target = { id: table.id, name: table.name, dimensions: { TableName: table.nameRef } };
  return alarmsOn(monitoring, section, target, ["table-write-throttled"]);
}

/**
 * A CloudTrail trail's delivery into its bucket. CloudTrail publishes no delivery metric (GetTrailStatus'
 * LatestDeliveryError is an API field), so the signal is the bucket's own: S3 request metrics on the trail's
 * key prefix, whose 4xxErrors count the log-file writes S3 refused (a broken bucket policy, a key CloudTrail
 * may not use). The metrics filter is created here; request metrics are billed as custom metrics.
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-configurations.html
 */
export function watchTrailDelivery(
  monitoring: StackMonitoring,
  section: string,
  trail: { readonly id: string; readonly name: string; readonly bucketName: string; readonly prefix: string },
): Alarms {
  const filter = new S3BucketMetric(monitoring, `${trail.id}-log-requests`, {
    bucket: trail.bucketName,
    name: "cloudtrail-log-files",
    filter: { prefix: trail.prefix },
  });
  return [
    monitoring.alarm(section, "trail-delivery-errors", {
      id: trail.id,
      name: trail.name,
      dimensions: { BucketName: trail.bucketName, FilterId: filter.name },
    }),
  ];
}

/** A dead-letter queue's own "messages waiting" alarm, on the dashboard and in the composite alarm. */
export function watchDeadLetterQueue(
  monitoring: StackMonitoring,
  section: string,
  dlq: DeadLetterQueue,
): void {
  monitoring.include(section, `Messages waiting (${dlq.queueName})`, dlq.alarm);
}
