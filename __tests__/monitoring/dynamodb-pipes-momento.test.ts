import type { TerraformStack } from "cdktf";
import { buildApp } from "../../stacks/app";
import { auditStack } from "../../stacks/baseline/audit";
import { builtOnce } from "../support/once";
import { type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

const STACK = "dynamodb-pipes-momento";

function build(overrides: Record<string, unknown> = {}) {
  const app = buildApp(testConfig(overrides), { outdir: tempDir("monitoring-momento"), stacks: [STACK] });
  return app.node.findChild(STACK) as TerraformStack;
}
/** The stack's Terraform JSON; the tests only read it, so each configuration is built once in this file. */
const jsonOf = builtOnce(
  (overrides: Record<string, unknown> = {}) => build(overrides).toTerraform() as TerraformJson,
);

describe("dynamodb-pipes-momento monitoring", () => {
  test("every alarm by name, metric and threshold; the deployed names of the pipe's and workflow's alarms kept", () => {
    const alarms = Object.values(jsonOf().resource.aws_cloudwatch_metric_alarm as TerraformJson).map(
      (a: TerraformJson) =>
        a.metric_query
          ? `${a.alarm_name}: ${a.metric_query[0].expression} > ${a.threshold}`
          : `${a.alarm_name}: ${a.namespace} ${a.metric_name} ${a.statistic} > ${a.threshold}`,
    );
    expect(alarms.sort()).toEqual([
      "integ-dev-dynamodb-pipes-momento-dlq-not-empty: AWS/SQS ApproximateNumberOfMessagesVisible Maximum > 0",
      "integ-dev-dynamodb-pipes-momento-executions-throttled: AWS/States ExecutionThrottled Sum > 0",
      "integ-dev-dynamodb-pipes-momento-failed: AWS/States ExecutionsFailed Sum > 0",
      "integ-dev-dynamodb-pipes-momento-timed-out: AWS/States ExecutionsTimedOut Sum > 0",
      "integ-dev-momento-stream-failed: AWS/EventBridge/Pipes ExecutionFailed Sum > 0",
      "integ-dev-momento-stream-stalled: IF(writes > 0 AND FILL(invocations, 0) == 0, 1, 0) > 0",
      "integ-dev-momento-stream-stopped: AWS/Events TriggeredRules Sum > 0",
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

  describe("pipe-stalled: the table written while the pipe runs nothing (AWS has no pipe-state signal)", () => {
    const stalledOf = (overrides: Record<string, unknown> = {}) =>
      jsonOf(overrides).resource.aws_cloudwatch_metric_alarm.monitoring_pipe_stalled as TerraformJson;

    test("metric math over the table's consumed writes and the pipe's invocations, in one 15-minute window", () => {
      const alarm = stalledOf({ alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:ops" });
      expect(alarm).toMatchObject({
        alarm_name: "integ-dev-momento-stream-stalled",
        comparison_operator: "GreaterThanThreshold",
        threshold: 0,
        evaluation_periods: 1,
        datapoints_to_alarm: 1,
        // No writes, no datapoint: an idle table is healthy. A silent pipe is FILLed with 0 in the expression.
        treat_missing_data: "notBreaching",
        alarm_actions: ["arn:aws:sns:us-east-1:111122223333:ops"],
        ok_actions: ["arn:aws:sns:us-east-1:111122223333:ops"],
      });
      // A metric-math alarm names no metric of its own.
      expect(alarm.metric_name).toBeUndefined();
      expect(alarm.namespace).toBeUndefined();
      expect(alarm.period).toBeUndefined();
      expect(alarm.metric_query).toEqual([
        {
          id: "stalled",
          expression: "IF(writes > 0 AND FILL(invocations, 0) == 0, 1, 0)",
          label: "ConsumedWriteCapacityUnits > 0 while pipe Invocations = 0",
          return_data: true,
        },
        {
          id: "writes",
          return_data: false,
          metric: {
            namespace: "AWS/DynamoDB",
            metric_name: "ConsumedWriteCapacityUnits",
            stat: "Sum",
            period: 900,
            dimensions: { TableName: "${aws_dynamodb_table.table.name}" },
          },
        },
        {
          id: "invocations",
          return_data: false,
          metric: {
            namespace: "AWS/EventBridge/Pipes",
            metric_name: "Invocations",
            stat: "Sum",
            period: 900,
            dimensions: { PipeName: "${aws_pipes_pipe.pipe.name}" },
          },
        },
      ]);
    });

    test("its threshold is the window in minutes; enabled false removes it from the stack and the composite", () => {
      const periods = (alarm: TerraformJson) =>
        alarm.metric_query.filter((q: TerraformJson) => q.metric).map((q: TerraformJson) => q.metric.period);
      expect(
        periods(stalledOf({ stacks: { [STACK]: { alarms: { "pipe-stalled": { threshold: 60 } } } } })),
      ).toEqual([3600, 3600]);
      const off = jsonOf({ stacks: { [STACK]: { alarms: { "pipe-stalled": { enabled: false } } } } });
      expect(off.resource.aws_cloudwatch_metric_alarm.monitoring_pipe_stalled).toBeUndefined();
      expect(off.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_rule).not.toContain(
        "stalled",
      );
    });

    test.each([
      [4, "a whole number from 5 to 360"],
      [7.5, "a whole number from 5 to 360"],
      [361, "a whole number from 5 to 360"],
    ])("a window of %p minutes is refused (CloudWatch periods are whole minutes)", (threshold, allowed) => {
      expect(() => build({ stacks: { [STACK]: { alarms: { "pipe-stalled": { threshold } } } } })).toThrow(
        allowed,
      );
    });

    test("the dashboard graphs it in the pipe's row, and the composite alarm pages on it", () => {
      const json = jsonOf();
      const body = JSON.parse(json.resource.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body);
      const titles = body.widgets.map((w: TerraformJson) => w.properties.title ?? w.properties.markdown);
      const graph = body.widgets.find((w: TerraformJson) =>
        w.properties.annotations?.alarms?.includes(
          "${aws_cloudwatch_metric_alarm.monitoring_pipe_stalled.arn}",
        ),
      );
      expect(graph.properties.title).toBe(
        "ConsumedWriteCapacityUnits > 0 while pipe Invocations = 0 (integ-dev-momento-stream)",
      );
      expect(titles.indexOf(graph.properties.title)).toBeGreaterThan(
        titles.indexOf("## Router: EventBridge pipe"),
      );
      expect(titles.indexOf(graph.properties.title)).toBeLessThan(
        titles.indexOf("## Target: Express workflow"),
      );
      expect(json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_rule).toContain(
        "aws_cloudwatch_metric_alarm.monitoring_pipe_stalled.alarm_name",
      );
    });
  });

  describe("pipe-stopped: CloudTrail's record of someone stopping or deleting the pipe", () => {
    test("a rule without targets on this pipe's successful StopPipe, DeletePipe and UpdatePipe to STOPPED", () => {
      const json = jsonOf();
      const rule = json.resource.aws_cloudwatch_event_rule["monitoring_pipe-stop-calls"];
      expect(rule.name).toBe("integ-dev-momento-stream-stop-calls");
      expect(JSON.parse(rule.event_pattern)).toEqual({
        source: ["aws.pipes"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: {
          eventSource: ["pipes.amazonaws.com"],
          errorCode: [{ exists: false }],
          $or: [
            {
              eventName: ["StopPipe", "DeletePipe"],
              requestParameters: { name: ["integ-dev-momento-stream"] },
            },
            {
              eventName: ["UpdatePipe"],
              requestParameters: { name: ["integ-dev-momento-stream"], desiredState: ["STOPPED"] },
            },
          ],
        },
      });
      // Its matches are the metric; a target would only add a way to fail.
      expect(json.resource.aws_cloudwatch_event_target).toBeUndefined();
      expect(json.resource.aws_cloudwatch_metric_alarm.monitoring_pipe_stopped).toMatchObject({
        namespace: "AWS/Events",
        metric_name: "TriggeredRules",
        // The default bus, where CloudTrail delivers: RuleName only.
        dimensions: { RuleName: "${aws_cloudwatch_event_rule.monitoring_pipe-stop-calls.name}" },
        statistic: "Sum",
        period: 300,
        threshold: 0,
        treat_missing_data: "notBreaching",
      });
    });

    test("enabled false removes the rule with its alarm (accounts without a trail never match it)", () => {
      const json = jsonOf({ stacks: { [STACK]: { alarms: { "pipe-stopped": { enabled: false } } } } });
      expect(json.resource.aws_cloudwatch_event_rule).toBeUndefined();
      expect(json.resource.aws_cloudwatch_metric_alarm.monitoring_pipe_stopped).toBeUndefined();
      expect(json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_rule).not.toContain(
        "stopped",
      );
    });

    test("the baseline accepts the target-less rule only through its stated suppression", () => {
      const findings = auditStack(build());
      expect(findings.findings.filter((f) => f.ruleId === "MON-FAILURE-ALARM")).toEqual([]);
      expect(findings.suppressed.map((s) => [s.address, s.ruleId])).toContainEqual([
        "aws_cloudwatch_event_rule.monitoring_pipe-stop-calls",
        "MON-FAILURE-ALARM",
      ]);
    });
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
