import * as fs from "node:fs";
import * as path from "node:path";
import { OFFLINE_VARIABLE_VALUES } from "../../scripts/lib/offline-terraform";
import { buildApp } from "../../stacks/app";
import { auditApp } from "../../stacks/baseline/audit";
import { StackModel } from "../../stacks/baseline/model";
import { noCredentialLiterals, sensitiveVariables } from "../../stacks/baseline/rules/secrets";
import { MOMENTO_ENDPOINT_PATTERN } from "../../stacks/dynamodb-pipes-momento/settings";
import { PERMISSION_PROPAGATION_WAIT } from "../../stacks/shared/event-pipe";
import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  type TerraformJson,
  testConfig,
} from "../support/synth";
import { tempDir } from "../support/temp";
import { ALL_OPTIONS } from "../support/variants";

const STACK = "dynamodb-pipes-momento";
const ENDPOINT_REF = "${var.momento_http_endpoint}";
const STATE_MACHINE_ARN =
  "arn:aws:states:us-east-1:${data.aws_caller_identity.current.account_id}:stateMachine:integ-dev-dynamodb-pipes-momento";

const synthWith = (settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  synthesize({ stacks: [STACK], config: testConfig({ ...top, stacks: { [STACK]: settings } }) });

/** Every HTTP Task of the synthesized workflow: [state, method, endpoint]. */
function httpTasksOf(stack: TerraformJson): [string, string, string][] {
  const definition = JSON.parse(resource(stack, "aws_sfn_state_machine", "workflow").definition);
  const states = definition.States["Each record in order"].ItemProcessor.States as Record<
    string,
    TerraformJson
  >;
  return Object.entries(states)
    .filter(([, state]) => state.Resource === "arn:aws:states:::http:invoke")
    .map(([name, state]) => [name, state.Arguments.Method, state.Arguments.ApiEndpoint]);
}

/**
 * Readers of each DynamoDB stream: pipes and Lambda event source mappings whose source is it. DynamoDB
 * Streams throttles a shard read by more than two processes at once ("More than 2 processes are reading
 * from the same streams shard").
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html
 */
function streamReaders(stack: TerraformJson): Record<string, number> {
  const sources = [
    ...Object.values(stack.resource.aws_pipes_pipe ?? {}).map((p) => (p as TerraformJson).source),
    ...Object.values(stack.resource.aws_lambda_event_source_mapping ?? {}).map(
      (m) => (m as TerraformJson).event_source_arn,
    ),
  ];
  const counts: Record<string, number> = {};
  for (const source of sources) counts[source] = (counts[source] ?? 0) + 1;
  return counts;
}

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    const synthesized = synthWith();
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
    fs.rmSync(synthesized.outdir, { recursive: true, force: true });
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  // Addresses are the contract with ops: changing one destroys and recreates real infrastructure. The table,
  // connection, DLQ, pipe log group and pipe role keep theirs; the three pipes and their API destinations
  // were replaced by one pipe and the workflow on purpose (issue 11); the pipe's and workflow's own alarms
  // moved under `monitoring` (issue 14), with moved blocks (see the upgrade plan test).
  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual([
      "aws_cloudwatch_composite_alarm.monitoring_unhealthy",
      "aws_cloudwatch_dashboard.monitoring_dashboard",
      "aws_cloudwatch_event_connection.connection",
      "aws_cloudwatch_event_rule.monitoring_pipe-stop-calls",
      "aws_cloudwatch_log_group.pipe-logs",
      "aws_cloudwatch_log_group.workflow-logs",
      "aws_cloudwatch_metric_alarm.monitoring_pipe_execution-failed",
      "aws_cloudwatch_metric_alarm.monitoring_pipe_execution-timeout",
      "aws_cloudwatch_metric_alarm.monitoring_pipe_stalled",
      "aws_cloudwatch_metric_alarm.monitoring_pipe_stopped",
      "aws_cloudwatch_metric_alarm.monitoring_pipe_target-failed",
      "aws_cloudwatch_metric_alarm.monitoring_table_write-throttled",
      "aws_cloudwatch_metric_alarm.monitoring_workflow_executions-failed",
      "aws_cloudwatch_metric_alarm.monitoring_workflow_executions-throttled",
      "aws_cloudwatch_metric_alarm.monitoring_workflow_executions-timed-out",
      "aws_cloudwatch_metric_alarm.pipe-dlq_alarm",
      "aws_dynamodb_table.table",
      "aws_iam_role.pipe-role_role",
      "aws_iam_role.workflow-role_role",
      "aws_iam_role_policy.pipe-role_policy",
      "aws_iam_role_policy.workflow-role_policy",
      "aws_pipes_pipe.pipe",
      "aws_sfn_state_machine.workflow",
      "aws_sqs_queue.pipe-dlq_queue",
      "aws_sqs_queue_policy.pipe-dlq_policy",
      "data.aws_caller_identity.current",
      "data.aws_iam_policy_document.pipe-dlq_policy-document",
      "data.aws_iam_policy_document.pipe-role_permissions",
      "data.aws_iam_policy_document.pipe-role_trust",
      "data.aws_iam_policy_document.workflow-role_permissions",
      "data.aws_iam_policy_document.workflow-role_trust",
      "time_sleep.wait-for-pipe-permissions",
    ]);
  });

  test("the table stream has one reader (DynamoDB Streams allows two per shard)", () => {
    expect(streamReaders(stack)).toEqual({ "${aws_dynamodb_table.table.stream_arn}": 1 });
  });

  test("the table is on-demand, streams both images, has PITR, KMS encryption, and DynamoDB TTL off", () => {
    expect(resource(stack, "aws_dynamodb_table", "table")).toEqual(
      expect.objectContaining({
        name: "integ-dev-weather",
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "Location",
        attribute: [{ name: "Location", type: "S" }],
        stream_enabled: true,
        stream_view_type: "NEW_AND_OLD_IMAGES",
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        // Written out, so a table an earlier version gave TTL on `TTL` has it turned off (an item's TTL of
        // 120 seconds would read as an epoch in 1970 and be deleted).
        ttl: { enabled: false },
        // The default configuration is the dev environment: no deletion protection, no prevent_destroy.
        deletion_protection_enabled: false,
      }),
    );
    expect(resource(stack, "aws_dynamodb_table", "table").lifecycle).toBeUndefined();
  });

  test("DynamoDB TTL expiry, when asked for, is on its own attribute", () => {
    const withExpiry = synthWith({ itemExpiryAttribute: "ExpiresAt" }).json(STACK);
    expect(resource(withExpiry, "aws_dynamodb_table", "table").ttl).toEqual({
      attribute_name: "ExpiresAt",
      enabled: true,
    });
  });

  describe("the Momento API key", () => {
    test("is a sensitive, required variable without default or validation (a failing validation prints it)", () => {
      expect(stack.variable.momento_api_key).toEqual({
        description: expect.stringContaining("TF_VAR_momento_api_key"),
        nullable: false,
        sensitive: true,
        type: "string",
      });
    });

    test("reaches the connection only as a variable reference, in the Authorization header", () => {
      expect(resource(stack, "aws_cloudwatch_event_connection", "connection")).toEqual(
        expect.objectContaining({
          name: "integ-dev-momento",
          authorization_type: "API_KEY",
          auth_parameters: { api_key: { key: "Authorization", value: "${var.momento_api_key}" } },
        }),
      );
      const references = text.match(/\$\{var\.momento_api_key\}/g) ?? [];
      expect(references).toHaveLength(1);
    });

    test("the baseline's secret rules watch it: a default or a literal would stop synthesis", () => {
      const withDefault = structuredClone(stack);
      withDefault.variable.momento_api_key.default = "a-key";
      expect(sensitiveVariables.check(new StackModel(STACK, withDefault)).map((v) => v.address)).toEqual([
        "variable.momento_api_key",
      ]);
      const withLiteral = structuredClone(stack);
      withLiteral.resource.aws_cloudwatch_event_connection.connection.auth_parameters.api_key.value = "a-key";
      expect(noCredentialLiterals.check(new StackModel(STACK, withLiteral)).map((v) => v.address)).toEqual([
        "aws_cloudwatch_event_connection.connection",
      ]);
    });
  });

  describe("the Momento endpoint", () => {
    const condition = () => stack.variable.momento_http_endpoint.validation[0].condition as string;

    test("is a variable without default, validated by Terraform as an https URL", () => {
      expect(stack.variable.momento_http_endpoint).toEqual({
        description: expect.stringContaining("TF_VAR_momento_http_endpoint"),
        nullable: false,
        type: "string",
        validation: [
          {
            condition: `\${can(regex(${JSON.stringify(MOMENTO_ENDPOINT_PATTERN)}, var.momento_http_endpoint))}`,
            error_message: expect.stringContaining("https://"),
          },
        ],
      });
    });

    // The pattern uses only syntax that RE2 and JavaScript read alike, so evaluating it here is what Terraform does.
    test.each([
      ["https://api.cache.cell-us-east-1-1.prod.a.momentohq.com", true],
      ["https://api.cache.cell-4-us-west-2-1.prod.a.momentohq.com", true],
      ["https://localhost:8443/momento", true],
      ["http://api.cache.cell-us-east-1-1.prod.a.momentohq.com", false],
      ["api.cache.cell-us-east-1-1.prod.a.momentohq.com", false],
      ["https://api.cache.cell-us-east-1-1.prod.a.momentohq.com/", false],
      ["https://api.example.com/cache?token=abc", false],
      ["https://api.example.com#x", false],
      ["https://", false],
      ["", false],
    ])("the validation condition accepts %j: %s", (value, accepted) => {
      const pattern = /regex\("(.*)", var\.momento_http_endpoint\)/.exec(condition())?.[1] ?? "";
      expect(new RegExp(JSON.parse(`"${pattern}"`)).test(value)).toBe(accepted);
    });
    test("every Momento call is the endpoint plus its Momento path, through the one connection", () => {
      expect(httpTasksOf(stack)).toEqual([
        ["Put into cache", "PUT", `${ENDPOINT_REF}/cache/momento-eventbridge-cache`],
        ["Delete from cache", "DELETE", `${ENDPOINT_REF}/cache/momento-eventbridge-cache`],
        [
          "Publish change",
          "POST",
          `${ENDPOINT_REF}/topics/momento-eventbridge-cache/momento-eventbridge-topic`,
        ],
      ]);
      expect(
        text.match(/"ConnectionArn\\":\\"\$\{aws_cloudwatch_event_connection\.connection\.arn\}/g),
      ).toHaveLength(3);
    });
  });

  describe("delivery", () => {
    test("one pipe reads the stream and runs the Express workflow synchronously, after IAM propagated", () => {
      expect(resource(stack, "aws_pipes_pipe", "pipe")).toEqual(
        expect.objectContaining({
          name: "integ-dev-momento-stream",
          desired_state: "RUNNING",
          role_arn: "${aws_iam_role.pipe-role_role.arn}",
          source: "${aws_dynamodb_table.table.stream_arn}",
          target: "${aws_sfn_state_machine.workflow.arn}",
          // REQUEST_RESPONSE: the pipe waits for each batch, which is what keeps a shard's order.
          target_parameters: {
            step_function_state_machine_parameters: { invocation_type: "REQUEST_RESPONSE" },
          },
          depends_on: ["time_sleep.wait-for-pipe-permissions"],
        }),
      );
      expect(resource(stack, "aws_pipes_pipe", "pipe").source_parameters).toEqual({
        dynamodb_stream_parameters: {
          starting_position: "LATEST",
          batch_size: 1,
          parallelization_factor: 1,
          maximum_retry_attempts: 10,
          maximum_record_age_in_seconds: 3600,
          dead_letter_config: { arn: "${aws_sqs_queue.pipe-dlq_queue.arn}" },
        },
      });
      expect(resource(stack, "aws_pipes_pipe", "pipe").log_configuration).toEqual({
        level: "ERROR",
        cloudwatch_logs_log_destination: { log_group_arn: "${aws_cloudwatch_log_group.pipe-logs.arn}" },
      });
    });

    test("the pipe waits for its role's policy and the table's stream (time_sleep)", () => {
      expect(resource(stack, "time_sleep", "wait-for-pipe-permissions")).toMatchObject({
        create_duration: PERMISSION_PROPAGATION_WAIT,
        depends_on: ["aws_iam_role_policy.pipe-role_policy", "aws_dynamodb_table.table"],
      });
      expect(stack.terraform.required_providers.time).toEqual({
        source: "hashicorp/time",
        version: "0.13.1",
      });
    });

    test("the workflow is an Express state machine that logs errors and is encrypted", () => {
      expect(resource(stack, "aws_sfn_state_machine", "workflow")).toMatchObject({
        name: "integ-dev-dynamodb-pipes-momento",
        type: "EXPRESS",
        role_arn: "${aws_iam_role.workflow-role_role.arn}",
        logging_configuration: {
          level: "ERROR",
          include_execution_data: false,
          log_destination: "${aws_cloudwatch_log_group.workflow-logs.arn}:*",
        },
        encryption_configuration: { type: "AWS_OWNED_KEY" },
      });
      expect(resource(stack, "aws_cloudwatch_log_group", "workflow-logs")).toMatchObject({
        name: "/aws/vendedlogs/states/integ-dev-dynamodb-pipes-momento",
        retention_in_days: 30,
      });
    });

    test("the DLQ is encrypted, keeps records 14 days, and only refuses non-TLS (both roles send)", () => {
      expect(resource(stack, "aws_sqs_queue", "pipe-dlq_queue")).toMatchObject({
        message_retention_seconds: 1_209_600,
        sqs_managed_sse_enabled: true,
      });
      const [statement] = statementsOf(stack, "pipe-dlq_policy-document");
      expect(statement).toMatchObject({ sid: "DenyInsecureTransport", effect: "Deny" });
    });
  });

  describe("alarms notify through alarmTopicArn", () => {
    const alarmsOf = (synthesized: TerraformJson) =>
      Object.fromEntries(
        Object.entries(synthesized.resource.aws_cloudwatch_metric_alarm).map(([name, alarm]) => {
          const a = alarm as TerraformJson;
          return [name, [a.namespace, a.metric_name, a.dimensions, a.alarm_actions]];
        }),
      );

    test("on the table, the pipe, the workflow and the DLQ, by their documented dimensions", () => {
      const topic = "arn:aws:sns:us-east-1:111122223333:ops-alarms";
      const alarmed = synthWith({}, { alarmTopicArn: topic }).json(STACK);
      const pipe = { PipeName: "${aws_pipes_pipe.pipe.name}" };
      const workflow = { StateMachineArn: "${aws_sfn_state_machine.workflow.arn}" };
      expect(alarmsOf(alarmed)).toEqual({
        "monitoring_table_write-throttled": [
          "AWS/DynamoDB",
          "WriteThrottleEvents",
          { TableName: "${aws_dynamodb_table.table.name}" },
          [topic],
        ],
        "monitoring_pipe_execution-failed": ["AWS/EventBridge/Pipes", "ExecutionFailed", pipe, [topic]],
        "monitoring_pipe_execution-timeout": ["AWS/EventBridge/Pipes", "ExecutionTimeout", pipe, [topic]],
        "monitoring_pipe_target-failed": ["AWS/EventBridge/Pipes", "TargetStageFailed", pipe, [topic]],
        // Metric math: its metrics and dimensions are in metric_query (asserted in __tests__/monitoring).
        monitoring_pipe_stalled: [undefined, undefined, undefined, [topic]],
        monitoring_pipe_stopped: [
          "AWS/Events",
          "TriggeredRules",
          { RuleName: "${aws_cloudwatch_event_rule.monitoring_pipe-stop-calls.name}" },
          [topic],
        ],
        "monitoring_workflow_executions-failed": ["AWS/States", "ExecutionsFailed", workflow, [topic]],
        "monitoring_workflow_executions-timed-out": ["AWS/States", "ExecutionsTimedOut", workflow, [topic]],
        "monitoring_workflow_executions-throttled": ["AWS/States", "ExecutionThrottled", workflow, [topic]],
        "pipe-dlq_alarm": [
          "AWS/SQS",
          "ApproximateNumberOfMessagesVisible",
          { QueueName: "${aws_sqs_queue.pipe-dlq_queue.name}" },
          [topic],
        ],
      });
      expect(
        resource(alarmed, "aws_cloudwatch_metric_alarm", "monitoring_pipe_execution-failed"),
      ).toMatchObject({
        // The name the alarm had before the monitoring toolkit: CloudWatch cannot rename an alarm.
        alarm_name: "integ-dev-momento-stream-failed",
        statistic: "Sum",
        threshold: 0,
        comparison_operator: "GreaterThanThreshold",
        treat_missing_data: "notBreaching",
        ok_actions: [topic],
      });
    });

    test("without a topic they still exist, visible in CloudWatch", () => {
      expect(Object.values(alarmsOf(stack)).map((a) => a[3])).toEqual(Array(10).fill(undefined));
    });
  });

  describe("the pipe role", () => {
    test("only EventBridge Pipes, for this pipe in this account, can assume it", () => {
      const account = "${data.aws_caller_identity.current.account_id}";
      expect(statementsOf(stack, "pipe-role_trust")).toEqual([
        {
          sid: "AllowServiceToAssume",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["pipes.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: [`arn:aws:pipes:us-east-1:${account}:pipe/integ-dev-momento-stream`],
            },
          ],
        },
      ]);
    });

    test("may read this stream, run this workflow synchronously, send to this DLQ and log to its group", () => {
      expect(statementsOf(stack, "pipe-role_permissions")).toEqual([
        {
          sid: "ReadTableStream",
          effect: "Allow",
          actions: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          resources: ["${aws_dynamodb_table.table.stream_arn}"],
        },
        {
          sid: "RunMomentoWorkflow",
          effect: "Allow",
          actions: ["states:StartSyncExecution"],
          resources: ["${aws_sfn_state_machine.workflow.arn}"],
        },
        {
          sid: "SendFailedRecords",
          effect: "Allow",
          actions: ["sqs:SendMessage"],
          resources: ["${aws_sqs_queue.pipe-dlq_queue.arn}"],
        },
        {
          sid: "WritePipeLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: ["${aws_cloudwatch_log_group.pipe-logs.arn}:*"],
        },
      ]);
    });
  });

  describe("the workflow role", () => {
    test("only Step Functions, for this state machine in this account, can assume it", () => {
      expect(statementsOf(stack, "workflow-role_trust")[0].condition).toEqual([
        {
          test: "StringEquals",
          variable: "aws:SourceAccount",
          values: ["${data.aws_caller_identity.current.account_id}"],
        },
        { test: "ArnLike", variable: "aws:SourceArn", values: [STATE_MACHINE_ARN] },
      ]);
    });

    test("may call exactly the Momento endpoints it uses, with their methods, through this connection", () => {
      const cache = `${ENDPOINT_REF}/cache/momento-eventbridge-cache`;
      const topic = `${ENDPOINT_REF}/topics/momento-eventbridge-cache/momento-eventbridge-topic`;
      const http = (sid: string, methods: string[], endpoint: string) => ({
        sid,
        effect: "Allow",
        actions: ["states:InvokeHTTPEndpoint"],
        resources: [STATE_MACHINE_ARN],
        condition: [
          { test: "StringEquals", variable: "states:HTTPMethod", values: methods },
          { test: "StringLike", variable: "states:HTTPEndpoint", values: [endpoint, `${endpoint}?*`] },
        ],
      });
      expect(statementsOf(stack, "workflow-role_permissions")).toEqual([
        http("WriteAndEvictCache", ["PUT", "DELETE"], cache),
        http("PublishToTopic", ["POST"], topic),
        {
          sid: "UseMomentoConnection",
          effect: "Allow",
          actions: ["events:RetrieveConnectionCredentials"],
          resources: ["${aws_cloudwatch_event_connection.connection.arn}"],
        },
        {
          sid: "ReadConnectionSecret",
          effect: "Allow",
          actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          resources: ["${aws_cloudwatch_event_connection.connection.secret_arn}"],
        },
        {
          sid: "ReportRejectedRecords",
          effect: "Allow",
          actions: ["sqs:SendMessage"],
          resources: ["${aws_sqs_queue.pipe-dlq_queue.arn}"],
        },
        expect.objectContaining({ sid: "DeliverExecutionLogs", resources: ["*"] }),
      ]);
    });
  });

  test("outputs name the table, its stream, the pipe, the workflow, the DLQ and the log group", () => {
    expect(Object.keys(stack.output).sort()).toEqual([
      "dlq_url",
      "log_group_name",
      "pipe_name",
      "state_machine_arn",
      "stream_arn",
      "table_name",
    ]);
    expect(stack.output.table_name.value).toBe("${aws_dynamodb_table.table.name}");
    expect(stack.output.stream_arn.value).toBe("${aws_dynamodb_table.table.stream_arn}");
    expect(stack.output.pipe_name.value).toBe("integ-dev-momento-stream");
    expect(stack.output.state_machine_arn.value).toBe("${aws_sfn_state_machine.workflow.arn}");
    expect(stack.output.dlq_url.value).toBe("${aws_sqs_queue.pipe-dlq_queue.url}");
  });
});

describe(`${STACK}: no secret in synthesized files`, () => {
  const MARKER = "momento-key-MARKER-7f3c9d";
  const saved = {
    TF_VAR_momento_api_key: process.env.TF_VAR_momento_api_key,
    MOMENTO_API_KEY: process.env.MOMENTO_API_KEY,
  };
  let files: Map<string, string>;

  beforeAll(() => {
    // The key as users supply it: if synthesis ever read it from the environment, it would show up below.
    process.env.TF_VAR_momento_api_key = MARKER;
    process.env.MOMENTO_API_KEY = MARKER;
    const { outdir } = synthesize({ stacks: [STACK] });
    const offline = synthesize({ stacks: [STACK], offline: true });
    files = new Map();
    for (const root of [outdir, offline.outdir]) {
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else files.set(full, fs.readFileSync(full, "utf8"));
        }
      };
      walk(root);
    }
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test("the key is in no file of the outdir, nor in the reviewed snapshot", () => {
    const snapshot = path.join(__dirname, "__snapshots__", "dynamodb-pipes-momento.test.ts.snap");
    if (fs.existsSync(snapshot)) files.set(snapshot, fs.readFileSync(snapshot, "utf8"));
    expect(files.size).toBeGreaterThan(2);
    for (const [file, content] of files) {
      for (const needle of [MARKER, OFFLINE_VARIABLE_VALUES.momento_api_key ?? "(no offline key)"]) {
        expect({ file, needle, found: content.includes(needle) }).toEqual({ file, needle, found: false });
      }
    }
  });

  test("every credential-carrying attribute is a variable reference", () => {
    const literals: string[] = [];
    // Wider than the baseline's SEC-NO-LITERALS, which does not look inside `api_key { value }` blocks.
    const credential = /(^|\.)(api_key\.value|password|client_secret|token)$/;
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          walk(item, `${where}[${i}]`);
        });
      } else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
      } else if (typeof node === "string" && credential.test(where.replace(/\[\d+\]/g, ""))) {
        if (!/^\$\{var\.[a-z_]+\}$/.test(node)) literals.push(`${where} = ${node}`);
      }
    };
    for (const [file, content] of files) {
      if (file.endsWith("cdk.tf.json")) walk(JSON.parse(content).resource, "resource");
    }
    expect(literals).toEqual([]);
  });
});

describe(`${STACK} settings`, () => {
  test("with every option: names, key, endpoint default, TTLs, batching, stream position, retries, logging", () => {
    // The same options the offline plan group plans with (every optional feature on).
    const allOptions = (ALL_OPTIONS.stacks as Record<string, Record<string, unknown>>)[STACK];
    const stack = synthWith(allOptions, { accountId: "111122223333" }).json(STACK);
    expect(resource(stack, "aws_dynamodb_table", "table")).toMatchObject({
      name: "acme-weather-readings",
      hash_key: "City",
      attribute: [{ name: "City", type: "S" }],
      deletion_protection_enabled: true,
      ttl: { attribute_name: "ExpiresAt", enabled: true },
    });
    expect(stack.variable.momento_http_endpoint.default).toBe(
      "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com",
    );
    expect(stack.variable.momento_api_key.default).toBeUndefined();
    expect(httpTasksOf(stack).map((task) => task[2])).toEqual([
      `${ENDPOINT_REF}/cache/weather-cache`,
      `${ENDPOINT_REF}/cache/weather-cache`,
      `${ENDPOINT_REF}/topics/weather-cache/weather-updates`,
    ]);
    const definition = resource(stack, "aws_sfn_state_machine", "workflow").definition as string;
    expect(definition).toContain('$lookup($record.dynamodb.Keys, \\"City\\")');
    expect(definition).toContain('$lookup($image, \\"CacheSeconds\\")');
    expect(definition).toContain('"MaxAttempts":6');
    expect(definition).toContain(": 600,");
    const pipe = resource(stack, "aws_pipes_pipe", "pipe");
    expect(pipe.source_parameters.dynamodb_stream_parameters).toMatchObject({
      starting_position: "TRIM_HORIZON",
      batch_size: 5,
      parallelization_factor: 4,
      maximum_retry_attempts: 3,
      maximum_record_age_in_seconds: 900,
    });
    expect(pipe.log_configuration).toMatchObject({ level: "TRACE", include_execution_data: ["ALL"] });
    expect(resource(stack, "aws_sfn_state_machine", "workflow").logging_configuration).toMatchObject({
      level: "ALL",
      include_execution_data: true,
    });
    expect(statementsOf(stack, "pipe-role_trust")[0]?.condition[0].values).toEqual(["111122223333"]);
  });

  test("outside dev the table has deletion protection and prevent_destroy by default", () => {
    const config = testConfig({ environment: "prod", accountId: "111122223333" });
    const table = resource(
      synthesize({ stacks: [STACK], config }).json(STACK),
      "aws_dynamodb_table",
      "table",
    );
    expect(table.deletion_protection_enabled).toBe(true);
    expect(table.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('logging.level "OFF" is an explicit, listed exception to the LOG-PIPE and LOG-SFN baseline rules', () => {
    const config = testConfig({ stacks: { [STACK]: { logging: { level: "OFF" } } } });
    const [audit] = auditApp(buildApp(config, { stacks: [STACK], outdir: tempDir("momento-audit") }));
    expect(audit?.findings).toEqual([]);
    // Only the logging exceptions (alarms are watched by MON-FAILURE-ALARM, not suppressed by logging.level).
    const logging = audit?.suppressed.filter((s) => s.ruleId.startsWith("LOG-")) ?? [];
    expect(logging.map((s) => [s.address, s.ruleId]).sort()).toEqual([
      ["aws_pipes_pipe.pipe", "LOG-PIPE"],
      ["aws_sfn_state_machine.workflow", "LOG-SFN"],
    ]);
    expect(logging[0]?.reason).toContain('logging.level = "OFF"');
  });

  test.each([
    [{ tableName: "ab" }, /stacks\.dynamodb-pipes-momento\.tableName = "ab": a DynamoDB table name/],
    [
      { partitionKey: "Loc ation" },
      /partitionKey = "Loc ation": an attribute name of letters, digits, _ and -/,
    ],
    [
      { partitionKey: "MaxTemp" },
      /partitionKey = "MaxTemp": an attribute the weather item does not already use/,
    ],
    [{ partitionKey: "TTL" }, /cacheTtlAttribute = "TTL": not the key or a reading/],
    [{ cacheTtlAttribute: "Max Temp" }, /cacheTtlAttribute = "Max Temp": an attribute name of letters/],
    [
      { itemExpiryAttribute: "TTL" },
      /itemExpiryAttribute = "TTL": an attribute other than the cache lifetime TTL \(seconds, not an epoch\)/,
    ],
    [
      { cacheTtlAttribute: "Lifetime", itemExpiryAttribute: "Lifetime" },
      /itemExpiryAttribute = "Lifetime": an attribute other than the cache lifetime Lifetime/,
    ],
    [
      { defaultCacheTtlSeconds: 0 },
      /defaultCacheTtlSeconds = 0: a whole number from 1 to 86400 seconds \(Momento's TTL limit is 24 hours\)/,
    ],
    [{ defaultCacheTtlSeconds: 86_401 }, /defaultCacheTtlSeconds = 86401: a whole number from 1 to 86400/],
    [{ defaultCacheTtlSeconds: 1.5 }, /defaultCacheTtlSeconds = 1\.5: a whole number/],
    [{ batchSize: 11 }, /batchSize = 11: a whole number from 1 to 10 records/],
    [{ parallelizationFactor: 11 }, /parallelizationFactor = 11: a whole number from 1 to 10/],
    [{ httpRetryAttempts: 11 }, /httpRetryAttempts = 11: a whole number from 0 to 10/],
    [{ deletionProtection: "yes" }, /deletionProtection = "yes": true or false/],
    [
      { momentoHttpEndpoint: "http://api.cache.cell-us-east-1-1.prod.a.momentohq.com" },
      /momentoHttpEndpoint = "http:\/\/api\.cache.*": an https:\/\/ URL without trailing slash, query or fragment/,
    ],
    [
      { momentoHttpEndpoint: "https://api.example.com/" },
      /momentoHttpEndpoint = "https:\/\/api\.example\.com\/"/,
    ],
    [{ cacheName: "my cache" }, /cacheName = "my cache": a Momento cache name/],
    [{ topicName: "a/b" }, /topicName = "a\/b": a Momento topic name/],
    // The API destinations are gone, and so is their rate limit: an old configuration is told so.
    [
      { invocationRateLimitPerSecond: 50 },
      /invocationRateLimitPerSecond = 50: unknown setting; known settings are tableName/,
    ],
    [
      { startingPosition: "AT_TIMESTAMP" },
      /startingPosition = "AT_TIMESTAMP": one of "LATEST", "TRIM_HORIZON"/,
    ],
    [{ maximumRetryAttempts: -1 }, /maximumRetryAttempts = -1: a whole number from 0 to 10000/],
    [
      { maximumRecordAgeSeconds: -1 },
      /maximumRecordAgeSeconds = -1: a whole number from 60 to 86400 seconds/,
    ],
    [{ logging: { level: "DEBUG" } }, /logging\.level = "DEBUG": one of "OFF", "ERROR", "INFO", "TRACE"/],
    [
      { logging: { level: "OFF", includeExecutionData: true } },
      /logging\.includeExecutionData = true: only used when logging\.level is not "OFF"/,
    ],
    [{ batchsize: 2 }, /batchsize = 2: unknown setting; known settings are tableName/],
  ])("%j is refused, naming field, value and what is allowed", (settings, message) => {
    expect(() => testConfig({ stacks: { [STACK]: settings } })).toThrow(message);
  });

  test("an API key put into configuration is refused without echoing it", () => {
    const secret = "eyJhbGciOi.REAL-LOOKING-KEY";
    let message = "";
    try {
      testConfig({ stacks: { [STACK]: { momentoApiKey: secret, apiKey: secret } } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/momentoApiKey = "\[redacted\]": not a setting: .*TF_VAR_momento_api_key/);
    expect(message).toMatch(/apiKey = "\[redacted\]"/);
    expect(message).not.toContain(secret);
  });

  test("an endpoint carrying a token in its query is reported without the query", () => {
    let message = "";
    try {
      testConfig({
        stacks: { [STACK]: { momentoHttpEndpoint: "https://api.example.com?token=SECRET-123" } },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('momentoHttpEndpoint = "https://api.example.com?[redacted]"');
    expect(message).not.toContain("SECRET-123");
  });
});
