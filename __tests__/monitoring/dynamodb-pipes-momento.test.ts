import type { TerraformStack } from "cdktf";
import { buildApp } from "../../stacks/app";
import { auditStack } from "../../stacks/baseline/audit";
import { type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

const STACK = "dynamodb-pipes-momento";

function build(overrides: Record<string, unknown> = {}) {
  const app = buildApp(testConfig(overrides), { outdir: tempDir("monitoring-momento"), stacks: [STACK] });
  return app.node.findChild(STACK) as TerraformStack;
}
const jsonOf = (overrides: Record<string, unknown> = {}) => build(overrides).toTerraform() as TerraformJson;

describe("dynamodb-pipes-momento monitoring", () => {
  test("every alarm by name, metric and threshold; the deployed names of the pipe's and workflow's alarms kept", () => {
    const alarms = Object.values(jsonOf().resource.aws_cloudwatch_metric_alarm as TerraformJson).map(
      (a: TerraformJson) =>
        `${a.alarm_name}: ${a.namespace} ${a.metric_name} ${a.statistic} > ${a.threshold}`,
    );
    expect(alarms.sort()).toEqual([
      "integ-dev-dynamodb-pipes-momento-dlq-not-empty: AWS/SQS ApproximateNumberOfMessagesVisible Maximum > 0",
      "integ-dev-dynamodb-pipes-momento-executions-throttled: AWS/States ExecutionThrottled Sum > 0",
      "integ-dev-dynamodb-pipes-momento-failed: AWS/States ExecutionsFailed Sum > 0",
      "integ-dev-dynamodb-pipes-momento-timed-out: AWS/States ExecutionsTimedOut Sum > 0",
      "integ-dev-momento-stream-failed: AWS/EventBridge/Pipes ExecutionFailed Sum > 0",
      "integ-dev-momento-stream-target-failed: AWS/EventBridge/Pipes TargetStageFailed Sum > 0",
      "integ-dev-momento-stream-timeout: AWS/EventBridge/Pipes ExecutionTimeout Sum > 0",
      "integ-dev-weather-write-throttled: AWS/DynamoDB WriteThrottleEvents Sum > 0",
    ]);
  });

  test("alarms.<kind> settings: a threshold takes effect, a disabled alarm leaves the composite, the baseline says what is unwatched", () => {
    const stack = build({
      stacks: {
        [STACK]: {
          alarms: { "pipe-target-failed": { threshold: 5 }, "table-write-throttled": { enabled: false } },
        },
      },
    });
    const json = stack.toTerraform() as TerraformJson;
    const alarms = json.resource.aws_cloudwatch_metric_alarm;
    expect(alarms["monitoring_pipe_target-failed"].threshold).toBe(5);
    expect(alarms["monitoring_table_write-throttled"]).toBeUndefined();
    expect(json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_rule).not.toContain(
      "table",
    );
    const unwatched = auditStack(stack)
      .findings.filter((f) => f.ruleId === "MON-FAILURE-ALARM")
      .map((f) => f.address);
    expect(unwatched).toEqual(["aws_dynamodb_table.table"]);
  });

  test("an unknown alarm kind is refused, naming the kinds of this stack", () => {
    expect(() => build({ stacks: { [STACK]: { alarms: { "function-errors": {} } } } })).toThrow(
      "stacks.dynamodb-pipes-momento.alarms.function-errors",
    );
  });

  test("the composite alarm pages on every alarm; the dashboard shows them in data-flow order", () => {
    const json = jsonOf({ docsBaseUrl: "https://github.com/acme/integrations/blob/main/README.md" });
    const members = [
      ...json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_rule.matchAll(
        /aws_cloudwatch_metric_alarm\.([^.]+)\.alarm_name/g,
      ),
    ].map((m) => m[1]);
    expect(members.sort()).toEqual(Object.keys(json.resource.aws_cloudwatch_metric_alarm).sort());
    const body = JSON.parse(json.resource.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body);
    const headings = body.widgets
      .filter((w: TerraformJson) => w.type === "text")
      .map((w: TerraformJson) => w.properties.markdown.split("\n")[0]);
    expect(headings).toEqual([
      "# dynamodb-pipes-momento",
      "## Source: DynamoDB table",
      "## Router: EventBridge pipe",
      "## Target: Express workflow",
      "## Failures: dead-letter queue",
    ]);
    expect(body.widgets[0].properties.markdown).toContain("README.md#dynamodb-pipes-momento");
  });
});
