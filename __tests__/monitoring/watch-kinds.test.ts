import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { PipesPipe } from "@cdktf/provider-aws/lib/pipes-pipe";
import { App } from "cdktf";
import type { Construct } from "constructs";
import { stackProps } from "../../stacks/app";
import { auditStack } from "../../stacks/baseline/audit";
import type { ProjectConfig } from "../../stacks/config/project-config";
import { IntegrationStack } from "../../stacks/shared/integration-stack";
import { StackMonitoring } from "../../stacks/shared/monitoring/monitoring";
import { watchPipe, watchPipeStall, watchTable } from "../../stacks/shared/monitoring/watch";
import { testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

/** A stack with a table and a pipe, as dynamodb-pipes-momento has: what the toolkit offers that stack. */
class PipeStack extends IntegrationStack {
  constructor(scope: Construct, config: ProjectConfig, watched: boolean) {
    super(scope, "dynamodb-pipes-momento", stackProps(config, "dynamodb-pipes-momento"), { offline: true });
    const table = new DynamodbTable(this, "table", {
      name: "integ-dev-weather",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "Location",
      attribute: [{ name: "Location", type: "S" }],
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
    });
    const pipe = new PipesPipe(this, "pipe", {
      name: "integ-dev-cache-put",
      roleArn: "arn:aws:iam::123456789012:role/pipe",
      source: table.streamArn,
      target: "arn:aws:events:us-east-1:123456789012:api-destination/momento/abc",
    });
    if (!watched) return;
    const setting = { threshold: 0, enabled: true };
    const monitoring = new StackMonitoring(this, {
      settings: {
        "pipe-execution-failed": setting,
        "pipe-target-failed": setting,
        "table-write-throttled": setting,
      },
      readmeAnchor: "dynamodb-pipes-momento",
    });
    watchTable(monitoring, "Source: table", { id: "table", name: "integ-dev-weather", nameRef: table.name });
    watchPipe(monitoring, "Router: pipe", {
      id: "cache-put",
      name: "integ-dev-cache-put",
      nameRef: pipe.name,
    });
  }
}

const monitoringFindings = (watched: boolean) => {
  const stack = new PipeStack(new App({ outdir: tempDir("watch-kinds") }), testConfig(), watched);
  stack.finishMonitoring();
  return auditStack(stack)
    .findings.filter((f) => f.ruleId === "MON-FAILURE-ALARM")
    .map((f) => f.address);
};

test("unwatched, a stream-reading pipe and its table fail MON-FAILURE-ALARM", () => {
  expect(monitoringFindings(false)).toEqual(["aws_pipes_pipe.pipe", "aws_dynamodb_table.table"]);
});

test("watchPipe and watchTable are what the rule asks for: with them, nothing is unwatched", () => {
  expect(monitoringFindings(true)).toEqual([]);
});

/** A stack with nothing in it, to call the toolkit directly. */
class BareStack extends IntegrationStack {
  constructor(scope: Construct, config: ProjectConfig) {
    super(scope, "dynamodb-pipes-momento", stackProps(config, "dynamodb-pipes-momento"), { offline: true });
  }
}

test("a metric-math kind needs the dimensions of each of its metrics, and builds them in the catalog's order", () => {
  const stack = new BareStack(new App({ outdir: tempDir("watch-kinds") }), testConfig());
  const monitoring = new StackMonitoring(stack, {
    settings: { "pipe-stalled": { threshold: 30, enabled: true } },
    readmeAnchor: "dynamodb-pipes-momento",
  });
  expect(() =>
    monitoring.alarm("Router", "pipe-stalled", {
      id: "half",
      name: "p",
      metricDimensions: { writes: { TableName: "t" } },
    }),
  ).toThrow("Alarm p-stalled needs dimensions for invocations");
  const [alarm] = watchPipeStall(monitoring, "Router", {
    id: "pipe",
    name: "p",
    nameRef: "p",
    tableNameRef: "t",
  });
  stack.finishMonitoring();
  const json = JSON.parse(JSON.stringify(stack.toTerraform()));
  const synthesized = json.resource.aws_cloudwatch_metric_alarm.monitoring_pipe_stalled;
  expect(alarm).toBeDefined();
  expect(synthesized.metric_query.map((q: { id: string }) => q.id)).toEqual([
    "stalled",
    "writes",
    "invocations",
  ]);
  expect(synthesized.metric_query.map((q: { metric?: { period: number } }) => q.metric?.period)).toEqual([
    undefined,
    1800,
    1800,
  ]);
});
