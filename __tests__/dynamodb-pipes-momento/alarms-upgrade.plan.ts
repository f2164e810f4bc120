import * as path from "node:path";
import type { OfflineStackResult } from "../../scripts/lib/offline-terraform";
import { synthesize } from "../support/synth";
import type { OfflinePlanGroup } from "../terraform/plan-groups";

/**
 * The upgrade onto the monitoring toolkit (issue 14), planned by real Terraform against a state holding the
 * alarms the previous release deployed (dev defaults). Their addresses change (they move under `monitoring`),
 * their names must not: a renamed CloudWatch alarm is a new alarm, and the old one, with its history, would be
 * destroyed. Every other resource keeps its address (the address test in __tests__/stacks says so), so the
 * state holds only the alarms; the rest plans as new, as in any state without it.
 */
const STACK = "dynamodb-pipes-momento";
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const STATE_MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:integ-dev-dynamodb-pipes-momento`;

/** The previous release's alarms: address → what decides replace-or-update (the name) and the metric. */
const PREVIOUS_ALARMS: Record<string, Record<string, unknown>> = {
  "pipe-failed-alarm": {
    alarm_name: "integ-dev-momento-stream-failed",
    namespace: "AWS/EventBridge/Pipes",
    metric_name: "ExecutionFailed",
    dimensions: { PipeName: "integ-dev-momento-stream" },
  },
  "pipe-timeout-alarm": {
    alarm_name: "integ-dev-momento-stream-timeout",
    namespace: "AWS/EventBridge/Pipes",
    metric_name: "ExecutionTimeout",
    dimensions: { PipeName: "integ-dev-momento-stream" },
  },
  "workflow-failed-alarm": {
    alarm_name: "integ-dev-dynamodb-pipes-momento-failed",
    namespace: "AWS/States",
    metric_name: "ExecutionsFailed",
    dimensions: { StateMachineArn: STATE_MACHINE },
  },
  "workflow-timed-out-alarm": {
    alarm_name: "integ-dev-dynamodb-pipes-momento-timed-out",
    namespace: "AWS/States",
    metric_name: "ExecutionsTimedOut",
    dimensions: { StateMachineArn: STATE_MACHINE },
  },
  "pipe-dlq_alarm": {
    alarm_name: "integ-dev-dynamodb-pipes-momento-dlq-not-empty",
    namespace: "AWS/SQS",
    metric_name: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: "integ-dev-dynamodb-pipes-momento-dlq" },
  },
};

function previousAlarmsState() {
  const resources = Object.entries(PREVIOUS_ALARMS).map(([name, attributes]) => ({
    mode: "managed",
    type: "aws_cloudwatch_metric_alarm",
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [
      {
        schema_version: 1,
        attributes: {
          id: attributes.alarm_name,
          arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${attributes.alarm_name}`,
          statistic: name === "pipe-dlq_alarm" ? "Maximum" : "Sum",
          period: 300,
          evaluation_periods: 1,
          threshold: 0,
          comparison_operator: "GreaterThanThreshold",
          treat_missing_data: "notBreaching",
          ...attributes,
        },
      },
    ],
  }));
  return {
    version: 4,
    terraform_version: "1.11.0",
    serial: 12,
    lineage: "5d0c-momento-alarms",
    outputs: {},
    resources,
  };
}

/**
 * Planned in terraform/offline-plan.test.ts with the other offline plans (one Terraform start): the default
 * stack as a module of its own, against the previous release's alarms.
 */
const NAME = "upgrade onto the monitoring toolkit (real terraform plan)";
export const ALARMS_UPGRADE_PLAN_GROUP: OfflinePlanGroup = {
  name: NAME,
  jobs(root) {
    const app = synthesize({ offline: true, outdir: path.join(root, "cdktf.out"), stacks: [STACK] });
    return [{ key: STACK, stackDir: path.join(app.outdir, "stacks", STACK), state: previousAlarmsState() }];
  },
  tests(planned) {
    describe(NAME, () => {
      test("moves the pipe's and the workflow's alarms in place: nothing destroyed or replaced", () => {
        const result = planned(STACK) as OfflineStackResult;
        expect(result).toBeDefined();
        expect(result.summary.destroyed).toEqual([]);
        expect(result.summary.replaced).toEqual([]);
        expect([...result.summary.moved].sort()).toEqual(
          [
            "pipe-failed-alarm -> monitoring_pipe_execution-failed",
            "pipe-timeout-alarm -> monitoring_pipe_execution-timeout",
            "workflow-failed-alarm -> monitoring_workflow_executions-failed",
            "workflow-timed-out-alarm -> monitoring_workflow_executions-timed-out",
          ].map((move) => move.replace(/(^|-> )/g, "$1aws_cloudwatch_metric_alarm.")),
        );
        // What `terraform show` would print as "will be updated in-place" / "will be created", read from the
        // plan's own JSON (no second Terraform start to render text).
        const actions = Object.fromEntries(
          result.changes.map((c) => [c.address, c.change.actions.join("+")]),
        );
        for (const address of [
          "monitoring_pipe_execution-failed",
          "monitoring_pipe_execution-timeout",
          "monitoring_workflow_executions-failed",
          "monitoring_workflow_executions-timed-out",
          "pipe-dlq_alarm",
        ]) {
          expect({ address, action: actions[`aws_cloudwatch_metric_alarm.${address}`] }).toEqual({
            address,
            action: "update",
          });
        }
        // The alarms the toolkit adds are new; nothing else is touched.
        expect(actions["aws_cloudwatch_metric_alarm.monitoring_table_write-throttled"]).toBe("create");
        // The metric-math alarm plans as Terraform accepts it (metric_query blocks, no top-level metric).
        expect(actions["aws_cloudwatch_metric_alarm.monitoring_pipe_stalled"]).toBe("create");
        expect(actions["aws_cloudwatch_event_rule.monitoring_pipe-stop-calls"]).toBe("create");
      });
    });
  },
};
