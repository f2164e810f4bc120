import type { TerraformStack } from "cdktf";
import { buildApp } from "../../stacks/app";
import { auditStack } from "../../stacks/baseline/audit";
import { ConfigError } from "../../stacks/core/errors";
import type { StackId } from "../../stacks/registry";
import { unnotifiedAlarmsWarning } from "../../stacks/shared/monitoring/alarm-topic";
import { ALARM_KINDS } from "../../stacks/shared/monitoring/catalog";
import { builtOnce } from "../support/once";
import { type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

/** One stack's Terraform JSON as it would be written, without writing it. */
function stackJson(id: StackId, overrides: Record<string, unknown> = {}): TerraformJson {
  const app = buildApp(testConfig(overrides), { outdir: tempDir("monitoring"), stacks: [id] });
  return (app.node.findChild(id) as TerraformStack).toTerraform() as TerraformJson;
}
/** stackJson for tests that only read it: each configuration built once in this file. */
const builtStackJson = builtOnce(stackJson);

const alarmsOf = (json: TerraformJson): TerraformJson[] =>
  Object.values(json.resource?.aws_cloudwatch_metric_alarm ?? {});

/** Each alarm as metric, namespace, dimensions and threshold: what a user's pager depends on. */
const alarmSet = (json: TerraformJson) =>
  alarmsOf(json)
    .map((a) => ({
      name: a.alarm_name,
      namespace: a.namespace,
      metric: a.metric_name,
      statistic: a.statistic ?? a.extended_statistic,
      dimensions: a.dimensions,
      threshold: a.threshold,
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));

describe("the alarm set of each stack", () => {
  test("ec2-state-to-kinesis: its rule, its stream and its DLQ", () => {
    const rule = "${aws_cloudwatch_event_rule.rule.name}";
    expect(alarmSet(stackJson("ec2-state-to-kinesis"))).toEqual([
      {
        name: "integ-dev-ec2-state-changes-dlq-delivery-failed",
        namespace: "AWS/Events",
        metric: "InvocationsFailedToBeSentToDlq",
        statistic: "Sum",
        dimensions: { RuleName: rule },
        threshold: 0,
      },
      {
        name: "integ-dev-ec2-state-changes-dlq-not-empty",
        namespace: "AWS/SQS",
        metric: "ApproximateNumberOfMessagesVisible",
        statistic: "Maximum",
        dimensions: { QueueName: "${aws_sqs_queue.rule-dlq_queue.name}" },
        threshold: 0,
      },
      {
        name: "integ-dev-ec2-state-changes-failed-invocations",
        namespace: "AWS/Events",
        metric: "FailedInvocations",
        statistic: "Sum",
        dimensions: { RuleName: rule },
        threshold: 0,
      },
      {
        name: "integ-dev-ec2-state-changes-sent-to-dlq",
        namespace: "AWS/Events",
        metric: "InvocationsSentToDlq",
        statistic: "Sum",
        dimensions: { RuleName: rule },
        threshold: 0,
      },
      {
        name: "integ-dev-ec2-state-changes-write-throttled",
        namespace: "AWS/Kinesis",
        metric: "WriteProvisionedThroughputExceeded",
        statistic: "Sum",
        dimensions: { StreamName: "${aws_kinesis_stream.stream.name}" },
        threshold: 0,
      },
    ]);
  });

  test("ec2-state-to-kinesis, provisioned: incoming bytes against 80% of the shards' 1 MiB/s, per minute", () => {
    const json = stackJson("ec2-state-to-kinesis", {
      stacks: { "ec2-state-to-kinesis": { streamMode: "PROVISIONED", shardCount: 4 } },
    });
    const alarm = json.resource.aws_cloudwatch_metric_alarm["monitoring_stream_incoming-bytes"];
    expect(alarm).toMatchObject({
      namespace: "AWS/Kinesis",
      metric_name: "IncomingBytes",
      statistic: "Sum",
      period: 60,
      threshold: Math.floor(4 * 1024 * 1024 * 60 * 0.8),
      evaluation_periods: 5,
      datapoints_to_alarm: 5,
    });
    // A warning: shown and notified, but not an incident.
    expect(json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_rule).not.toContain(
      "incoming-bytes",
    );
  });

  test("ec2-state-to-kinesis with an existing stream still watches it, by its name from the ARN", () => {
    const json = stackJson("ec2-state-to-kinesis", {
      stacks: {
        "ec2-state-to-kinesis": { existingStreamArn: "arn:aws:kinesis:us-east-1:123456789012:stream/events" },
      },
    });
    expect(json.resource.aws_cloudwatch_metric_alarm["monitoring_stream_write-throttled"].dimensions).toEqual(
      {
        StreamName: "events",
      },
    );
  });

  test("rds-autotag: its rule, its function (errors, throttles, lost failures, duration near the timeout)", () => {
    const json = stackJson("rds-autotag", { stacks: { "rds-autotag": { timeoutSeconds: 60 } } });
    const fn = { FunctionName: "${aws_lambda_function.autotag_function.function_name}" };
    const set = alarmSet(json);
    expect(set.map((a) => a.name)).toEqual([
      "integ-dev-rds-autotag-destination-failures",
      "integ-dev-rds-autotag-duration",
      "integ-dev-rds-autotag-errors",
      "integ-dev-rds-autotag-failed-not-empty",
      "integ-dev-rds-autotag-rule-dlq-not-empty",
      "integ-dev-rds-autotag-throttles",
      "integ-dev-rds-created-dlq-delivery-failed",
      "integ-dev-rds-created-failed-invocations",
      "integ-dev-rds-created-sent-to-dlq",
    ]);
    expect(set.find((a) => a.name.endsWith("-errors"))).toMatchObject({
      namespace: "AWS/Lambda",
      metric: "Errors",
      dimensions: fn,
      threshold: 0,
    });
    expect(set.find((a) => a.name.endsWith("-throttles"))).toMatchObject({
      metric: "Throttles",
      dimensions: fn,
    });
    expect(set.find((a) => a.name.endsWith("-destination-failures"))).toMatchObject({
      metric: "DestinationDeliveryFailures",
      dimensions: fn,
    });
    // 80% of a 60-second timeout, in milliseconds.
    expect(set.find((a) => a.name.endsWith("-duration"))).toMatchObject({
      metric: "Duration",
      statistic: "Maximum",
      threshold: 48_000,
    });
  });

  test("rds-autotag with createTrail: refused log-file writes into the trail's bucket, by S3 request metrics", () => {
    const json = stackJson("rds-autotag", { stacks: { "rds-autotag": { createTrail: true } } });
    expect(json.resource.aws_s3_bucket_metric["monitoring_trail-log-requests"]).toMatchObject({
      bucket: "${aws_s3_bucket.trail_logs_bucket.bucket}",
      name: "cloudtrail-log-files",
      filter: { prefix: "AWSLogs/" },
    });
    expect(json.resource.aws_cloudwatch_metric_alarm["monitoring_trail_delivery-errors"]).toMatchObject({
      alarm_name: "integ-dev-management-events-delivery-errors",
      namespace: "AWS/S3",
      metric_name: "4xxErrors",
      statistic: "Sum",
      dimensions: {
        BucketName: "${aws_s3_bucket.trail_logs_bucket.bucket}",
        FilterId: "${aws_s3_bucket_metric.monitoring_trail-log-requests.name}",
      },
      threshold: 0,
    });
    // Without the trail, neither exists.
    expect(builtStackJson("rds-autotag").resource.aws_s3_bucket_metric).toBeUndefined();
  });

  test("api-firehose-s3: the stage (5xx rate, p99 latency, 4xx rate) and the delivery stream", () => {
    const json = stackJson("api-firehose-s3", {
      stacks: { "api-firehose-s3": { buffering: { intervalSeconds: 60 } } },
    });
    const stage = {
      ApiName: "${aws_api_gateway_rest_api.api.name}",
      Stage: "${aws_api_gateway_stage.stage.stage_name}",
    };
    const stream = { DeliveryStreamName: "${aws_kinesis_firehose_delivery_stream.delivery-stream.name}" };
    expect(alarmSet(json)).toEqual([
      {
        name: "integ-dev-records-api-4xx-rate",
        namespace: "AWS/ApiGateway",
        metric: "4XXError",
        statistic: "Average",
        dimensions: stage,
        threshold: 0.05,
      },
      {
        name: "integ-dev-records-api-5xx-rate",
        namespace: "AWS/ApiGateway",
        metric: "5XXError",
        statistic: "Average",
        dimensions: stage,
        threshold: 0.01,
      },
      {
        name: "integ-dev-records-api-latency-p99",
        namespace: "AWS/ApiGateway",
        metric: "Latency",
        statistic: "p99",
        dimensions: stage,
        threshold: 2000,
      },
      // The buffering interval (60 s) plus the 600-second margin.
      {
        name: "integ-dev-records-data-freshness",
        namespace: "AWS/Firehose",
        metric: "DeliveryToS3.DataFreshness",
        statistic: "Maximum",
        dimensions: stream,
        threshold: 660,
      },
      {
        name: "integ-dev-records-delivery-success",
        namespace: "AWS/Firehose",
        metric: "DeliveryToS3.Success",
        statistic: "Minimum",
        dimensions: stream,
        threshold: 1,
      },
      {
        name: "integ-dev-records-throttled-records",
        namespace: "AWS/Firehose",
        metric: "ThrottledRecords",
        statistic: "Sum",
        dimensions: stream,
        threshold: 0,
      },
    ]);
    const success = json.resource.aws_cloudwatch_metric_alarm["monitoring_delivery-stream_delivery-success"];
    expect(success.comparison_operator).toBe("LessThanThreshold");
  });

  test("event-rule-targets: both rules, the state machine, the function and the three queues", () => {
    const set = alarmSet(stackJson("event-rule-targets"));
    expect(set.filter((a) => a.namespace === "AWS/States")).toEqual(
      ["ExecutionsFailed", "ExecutionThrottled", "ExecutionsTimedOut"].map((metric) =>
        expect.objectContaining({
          metric,
          dimensions: { StateMachineArn: "${aws_sfn_state_machine.state-machine.arn}" },
        }),
      ),
    );
    expect(set.filter((a) => a.namespace === "AWS/Events").map((a) => a.dimensions.RuleName)).toEqual([
      ...Array(3).fill("${aws_cloudwatch_event_rule.lambda-function-rule.name}"),
      ...Array(3).fill("${aws_cloudwatch_event_rule.state-machine-rule.name}"),
    ]);
    expect(set.filter((a) => a.namespace === "AWS/SQS")).toHaveLength(3);
    expect(set.filter((a) => a.namespace === "AWS/Lambda")).toHaveLength(4);
  });

  test("event-rule-targets on a custom bus: rule alarms carry EventBusName, as AWS publishes them there", () => {
    const json = stackJson("event-rule-targets", {
      stacks: { "event-rule-targets": { customEventBus: true } },
    });
    for (const alarm of alarmsOf(json).filter((a) => a.namespace === "AWS/Events")) {
      expect(alarm.dimensions.EventBusName).toBe("${aws_cloudwatch_event_bus.event-bus.name}");
    }
  });

  test("state-backend has nothing that fails unwatched, and gets no alarms", () => {
    const json = stackJson("state-backend", { alarmEmail: "ops@example.com" });
    expect(json.resource.aws_cloudwatch_metric_alarm).toBeUndefined();
    expect(json.resource.aws_sns_topic).toBeUndefined();
  });
});

describe("alarms.<kind> settings", () => {
  test("a threshold and enabled: false take effect, and a disabled alarm leaves the composite and dashboard", () => {
    const json = stackJson("rds-autotag", {
      stacks: {
        "rds-autotag": {
          alarms: { "function-errors": { threshold: 5 }, "function-throttles": { enabled: false } },
        },
      },
    });
    const alarms = json.resource.aws_cloudwatch_metric_alarm;
    expect(alarms.monitoring_autotag_errors.threshold).toBe(5);
    expect(alarms.monitoring_autotag_throttles).toBeUndefined();
    const monitoring =
      JSON.stringify(json.resource.aws_cloudwatch_composite_alarm) +
      json.resource.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body;
    expect(monitoring).not.toContain("monitoring_autotag_throttles");
    expect(monitoring).toContain("monitoring_autotag_errors");
  });

  test("disabling every alarm of a kind is allowed, but the baseline then says what is unwatched", () => {
    const app = buildApp(
      testConfig({ stacks: { "rds-autotag": { alarms: { "function-errors": { enabled: false } } } } }),
      { outdir: tempDir("monitoring"), stacks: ["rds-autotag"] },
    );
    const audit = auditStack(app.node.findChild("rds-autotag") as TerraformStack);
    expect(audit.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual([
      "MON-FAILURE-ALARM aws_lambda_function.autotag_function",
    ]);
  });

  test.each([
    [
      { "function-errors": { threshold: -1 } },
      /alarms\.function-errors\.threshold = -1: a number from 0 to 1000000 \(count per 5 minutes\)/,
    ],
    [
      { "function-duration": { threshold: 120 } },
      /alarms\.function-duration\.threshold = 120: a number from 1 to 100 \(% of the function's timeout/,
    ],
    [{ "function-errors": { enabled: "no" } }, /alarms\.function-errors\.enabled = "no": true or false/],
    [
      { "function-errors": { treshold: 3 } },
      /alarms\.function-errors\.treshold = 3: unknown setting; known settings are threshold, enabled/,
    ],
    [
      { "api-5xx-rate": {} },
      /alarms\.api-5xx-rate = \{\}: unknown setting; known settings are rule-failed-invocations/,
    ],
  ])("%j is refused with the field, the value and what is allowed", (alarms, message) => {
    expect(() => testConfig({ stacks: { "rds-autotag": { alarms } } })).toThrow(ConfigError);
    expect(() => testConfig({ stacks: { "rds-autotag": { alarms } } })).toThrow(message);
  });
});

describe("the composite alarm", () => {
  test("is ALARM(...) OR ... over every paging alarm of the stack, by reference, and leaves warnings out", () => {
    const json = stackJson("api-firehose-s3");
    const composite = json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy;
    expect(composite.alarm_name).toBe("integ-dev-api-firehose-s3-unhealthy");
    const members = [
      ...composite.alarm_rule.matchAll(/ALARM\("\$\{aws_cloudwatch_metric_alarm\.([^.]+)\.alarm_name\}"\)/g),
    ].map((m) => m[1]);
    expect(composite.alarm_rule).toBe(
      members.map((m) => `ALARM("\${aws_cloudwatch_metric_alarm.${m}.alarm_name}")`).join(" OR "),
    );
    const warnings = Object.entries(ALARM_KINDS)
      .filter(([, k]) => k.severity === "warning")
      .map(([, k]) => k.suffix);
    const expected = Object.keys(json.resource.aws_cloudwatch_metric_alarm).filter(
      (id) => !warnings.some((suffix) => id.endsWith(`_${suffix}`)),
    );
    expect([...members].sort()).toEqual(expected.sort());
    expect(members).not.toContain("monitoring_stage_4xx-rate");
  });
});

describe("the dashboard", () => {
  const overrides = { docsBaseUrl: "https://github.com/acme/integrations/blob/main/README.md" };
  const json = () => builtStackJson("event-rule-targets", overrides);

  test("is typed data: valid JSON, on CloudWatch's 24-column grid, without overlaps", () => {
    const body = JSON.parse(json().resource.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body);
    const cells = new Set<string>();
    for (const widget of body.widgets) {
      expect(["text", "metric", "alarm"]).toContain(widget.type);
      expect(widget.x + widget.width).toBeLessThanOrEqual(24);
      for (let x = widget.x; x < widget.x + widget.width; x++)
        for (let y = widget.y; y < widget.y + widget.height; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  test("shows every alarm of the stack, in data-flow order, and links the README section", () => {
    const stack = json();
    const body = JSON.parse(stack.resource.aws_cloudwatch_dashboard.monitoring_dashboard.dashboard_body);
    const alarmIds = Object.keys(stack.resource.aws_cloudwatch_metric_alarm).sort();
    const graphed = body.widgets
      .filter((w: TerraformJson) => w.type === "metric")
      .map(
        (w: TerraformJson) =>
          /aws_cloudwatch_metric_alarm\.([^.]+)\.arn/.exec(w.properties.annotations.alarms[0])?.[1],
      );
    expect([...graphed].sort()).toEqual(alarmIds);
    const status = body.widgets.find((w: TerraformJson) => w.type === "alarm");
    expect(status.properties.alarms[0]).toBe("${aws_cloudwatch_composite_alarm.monitoring_unhealthy.arn}");
    expect(status.properties.alarms).toHaveLength(alarmIds.length + 1);
    const headings = body.widgets
      .filter((w: TerraformJson) => w.type === "text")
      .map((w: TerraformJson) => w.properties.markdown.split("\n")[0]);
    expect(headings).toEqual([
      "# event-rule-targets",
      "## Router: EventBridge rules",
      "## Target: state machine",
      "## Target: event-consumer function",
      "## Failures: dead-letter queues",
    ]);
    expect(body.widgets[0].properties.markdown).toContain(
      "[README: event-rule-targets](https://github.com/acme/integrations/blob/main/README.md#event-rule-targets)",
    );
  });

  test("is deterministic: the same configuration gives the same body", () => {
    // Built anew each time, not shared.
    const body = () =>
      stackJson("event-rule-targets", overrides).resource.aws_cloudwatch_dashboard.monitoring_dashboard
        .dashboard_body;
    expect(body()).toBe(body());
  });
});

describe("notifications", () => {
  const actionsOf = (json: TerraformJson) =>
    alarmsOf(json).map((a) => [a.alarm_name, a.alarm_actions, a.ok_actions]);

  test("alarmTopicArn: every alarm and the composite notify it (alarm and OK)", () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:ops-alerts";
    const json = stackJson("ec2-state-to-kinesis", { alarmTopicArn: topic, alarmEmail: "ops@example.com" });
    for (const [, alarm, ok] of actionsOf(json)) expect([alarm, ok]).toEqual([[topic], [topic]]);
    expect(json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy.alarm_actions).toEqual([topic]);
    // The given topic wins: no topic of our own.
    expect(json.resource.aws_sns_topic).toBeUndefined();
  });

  test("alarmEmail alone: an encrypted topic only this account's CloudWatch alarms may publish to", () => {
    const json = stackJson("ec2-state-to-kinesis", { alarmEmail: "ops@example.com" });
    const topic = json.resource.aws_sns_topic["alarm-topic_topic"];
    expect(topic.name).toBe("integ-dev-ec2-state-to-kinesis-alarms");
    // Not alias/aws/sns: CloudWatch cannot use the AWS managed key.
    expect(topic.kms_master_key_id).toBe("${aws_kms_key.alarm-topic_key.arn}");
    expect(json.resource.aws_kms_key["alarm-topic_key"].enable_key_rotation).toBe(true);
    expect(json.resource.aws_sns_topic_subscription["alarm-topic_email"]).toMatchObject({
      protocol: "email",
      endpoint: "ops@example.com",
    });
    const statements = (name: string) => json.data.aws_iam_policy_document[name].statement;
    const conditions = [
      {
        test: "StringEquals",
        variable: "aws:SourceAccount",
        values: ["${data.aws_caller_identity.current.account_id}"],
      },
      {
        test: "ArnLike",
        variable: "aws:SourceArn",
        values: ["arn:aws:cloudwatch:us-east-1:${data.aws_caller_identity.current.account_id}:alarm:*"],
      },
    ];
    expect(statements("alarm-topic_policy-document")[0]).toMatchObject({
      sid: "CloudWatchAlarmsPublish",
      actions: ["sns:Publish"],
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      condition: conditions,
    });
    expect(statements("alarm-topic_policy-document")[1]).toMatchObject({
      sid: "DenyInsecureTransport",
      effect: "Deny",
    });
    expect(statements("alarm-topic_key-policy")[1]).toMatchObject({
      sid: "CloudWatchAlarmsEncrypt",
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
      condition: conditions,
    });
    for (const [, alarm, ok] of actionsOf(json)) {
      expect([alarm, ok]).toEqual([
        ["${aws_sns_topic.alarm-topic_topic.arn}"],
        ["${aws_sns_topic.alarm-topic_topic.arn}"],
      ]);
    }
  });

  test('alarmNotifications "composite-only": only the composite alarm notifies, one page per incident', () => {
    const topic = "arn:aws:sns:us-east-1:123456789012:ops-alerts";
    const json = stackJson("rds-autotag", { alarmTopicArn: topic, alarmNotifications: "composite-only" });
    for (const [name, alarm, ok] of actionsOf(json))
      expect([name, alarm, ok]).toEqual([name, undefined, undefined]);
    expect(json.resource.aws_cloudwatch_composite_alarm.monitoring_unhealthy).toMatchObject({
      alarm_actions: [topic],
      ok_actions: [topic],
    });
  });

  test("without either, alarms notify no one and synth prints one warning saying so", () => {
    const json = builtStackJson("rds-autotag");
    for (const [, alarm] of actionsOf(json)) expect(alarm).toBeUndefined();
    expect(unnotifiedAlarmsWarning(testConfig())).toMatch(/^Warning: alarms notify no one/);
    expect(unnotifiedAlarmsWarning(testConfig({ alarmEmail: "ops@example.com" }))).toBeUndefined();
    expect(
      unnotifiedAlarmsWarning(testConfig({ alarmTopicArn: "arn:aws:sns:us-east-1:123456789012:ops" })),
    ).toBeUndefined();
  });

  test.each([
    [{ alarmEmail: "ops at example.com" }, /alarmEmail = "ops at example.com": an email address/],
    [
      { alarmNotifications: "composite" },
      /alarmNotifications = "composite": one of "every-alarm", "composite-only"/,
    ],
    [
      { docsBaseUrl: "http://example.com/README.md" },
      /docsBaseUrl = "http:\/\/example.com\/README.md": an https URL/,
    ],
  ])("%j is refused", (overrides, message) => {
    expect(() => testConfig(overrides)).toThrow(message);
  });
});
