import type { Block, StackModel } from "../model";
import { type Rule, type Violation, violationUnless } from "../rule";

/**
 * What watches one failure-capable resource kind: an alarm in `namespace` on one of `metrics`, whose
 * `dimension` points at the resource. Alarms are recognised by their metric and dimensions, as AWS defines
 * them, not by the construct that made them: a hand-written aws_cloudwatch_metric_alarm counts too.
 */
interface Watch {
  readonly type: string;
  readonly what: string;
  readonly namespace: string;
  readonly metrics: readonly string[];
  readonly dimension: string;
  /** The resource attributes a dimension value may refer to (`${aws_x.y.<attribute>}`). */
  readonly attributes: readonly string[];
  /** The literal dimension value that names the resource, when its name is in its configuration. */
  readonly literal: (block: Block, model: StackModel) => string | undefined;
  /** Other values that name what the metric is about (a trail's metrics are its bucket's). */
  readonly via?: (block: Block) => readonly unknown[];
  /** What the dimension names, in findings. @default "this resource" */
  readonly target?: string;
  /** A literal ARN names the resource when it ends with this (state machines: `:stateMachine:<name>`). */
  readonly arnSuffix?: (block: Block) => string | undefined;
  /** Further dimensions the alarm must match (API stages: ApiName as well as Stage). */
  readonly also?: (block: Block, model: StackModel) => Readonly<Record<string, readonly string[]>>;
  readonly fix: string;
}

/** In `also`: the dimension must be present, with any value. */
const ANY_VALUE = "*";

const byName = (block: Block): string | undefined =>
  typeof block.config.name === "string" ? block.config.name : undefined;

/** The event bus a rule is on, as the values an EventBusName dimension may hold; none for the default bus. */
function eventBusValues(rule: Block, model: StackModel): Record<string, readonly string[]> {
  const bus = rule.config.event_bus_name;
  if (bus === undefined || bus === "default") return {};
  const target = model.deref(bus);
  const values = target ? [model.ref(target.block, "name"), model.ref(target.block, "id")] : [];
  const literal = target ? byName(target.block) : bus;
  return { EventBusName: literal ? [...values, literal] : values };
}

/** The REST API a stage belongs to, as the values an ApiName dimension may hold. */
function apiNameValues(stage: Block, model: StackModel): Record<string, readonly string[]> {
  const api = model.deref(stage.config.rest_api_id)?.block;
  if (!api) return { ApiName: [] };
  const literal = byName(api);
  return { ApiName: [model.ref(api, "name"), ...(literal ? [literal] : [])] };
}

export const FAILURE_WATCHES: readonly Watch[] = [
  {
    type: "aws_cloudwatch_event_rule",
    what: "failed invocations of this rule's targets",
    namespace: "AWS/Events",
    metrics: ["FailedInvocations"],
    dimension: "RuleName",
    attributes: ["name", "id"],
    literal: byName,
    also: eventBusValues,
    fix: "watchRule(monitoring, ...) (AWS/Events FailedInvocations by RuleName, plus EventBusName on a custom bus)",
  },
  {
    type: "aws_lambda_function",
    what: "function errors",
    namespace: "AWS/Lambda",
    metrics: ["Errors"],
    dimension: "FunctionName",
    attributes: ["function_name", "id"],
    literal: (block) => block.config.function_name,
    fix: "watchFunction(monitoring, ...) (AWS/Lambda Errors by FunctionName)",
  },
  {
    type: "aws_sfn_state_machine",
    what: "failed executions",
    namespace: "AWS/States",
    metrics: ["ExecutionsFailed"],
    dimension: "StateMachineArn",
    attributes: ["arn", "id"],
    literal: () => undefined,
    arnSuffix: (block) => (byName(block) ? `:stateMachine:${byName(block)}` : undefined),
    fix: "watchStateMachine(monitoring, ...) (AWS/States ExecutionsFailed by StateMachineArn)",
  },
  {
    type: "aws_pipes_pipe",
    what: "failed pipe executions",
    namespace: "AWS/EventBridge/Pipes",
    metrics: ["ExecutionFailed", "TargetStageFailed"],
    dimension: "PipeName",
    attributes: ["name", "id"],
    literal: byName,
    fix: "watchPipe(monitoring, ...) (AWS/EventBridge/Pipes ExecutionFailed by PipeName)",
  },
  {
    type: "aws_api_gateway_stage",
    what: "server errors (5xx) of this stage",
    namespace: "AWS/ApiGateway",
    metrics: ["5XXError"],
    dimension: "Stage",
    attributes: ["stage_name"],
    literal: (block) => block.config.stage_name,
    also: apiNameValues,
    fix: "watchRestApiStage(monitoring, ...) (AWS/ApiGateway 5XXError by ApiName and Stage)",
  },
  {
    type: "aws_kinesis_firehose_delivery_stream",
    what: "failed or stale delivery",
    namespace: "AWS/Firehose",
    metrics: ["DeliveryToS3.DataFreshness", "DeliveryToS3.Success"],
    dimension: "DeliveryStreamName",
    attributes: ["name"],
    literal: byName,
    fix: "watchDeliveryStream(monitoring, ...) (AWS/Firehose DeliveryToS3.DataFreshness by DeliveryStreamName)",
  },
  {
    type: "aws_kinesis_stream",
    what: "throttled writes",
    namespace: "AWS/Kinesis",
    metrics: ["WriteProvisionedThroughputExceeded", "PutRecords.ThrottledRecords"],
    dimension: "StreamName",
    attributes: ["name"],
    literal: byName,
    fix: "watchKinesisStream(monitoring, ...) (AWS/Kinesis WriteProvisionedThroughputExceeded by StreamName)",
  },
  {
    type: "aws_cloudtrail",
    what: "refused log-file deliveries into the trail's bucket",
    namespace: "AWS/S3",
    metrics: ["4xxErrors"],
    dimension: "BucketName",
    attributes: [],
    literal: () => undefined,
    via: (block) => [block.config.s3_bucket_name],
    target: "the trail's bucket",
    // S3 request metrics always carry the metrics configuration's FilterId.
    also: () => ({ FilterId: [ANY_VALUE] }),
    fix: "watchTrailDelivery(monitoring, ...) (AWS/S3 4xxErrors by BucketName and FilterId on the log prefix)",
  },
  {
    type: "aws_dynamodb_table",
    what: "throttled requests",
    namespace: "AWS/DynamoDB",
    metrics: ["WriteThrottleEvents", "ReadThrottleEvents", "ThrottledRequests"],
    dimension: "TableName",
    attributes: ["name", "id"],
    literal: byName,
    fix: "watchTable(monitoring, ...) (AWS/DynamoDB WriteThrottleEvents by TableName)",
  },
];

function watches(model: StackModel, watch: Watch, resource: Block): boolean {
  const pointsAt = [...watch.attributes.map((a) => model.ref(resource, a)), ...(watch.via?.(resource) ?? [])];
  const literal = watch.literal(resource, model);
  if (literal) pointsAt.push(literal);
  const suffix = watch.arnSuffix?.(resource);
  const namesResource = (value: unknown) =>
    typeof value === "string" &&
    (pointsAt.includes(value) ||
      (suffix !== undefined && value.startsWith("arn:") && value.endsWith(suffix)));
  const also = watch.also?.(resource, model) ?? {};
  return model.ofType("aws_cloudwatch_metric_alarm").some((alarm) => {
    const dimensions: Record<string, unknown> = alarm.config.dimensions ?? {};
    return (
      alarm.config.namespace === watch.namespace &&
      watch.metrics.includes(alarm.config.metric_name) &&
      namesResource(dimensions[watch.dimension]) &&
      Object.entries(also).every(([key, values]) =>
        values.includes(ANY_VALUE)
          ? typeof dimensions[key] === "string"
          : values.includes(dimensions[key] as string),
      ) &&
      // An alarm with extra dimensions (a rule's alarm with EventBusName on the default bus) watches a metric
      // that never exists.
      Object.keys(dimensions).every((key) => key === watch.dimension || key in also)
    );
  });
}

export const failureAlarm: Rule = {
  id: "MON-FAILURE-ALARM",
  title:
    "Every resource that can fail (rule, function, state machine, pipe, API stage, Firehose, Kinesis, DynamoDB) has an alarm on its failure metric",
  mirrors: "checkov none, trivy none, cdk-nag none (AWS Well-Architected REL06-BP01: monitor all components)",
  appliesTo: FAILURE_WATCHES.map((w) => w.type),
  check: (model) =>
    FAILURE_WATCHES.flatMap((watch) =>
      model.ofType(watch.type).flatMap((resource): Violation[] =>
        violationUnless(watches(model, watch, resource), {
          address: resource.address,
          problem: `no alarm on ${watch.what} (${watch.namespace} ${watch.metrics.join(" or ")} with ${watch.dimension} = ${watch.target ?? "this resource"})`,
          fix: `add ${watch.fix}`,
        }),
      ),
    ),
};
