import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findOfflineTooling, planStackOffline } from "../../scripts/lib/offline-terraform";
import { synthesize } from "../support/synth";

/**
 * The upgrade onto the monitoring toolkit (issue 14), planned by real Terraform against a state holding the
 * alarms the previous release deployed (dev defaults). Their addresses change (they move under `monitoring`),
 * their names must not: a renamed CloudWatch alarm is a new alarm, and the old one, with its history, would be
 * destroyed. Every other resource keeps its address (the address test in __tests__/stacks says so), so the
 * state holds only the alarms; the rest plans as new, as in any state without it.
 */
const tooling = findOfflineTooling();
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

const describeIfTerraform = tooling.available || process.env.CI === "true" ? describe : describe.skip;

describeIfTerraform("upgrade onto the monitoring toolkit (real terraform plan)", () => {
  test("moves the pipe's and the workflow's alarms in place: nothing destroyed or replaced", async () => {
    if (!tooling.available) throw new Error(`offline Terraform checks are required in CI: ${tooling.reason}`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "momento-alarms-"));
    try {
      const app = synthesize({ offline: true, outdir: path.join(root, "cdktf.out"), stacks: [STACK] });
      const result = await planStackOffline(
        tooling,
        path.join(app.outdir, "stacks", STACK),
        path.join(root, "work"),
        { state: previousAlarmsState(), planText: false },
      );
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
      const actions = Object.fromEntries(result.changes.map((c) => [c.address, c.change.actions.join("+")]));
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
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
