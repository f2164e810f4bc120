/**
 * Every alarm kind the stacks create: metric, statistic, period, default threshold and why. One table, so the
 * settings reader, the alarm helper, the dashboard and the documentation tests all read the same facts.
 *
 * Metric names, namespaces, dimensions and statistics are AWS's:
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html (AWS/Events, RuleName; EventBusName + RuleName on a custom bus)
 * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html (AWS/Lambda, FunctionName; invocation metrics with Sum)
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html (AWS/States, StateMachineArn)
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-metrics-and-dimensions.html (AWS/ApiGateway, ApiName + Stage; Average of 4XXError/5XXError is the error rate)
 * @see https://docs.aws.amazon.com/firehose/latest/dev/firehose-cloudwatch-metrics-best-practices.html (DataFreshness, ThrottledRecords)
 * @see https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html (AWS/Kinesis, StreamName)
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-monitoring.html (AWS/EventBridge/Pipes, PipeName)
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html (AWS/DynamoDB, TableName)
 * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html (AWS/S3 request metrics, BucketName + FilterId)
 */

export type Comparison = "GreaterThanThreshold" | "LessThanThreshold";
export type Statistic = "Sum" | "Average" | "Maximum" | "Minimum" | "p99";

/** `page`: part of the stack's composite "unhealthy" alarm. `warning`: shown and notified, never composite. */
export type Severity = "page" | "warning";

export interface AlarmKind {
  /** What the alarm's name ends with, after the watched resource's name. */
  readonly suffix: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: Statistic;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly comparison: Comparison;
  /** The default of `alarms.<kind>.threshold`, in `unit`. */
  readonly threshold: number;
  readonly range: { readonly min: number; readonly max: number };
  /** Unit of the setting (which may be turned into the metric's unit, such as % of the timeout). */
  readonly unit: string;
  /** Why that default. */
  readonly why: string;
  /** CloudWatch's state when no data arrives: most failure metrics are only sent when non-zero. */
  readonly treatMissingData: "notBreaching" | "breaching";
  readonly severity: Severity;
  /** One line for the alarm description, the README table and the dashboard. */
  readonly meaning: string;
}

/** One metric of a metric-math alarm, named by its id in the expression; its dimensions come from watch.ts. */
export interface MathMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: Exclude<Statistic, "p99">;
}

/**
 * An alarm on a metric-math expression over several metrics (of one or several resources), evaluated over one
 * window: `alarms.<kind>.threshold` is that window in minutes (the period of every metric), and the expression
 * is compared with `alarmThreshold`.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create-alarm-on-metric-math-expression.html
 */
export interface MathAlarmKind extends Omit<AlarmKind, "namespace" | "metricName" | "statistic"> {
  /** The metrics, by expression id (a lowercase letter, then letters, digits, _), in a fixed order. */
  readonly metrics: Readonly<Record<string, MathMetric>>;
  /** CloudWatch metric math over the ids of `metrics`. */
  readonly expression: string;
  /** What the expression measures, for the README, the alarm and the dashboard. */
  readonly label: string;
  readonly alarmThreshold: number;
}

const COUNT = { min: 0, max: 1_000_000 };
/** Failure counters: EventBridge, Lambda and Step Functions send them only when they are not zero. */
const ANY_IN_FIVE_MINUTES = {
  statistic: "Sum",
  periodSeconds: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  comparison: "GreaterThanThreshold",
  threshold: 0,
  range: COUNT,
  unit: "count per 5 minutes",
  treatMissingData: "notBreaching",
  severity: "page",
} as const;

export const ALARM_KINDS = {
  "rule-failed-invocations": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "failed-invocations",
    namespace: "AWS/Events",
    metricName: "FailedInvocations",
    why: "each one is an event EventBridge gave up on after every retry",
    meaning: "EventBridge failed to deliver an event to the rule's target permanently",
  },
  "rule-sent-to-dlq": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "sent-to-dlq",
    namespace: "AWS/Events",
    metricName: "InvocationsSentToDlq",
    why: "each one is an event that needs a redrive",
    meaning: "EventBridge moved an undeliverable event to the rule's dead-letter queue",
  },
  "rule-dlq-delivery-failed": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "dlq-delivery-failed",
    namespace: "AWS/Events",
    metricName: "InvocationsFailedToBeSentToDlq",
    why: "each one is an event lost for good: neither the target nor the DLQ took it",
    meaning: "EventBridge could not put an undeliverable event into the dead-letter queue: the event is lost",
  },
  "function-errors": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "errors",
    namespace: "AWS/Lambda",
    metricName: "Errors",
    why: "the function only fails on real faults (RDS or input errors are logged and skipped)",
    meaning:
      "The function threw or timed out; asynchronous invocations are retried, then go to the failure queue",
  },
  "function-throttles": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "throttles",
    namespace: "AWS/Lambda",
    metricName: "Throttles",
    why: "the function has no reserved concurrency; any throttle means the account's concurrency is exhausted",
    meaning: "Lambda refused invocations for lack of concurrency",
  },
  "function-destination-failures": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "destination-failures",
    namespace: "AWS/Lambda",
    metricName: "DestinationDeliveryFailures",
    why: "each one is a failed event lost: it reached neither the function nor its failure queue",
    meaning: "Lambda could not send a failed asynchronous event to the on-failure destination",
  },
  "function-duration": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "duration",
    metricName: "Duration",
    namespace: "AWS/Lambda",
    statistic: "Maximum",
    threshold: 80,
    range: { min: 1, max: 100 },
    unit: "% of the function's timeout (slowest invocation in 5 minutes)",
    why: "an invocation at 80% of its timeout is one slow dependency away from timing out",
    severity: "warning",
    meaning: "An invocation ran close to the function's timeout",
  },
  "state-machine-failed": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "executions-failed",
    namespace: "AWS/States",
    metricName: "ExecutionsFailed",
    why: "an execution fails only when the function failed or the input was invalid",
    meaning: "A state machine execution failed",
  },
  "state-machine-timed-out": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "executions-timed-out",
    namespace: "AWS/States",
    metricName: "ExecutionsTimedOut",
    why: "a timed-out execution did not finish its work",
    meaning: "A state machine execution timed out",
  },
  "state-machine-throttled": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "executions-throttled",
    namespace: "AWS/States",
    metricName: "ExecutionThrottled",
    why: "throttled StartExecution calls are retried by EventBridge, but any is a quota warning sign",
    meaning: "Step Functions throttled executions (state transitions over quota)",
  },
  "api-5xx-rate": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "5xx-rate",
    namespace: "AWS/ApiGateway",
    metricName: "5XXError",
    statistic: "Average",
    threshold: 0.01,
    range: { min: 0, max: 1 },
    unit: "share of requests (0.01 = 1%) in 5 minutes",
    why: "a 5xx is Firehose refusing or the stack misconfigured; 1% filters single retried blips",
    meaning: "More than the threshold share of requests got a 5xx answer",
  },
  "api-latency-p99": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "latency-p99",
    namespace: "AWS/ApiGateway",
    metricName: "Latency",
    statistic: "p99",
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 2000,
    range: { min: 1, max: 29_000 },
    unit: "milliseconds (99th percentile, 15 minutes in a row)",
    why: "a Firehose PutRecord answers in tens of milliseconds; 2 s sustained means Firehose or API Gateway degraded",
    meaning: "The slowest 1% of requests took longer than the threshold for 15 minutes",
  },
  "api-4xx-rate": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "4xx-rate",
    namespace: "AWS/ApiGateway",
    metricName: "4XXError",
    statistic: "Average",
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    threshold: 0.05,
    range: { min: 0, max: 1 },
    unit: "share of requests (0.05 = 5%), 15 minutes in a row",
    why: "4xx are the callers' mistakes (bad body, key, quota): worth a look, not a page",
    severity: "warning",
    meaning: "More than the threshold share of requests were refused (400, 403, 415, 429)",
  },
  "delivery-freshness": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "data-freshness",
    namespace: "AWS/Firehose",
    metricName: "DeliveryToS3.DataFreshness",
    statistic: "Maximum",
    threshold: 600,
    range: { min: 60, max: 86_400 },
    unit: "seconds beyond the buffering interval",
    why: "records normally wait at most the buffering interval; 10 minutes more means delivery to S3 is failing",
    meaning: "The oldest record waiting in Firehose is older than the buffering interval plus the threshold",
  },
  "delivery-success": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "delivery-success",
    namespace: "AWS/Firehose",
    metricName: "DeliveryToS3.Success",
    statistic: "Minimum",
    comparison: "LessThanThreshold",
    threshold: 1,
    range: { min: 0, max: 1 },
    unit: "share of successful S3 puts (1 = all)",
    why: "every put to S3 should succeed; Firehose retries, but a failed put means access or bucket trouble",
    meaning: "Some of Firehose's puts to S3 failed",
  },
  "delivery-throttled": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "throttled-records",
    namespace: "AWS/Firehose",
    metricName: "ThrottledRecords",
    why: "throttled records become 503 answers: callers must retry or lose them",
    meaning: "Firehose throttled records: the stream's quota is too low for the traffic",
  },
  "stream-write-throttled": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "write-throttled",
    namespace: "AWS/Kinesis",
    metricName: "WriteProvisionedThroughputExceeded",
    why: "throttled writes are retried by EventBridge, but they delay events and can end in the DLQ",
    meaning: "Kinesis rejected writes over the stream's throughput",
  },
  "stream-incoming-bytes": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "incoming-bytes",
    namespace: "AWS/Kinesis",
    metricName: "IncomingBytes",
    periodSeconds: 60,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    threshold: 80,
    range: { min: 1, max: 100 },
    unit: "% of the provisioned shards' 1 MiB/s write limit, 5 minutes in a row",
    why: "at 80% of capacity, bursts start being throttled: add shards before they are",
    severity: "warning",
    meaning: "Writes use most of the provisioned shards' capacity",
  },
  "pipe-execution-failed": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "execution-failed",
    namespace: "AWS/EventBridge/Pipes",
    metricName: "ExecutionFailed",
    why: "a failed execution retries and then lands in the pipe's DLQ",
    meaning: "A pipe execution failed",
  },
  "pipe-execution-timeout": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "execution-timeout",
    namespace: "AWS/EventBridge/Pipes",
    metricName: "ExecutionTimeout",
    why: "a timed-out execution is retried like a failed one, blocking its shard, and then lands in the DLQ",
    meaning: "A pipe execution timed out before it completed",
  },
  "pipe-target-failed": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "target-failed",
    namespace: "AWS/EventBridge/Pipes",
    metricName: "TargetStageFailed",
    why: "the target refused the call (for example, HTTP 4xx/5xx from an API destination)",
    meaning: "A pipe's target stage failed",
  },
  "trail-delivery-errors": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "delivery-errors",
    namespace: "AWS/S3",
    metricName: "4xxErrors",
    why: "CloudTrail publishes no delivery metric; a refused log-file write to its bucket is the signal that it cannot deliver",
    meaning: "Requests to write CloudTrail log files into the trail's bucket were refused (4xx)",
  },
  "table-write-throttled": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "write-throttled",
    namespace: "AWS/DynamoDB",
    metricName: "WriteThrottleEvents",
    why: "throttled writes are refused to the writer, which must retry",
    meaning: "DynamoDB throttled writes to the table",
  },
  "pipe-stopped": {
    ...ANY_IN_FIVE_MINUTES,
    suffix: "stopped",
    namespace: "AWS/Events",
    metricName: "TriggeredRules",
    why: "each match is a successful StopPipe, DeletePipe or UpdatePipe to STOPPED on this pipe: nobody should do that outside Terraform",
    meaning:
      "Someone stopped or deleted the pipe (a CloudTrail management event; needs a trail in the account)",
  },
  "pipe-stalled": {
    suffix: "stalled",
    metrics: {
      writes: { namespace: "AWS/DynamoDB", metricName: "ConsumedWriteCapacityUnits", statistic: "Sum" },
      invocations: { namespace: "AWS/EventBridge/Pipes", metricName: "Invocations", statistic: "Sum" },
    },
    // FILL: a pipe that sends no datapoint at all (stopped, disabled, deleted) counts as zero invocations. Without
    // writes the expression has no datapoint, and missing data is "not breaching": an idle table is healthy.
    expression: "IF(writes > 0 AND FILL(invocations, 0) == 0, 1, 0)",
    label: "ConsumedWriteCapacityUnits > 0 while pipe Invocations = 0",
    alarmThreshold: 0,
    comparison: "GreaterThanThreshold",
    periodSeconds: 900,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: "notBreaching",
    severity: "page",
    threshold: 15,
    range: { min: 5, max: 360 },
    unit: "minutes (one window; whole minutes)",
    why: "the pipe polls the stream several times a second, so a window of writes with no invocation at all means it stopped; 15 minutes rides out metric delays without leaving a stopped pipe unseen for long",
    meaning:
      "The table was written but the pipe ran no execution in the window: it is stopped, disabled or deleted",
  },
} as const satisfies Record<string, AlarmKind | MathAlarmKind>;

export type AlarmKindName = keyof typeof ALARM_KINDS;

/** The kind's definition, whichever of the two shapes it has. */
export function alarmKind(kind: AlarmKindName): AlarmKind | MathAlarmKind {
  return ALARM_KINDS[kind];
}

/**
 * How the README states a kind's default: `<metric> <statistic> > <threshold> (<unit>)`, or for a metric-math
 * kind `<label> over <window> <unit>`.
 */
export function defaultCondition(kind: AlarmKindName): string {
  const spec = alarmKind(kind);
  if (isMathKind(spec)) return `${spec.label} over ${spec.threshold} ${spec.unit}`;
  const comparison = spec.comparison === "LessThanThreshold" ? "<" : ">";
  return `${spec.metricName} ${spec.statistic} ${comparison} ${spec.threshold} (${spec.unit})`;
}

export function isMathKind(spec: AlarmKind | MathAlarmKind): spec is MathAlarmKind {
  return "expression" in spec;
}
