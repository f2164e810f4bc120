import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";

interface FailureMetric {
  /** Construct id, also the Terraform address: `aws_cloudwatch_metric_alarm.<id>`. */
  readonly id: string;
  readonly alarmName: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
}

/**
 * Alarms as soon as one failure is counted in five minutes, notifying like the dead-letter queue's alarm.
 * No data means nothing ran (an idle table), so missing data is not a failure.
 */
function failureAlarm(scope: Construct, metric: FailureMetric, actions: readonly string[]) {
  return new CloudwatchMetricAlarm(scope, metric.id, {
    alarmName: metric.alarmName,
    alarmDescription: metric.description,
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: metric.dimensions,
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
    alarmActions: actions.length > 0 ? [...actions] : undefined,
    okActions: actions.length > 0 ? [...actions] : undefined,
  });
}

/**
 * The pipe's failed and timed-out executions (AWS/EventBridge/Pipes, dimension PipeName). A pipe that keeps
 * failing (revoked API key, missing cache: every retry a 401 or 404) counts here on every attempt, long before
 * AWS might stop it, and its batches then land in the DLQ, whose own alarm fires too.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-monitoring.html
 */
export function pipeAlarms(scope: Construct, pipeName: string, actions: readonly string[]) {
  const metric = (id: string, metricName: string, what: string): FailureMetric => ({
    id,
    alarmName: `${pipeName}-${id.replace(/^pipe-/, "").replace(/-alarm$/, "")}`,
    description: `The pipe ${pipeName} ${what}: stream records are not reaching Momento (see its log group and DLQ)`,
    namespace: "AWS/EventBridge/Pipes",
    metricName,
    dimensions: { PipeName: pipeName },
  });
  return [
    failureAlarm(scope, metric("pipe-failed-alarm", "ExecutionFailed", "has failed executions"), actions),
    failureAlarm(
      scope,
      metric("pipe-timeout-alarm", "ExecutionTimeout", "has timed-out executions"),
      actions,
    ),
  ];
}

/**
 * The workflow's failed and timed-out executions (AWS/States, dimension StateMachineArn): a Momento call that
 * failed after its retries, or a record the workflow cannot route.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html
 */
export function workflowAlarms(
  scope: Construct,
  stateMachine: { readonly name: string; readonly arn: string },
  actions: readonly string[],
) {
  const metric = (id: string, metricName: string, what: string): FailureMetric => ({
    id,
    alarmName: `${stateMachine.name}-${id.replace(/^workflow-/, "").replace(/-alarm$/, "")}`,
    description: `The workflow ${stateMachine.name} ${what}: the pipe retries the batch, then sends it to the DLQ`,
    namespace: "AWS/States",
    metricName,
    dimensions: { StateMachineArn: stateMachine.arn },
  });
  return [
    failureAlarm(
      scope,
      metric("workflow-failed-alarm", "ExecutionsFailed", "has failed executions"),
      actions,
    ),
    failureAlarm(
      scope,
      metric("workflow-timed-out-alarm", "ExecutionsTimedOut", "has timed-out executions"),
      actions,
    ),
  ];
}
