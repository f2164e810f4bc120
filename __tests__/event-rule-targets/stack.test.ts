import { LOG_DELIVERY_ACTIONS, XRAY_WRITE_ACTIONS } from "../../stacks/shared/unscoped-actions";
import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  synthesizedOnce,
  type TerraformJson,
  testConfig,
} from "../support/synth";

const STACK = "event-rule-targets";
const synthWith = (settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  synthesize({ stacks: [STACK], config: testConfig({ ...top, stacks: { [STACK]: settings } }) });
/** synthWith for tests that only read the output: each configuration once per file. */
const synthesizedWith = synthesizedOnce(synthWith);

const ACCOUNT = "${data.aws_caller_identity.current.account_id}";
const STATE_MACHINE_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:integ-dev-event-rule-targets`;
const FUNCTION_ARN = "${aws_lambda_function.consumer_function.arn}";
const KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10";

/** Every address of the default configuration: the contract with ops. */
const DEFAULT_ADDRESSES = [
  "aws_cloudwatch_composite_alarm.monitoring_unhealthy",
  "aws_cloudwatch_dashboard.monitoring_dashboard",
  "aws_cloudwatch_event_rule.lambda-function-rule",
  "aws_cloudwatch_event_rule.state-machine-rule",
  "aws_cloudwatch_event_target.lambda-function-target",
  "aws_cloudwatch_event_target.state-machine-target",
  "aws_cloudwatch_log_group.consumer_logs",
  "aws_cloudwatch_log_group.state-machine-logs",
  "aws_cloudwatch_metric_alarm.failed-invocations_alarm",
  "aws_cloudwatch_metric_alarm.lambda-function-rule-dlq_alarm",
  "aws_cloudwatch_metric_alarm.monitoring_consumer_destination-failures",
  "aws_cloudwatch_metric_alarm.monitoring_consumer_duration",
  "aws_cloudwatch_metric_alarm.monitoring_consumer_errors",
  "aws_cloudwatch_metric_alarm.monitoring_consumer_throttles",
  "aws_cloudwatch_metric_alarm.monitoring_lambda-function-rule_dlq-delivery-failed",
  "aws_cloudwatch_metric_alarm.monitoring_lambda-function-rule_failed-invocations",
  "aws_cloudwatch_metric_alarm.monitoring_lambda-function-rule_sent-to-dlq",
  "aws_cloudwatch_metric_alarm.monitoring_state-machine-rule_dlq-delivery-failed",
  "aws_cloudwatch_metric_alarm.monitoring_state-machine-rule_failed-invocations",
  "aws_cloudwatch_metric_alarm.monitoring_state-machine-rule_sent-to-dlq",
  "aws_cloudwatch_metric_alarm.monitoring_state-machine_executions-failed",
  "aws_cloudwatch_metric_alarm.monitoring_state-machine_executions-throttled",
  "aws_cloudwatch_metric_alarm.monitoring_state-machine_executions-timed-out",
  "aws_cloudwatch_metric_alarm.state-machine-rule-dlq_alarm",
  "aws_iam_role.consumer_role_role",
  "aws_iam_role.start-execution-role_role",
  "aws_iam_role.state-machine-role_role",
  "aws_iam_role_policy.consumer_role_policy",
  "aws_iam_role_policy.start-execution-role_policy",
  "aws_iam_role_policy.state-machine-role_policy",
  "aws_lambda_function.consumer_function",
  "aws_lambda_function_event_invoke_config.consumer_async",
  "aws_lambda_permission.consumer_invoke-from-rule",
  "aws_sfn_state_machine.state-machine",
  "aws_sqs_queue.failed-invocations_queue",
  "aws_sqs_queue.lambda-function-rule-dlq_queue",
  "aws_sqs_queue.state-machine-rule-dlq_queue",
  "aws_sqs_queue_policy.failed-invocations_policy",
  "aws_sqs_queue_policy.lambda-function-rule-dlq_policy",
  "aws_sqs_queue_policy.state-machine-rule-dlq_policy",
  "data.archive_file.consumer_package",
  "data.aws_caller_identity.current",
  "data.aws_iam_policy_document.consumer_role_permissions",
  "data.aws_iam_policy_document.consumer_role_trust",
  "data.aws_iam_policy_document.failed-invocations_policy-document",
  "data.aws_iam_policy_document.lambda-function-rule-dlq_policy-document",
  "data.aws_iam_policy_document.start-execution-role_permissions",
  "data.aws_iam_policy_document.start-execution-role_trust",
  "data.aws_iam_policy_document.state-machine-role_permissions",
  "data.aws_iam_policy_document.state-machine-role_trust",
  "data.aws_iam_policy_document.state-machine-rule-dlq_policy-document",
];

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    const synthesized = synthesizedWith();
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  // Addresses are the contract with ops: changing one destroys and recreates real infrastructure.
  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual(DEFAULT_ADDRESSES);
  });

  test("both rules are on the default bus, each for the configured source and its own detail-type", () => {
    const patterns = ["state-machine-rule", "lambda-function-rule"].map((name) => {
      const rule = resource(stack, "aws_cloudwatch_event_rule", name);
      expect(rule.event_bus_name).toBe("default");
      expect(rule.state).toBe("ENABLED");
      return JSON.parse(rule.event_pattern);
    });
    expect(patterns).toEqual([
      { source: ["com.example.integrations"], "detail-type": ["start-state-machine"] },
      { source: ["com.example.integrations"], "detail-type": ["start-lambda-function"] },
    ]);
    expect(resource(stack, "aws_cloudwatch_event_rule", "state-machine-rule").name).toBe(
      "integ-dev-start-state-machine",
    );
    expect(stack.resource.aws_cloudwatch_event_bus).toBeUndefined();
  });

  describe("rule → state machine", () => {
    test("the target starts this state machine through its role, with retries and a DLQ", () => {
      expect(resource(stack, "aws_cloudwatch_event_target", "state-machine-target")).toMatchObject({
        rule: "${aws_cloudwatch_event_rule.state-machine-rule.name}",
        event_bus_name: "default",
        target_id: "state-machine",
        arn: "${aws_sfn_state_machine.state-machine.arn}",
        role_arn: "${aws_iam_role.start-execution-role_role.arn}",
        retry_policy: { maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 },
        dead_letter_config: { arn: "${aws_sqs_queue.state-machine-rule-dlq_queue.arn}" },
      });
    });

    test("the target role may do exactly one thing: start executions of this state machine", () => {
      expect(statementsOf(stack, "start-execution-role_permissions")).toEqual([
        {
          sid: "StartThisStateMachine",
          effect: "Allow",
          actions: ["states:StartExecution"],
          resources: ["${aws_sfn_state_machine.state-machine.arn}"],
        },
      ]);
      expect(resource(stack, "aws_iam_role_policy", "start-execution-role_policy").policy).toBe(
        "${data.aws_iam_policy_document.start-execution-role_permissions.json}",
      );
    });

    test("only EventBridge, for this rule in this account, can assume the target role", () => {
      expect(statementsOf(stack, "start-execution-role_trust")).toEqual([
        {
          sid: "AllowServiceToAssume",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: ["${aws_cloudwatch_event_rule.state-machine-rule.arn}"],
            },
          ],
        },
      ]);
    });
  });

  describe("rule → function", () => {
    test("the target invokes the function without a role, with retries and a DLQ", () => {
      const target = resource(stack, "aws_cloudwatch_event_target", "lambda-function-target");
      expect(target).toMatchObject({
        rule: "${aws_cloudwatch_event_rule.lambda-function-rule.name}",
        event_bus_name: "default",
        target_id: "event-consumer",
        arn: FUNCTION_ARN,
        retry_policy: { maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 },
        dead_letter_config: { arn: "${aws_sqs_queue.lambda-function-rule-dlq_queue.arn}" },
      });
      expect(target.role_arn).toBeUndefined();
    });

    test("only this rule may invoke the function", () => {
      expect(resource(stack, "aws_lambda_permission", "consumer_invoke-from-rule")).toMatchObject({
        action: "lambda:InvokeFunction",
        function_name: "${aws_lambda_function.consumer_function.function_name}",
        principal: "events.amazonaws.com",
        source_arn: "${aws_cloudwatch_event_rule.lambda-function-rule.arn}",
      });
      expect(Object.keys(stack.resource.aws_lambda_permission)).toEqual(["consumer_invoke-from-rule"]);
    });
  });

  test.each([
    ["state-machine-rule-dlq", "state-machine-rule", "integ-dev-start-state-machine-rule-dlq"],
    ["lambda-function-rule-dlq", "lambda-function-rule", "integ-dev-start-lambda-function-rule-dlq"],
  ])("%s is encrypted, keeps events 14 days and accepts only its rule over TLS", (dlq, rule, name) => {
    expect(resource(stack, "aws_sqs_queue", `${dlq}_queue`)).toMatchObject({
      name,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
    const [allow, deny] = statementsOf(stack, `${dlq}_policy-document`);
    expect(allow).toMatchObject({
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      resources: [`\${aws_sqs_queue.${dlq}_queue.arn}`],
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      condition: [
        {
          test: "ArnEquals",
          variable: "aws:SourceArn",
          values: [`\${aws_cloudwatch_event_rule.${rule}.arn}`],
        },
      ],
    });
    expect(deny).toMatchObject({ effect: "Deny", condition: [{ variable: "aws:SecureTransport" }] });
  });

  describe("state machine", () => {
    test("is STANDARD, logs ALL without execution data to its own group, no tracing, AWS owned key", () => {
      const machine = resource(stack, "aws_sfn_state_machine", "state-machine");
      expect(machine).toMatchObject({
        name: "integ-dev-event-rule-targets",
        type: "STANDARD",
        role_arn: "${aws_iam_role.state-machine-role_role.arn}",
        logging_configuration: {
          level: "ALL",
          include_execution_data: false,
          log_destination: "${aws_cloudwatch_log_group.state-machine-logs.arn}:*",
        },
        tracing_configuration: { enabled: false },
        encryption_configuration: { type: "AWS_OWNED_KEY" },
      });
      expect(machine.encryption_configuration.kms_key_id).toBeUndefined();
      expect(resource(stack, "aws_cloudwatch_log_group", "state-machine-logs")).toMatchObject({
        name: "/aws/vendedlogs/states/integ-dev-event-rule-targets",
        retention_in_days: 30,
      });
    });

    test("the execution role may invoke only this function and set up its log delivery", () => {
      expect(statementsOf(stack, "state-machine-role_permissions")).toEqual([
        {
          sid: "InvokeEventConsumer",
          effect: "Allow",
          actions: ["lambda:InvokeFunction"],
          resources: [FUNCTION_ARN, `${FUNCTION_ARN}:*`],
        },
        {
          sid: "DeliverExecutionLogs",
          effect: "Allow",
          actions: [...LOG_DELIVERY_ACTIONS],
          resources: ["*"],
        },
      ]);
      expect([...LOG_DELIVERY_ACTIONS].sort()).toEqual([
        "logs:CreateLogDelivery",
        "logs:DeleteLogDelivery",
        "logs:DescribeLogGroups",
        "logs:DescribeResourcePolicies",
        "logs:GetLogDelivery",
        "logs:ListLogDeliveries",
        "logs:PutResourcePolicy",
        "logs:UpdateLogDelivery",
      ]);
    });

    test("only Step Functions, for this state machine in this account, can assume the execution role", () => {
      expect(statementsOf(stack, "state-machine-role_trust")).toEqual([
        {
          sid: "AllowServiceToAssume",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["states.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
            // Built from the name: the same ARN the service sets, without a reference cycle.
            { test: "ArnLike", variable: "aws:SourceArn", values: [STATE_MACHINE_ARN] },
          ],
        },
      ]);
    });
  });

  describe("function", () => {
    test("is the event-consumer on nodejs22.x arm64 with JSON logs in its own group", () => {
      expect(resource(stack, "aws_lambda_function", "consumer_function")).toMatchObject({
        function_name: "integ-dev-event-consumer",
        runtime: "nodejs22.x",
        architectures: ["arm64"],
        handler: "index.handler",
        memory_size: 256,
        timeout: 10,
        role: "${aws_iam_role.consumer_role_role.arn}",
        filename: "${data.archive_file.consumer_package.output_path}",
        source_code_hash: "${data.archive_file.consumer_package.output_base64sha256}",
        logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.consumer_logs.name}" },
      });
      expect(resource(stack, "aws_cloudwatch_log_group", "consumer_logs")).toMatchObject({
        name: "/aws/lambda/integ-dev-event-consumer",
        retention_in_days: 30,
      });
      expect(resource(stack, "data.archive_file", "consumer_package").output_path).toBe(
        "dist/event-consumer.zip",
      );
    });

    test("may write only its own logs and its failure queue", () => {
      expect(statementsOf(stack, "consumer_role_permissions")).toEqual([
        {
          sid: "WriteOwnLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: ["${aws_cloudwatch_log_group.consumer_logs.arn}:*"],
        },
        {
          sid: "SendFailedEvents",
          effect: "Allow",
          actions: ["sqs:SendMessage"],
          resources: ["${aws_sqs_queue.failed-invocations_queue.arn}"],
        },
      ]);
    });

    test("failed asynchronous invocations are retried, aged out and sent to an encrypted queue", () => {
      expect(resource(stack, "aws_lambda_function_event_invoke_config", "consumer_async")).toMatchObject({
        function_name: "${aws_lambda_function.consumer_function.function_name}",
        maximum_retry_attempts: 2,
        maximum_event_age_in_seconds: 3600,
        destination_config: { on_failure: { destination: "${aws_sqs_queue.failed-invocations_queue.arn}" } },
      });
      expect(resource(stack, "aws_sqs_queue", "failed-invocations_queue")).toMatchObject({
        name: "integ-dev-event-consumer-failed",
        sqs_managed_sse_enabled: true,
      });
    });
  });

  test("outputs name the rules, the state machine, the function, their logs and queues, and two examples", () => {
    expect(Object.keys(stack.output).sort()).toEqual([
      "event_bus_name",
      "failed_invocations_url",
      "function_log_group",
      "function_name",
      "lambda_function_rule_arn",
      "lambda_function_rule_dlq_url",
      "put_events_lambda_function",
      "put_events_state_machine",
      "state_machine_arn",
      "state_machine_log_group",
      "state_machine_rule_arn",
      "state_machine_rule_dlq_url",
    ]);
    expect(stack.output).toMatchObject({
      event_bus_name: { value: "default" },
      state_machine_rule_arn: { value: "${aws_cloudwatch_event_rule.state-machine-rule.arn}" },
      lambda_function_rule_arn: { value: "${aws_cloudwatch_event_rule.lambda-function-rule.arn}" },
      state_machine_arn: { value: "${aws_sfn_state_machine.state-machine.arn}" },
      function_name: { value: "${aws_lambda_function.consumer_function.function_name}" },
      function_log_group: { value: "/aws/lambda/integ-dev-event-consumer" },
      state_machine_log_group: { value: "${aws_cloudwatch_log_group.state-machine-logs.name}" },
    });
  });

  test("the put-events examples are plain strings (no Terraform reference to resolve)", () => {
    for (const name of ["put_events_state_machine", "put_events_lambda_function"]) {
      expect(stack.output[name].value).toMatch(
        /^aws events put-events --region us-east-1 --entries '\[.*\]'$/,
      );
      expect(stack.output[name].value).not.toContain("${");
    }
  });
});

describe(`${STACK} on a custom bus`, () => {
  let stack: TerraformJson;

  beforeAll(() => {
    stack = synthWith({ customEventBus: true }).json(STACK);
  });

  test("adds only the bus: every other address is unchanged", () => {
    expect(addressesOf(stack)).toEqual(
      [...DEFAULT_ADDRESSES, "aws_cloudwatch_event_bus.event-bus"].sort((a, b) =>
        a < b ? -1 : a > b ? 1 : 0,
      ),
    );
  });

  test("the stack creates the bus, and both rules and targets refer to it", () => {
    expect(resource(stack, "aws_cloudwatch_event_bus", "event-bus").name).toBe(
      "integ-dev-event-rule-targets",
    );
    for (const [type, name] of [
      ["aws_cloudwatch_event_rule", "state-machine-rule"],
      ["aws_cloudwatch_event_rule", "lambda-function-rule"],
      ["aws_cloudwatch_event_target", "state-machine-target"],
      ["aws_cloudwatch_event_target", "lambda-function-target"],
    ] as const) {
      expect(resource(stack, type, name).event_bus_name).toBe("${aws_cloudwatch_event_bus.event-bus.name}");
    }
    expect(stack.output.event_bus_name.value).toBe("${aws_cloudwatch_event_bus.event-bus.name}");
  });

  test("the examples name the bus", () => {
    expect(stack.output.put_events_state_machine.value).toContain(
      '"EventBusName":"integ-dev-event-rule-targets"',
    );
    expect(stack.output.put_events_lambda_function.value).toContain(
      '"EventBusName":"integ-dev-event-rule-targets"',
    );
  });

  test("roles and queues still admit exactly their rule (rule ARNs on a custom bus include the bus name)", () => {
    // The references resolve to arn:...:rule/<bus>/<name>; a hand-built ARN would miss the bus.
    expect(statementsOf(stack, "start-execution-role_trust")[0].condition[1].values).toEqual([
      "${aws_cloudwatch_event_rule.state-machine-rule.arn}",
    ]);
    expect(resource(stack, "aws_lambda_permission", "consumer_invoke-from-rule").source_arn).toBe(
      "${aws_cloudwatch_event_rule.lambda-function-rule.arn}",
    );
  });
});

describe(`${STACK} state machine options`, () => {
  test("tracing turns X-Ray on and grants exactly the X-Ray write actions on *", () => {
    const stack = synthesizedWith({ stateMachine: { tracing: true } }).json(STACK);
    expect(resource(stack, "aws_sfn_state_machine", "state-machine").tracing_configuration).toEqual({
      enabled: true,
    });
    expect(statementsOf(stack, "state-machine-role_permissions")[2]).toEqual({
      sid: "WriteTraces",
      effect: "Allow",
      actions: [...XRAY_WRITE_ACTIONS],
      resources: ["*"],
    });
  });

  test("with tracing, the trace continues into the function, which may write traces", () => {
    const traced = synthesizedWith({ stateMachine: { tracing: true } }).json(STACK);
    expect(resource(traced, "aws_lambda_function", "consumer_function").tracing_config).toEqual({
      mode: "Active",
    });
    expect(statementsOf(traced, "consumer_role_permissions")).toContainEqual({
      sid: "WriteTraces",
      effect: "Allow",
      actions: [...XRAY_WRITE_ACTIONS],
      resources: ["*"],
    });
    const untraced = synthesizedWith().json(STACK);
    expect(resource(untraced, "aws_lambda_function", "consumer_function").tracing_config).toBeUndefined();
  });

  test("log level and execution data are configurable", () => {
    const stack = synthWith({ stateMachine: { logLevel: "ERROR", includeExecutionData: true } }).json(STACK);
    expect(resource(stack, "aws_sfn_state_machine", "state-machine").logging_configuration).toMatchObject({
      level: "ERROR",
      include_execution_data: true,
    });
  });

  test("a customer managed key encrypts the machine; the role may use it for this machine and its logs only", () => {
    const stack = synthWith(
      { stateMachine: { kmsKeyArn: KEY_ARN, kmsDataKeyReusePeriodSeconds: 600 } },
      { accountId: "111122223333" },
    ).json(STACK);
    expect(resource(stack, "aws_sfn_state_machine", "state-machine").encryption_configuration).toEqual({
      type: "CUSTOMER_MANAGED_KMS_KEY",
      kms_key_id: KEY_ARN,
      kms_data_key_reuse_period_seconds: 600,
    });
    expect(statementsOf(stack, "state-machine-role_permissions").slice(2)).toEqual([
      {
        sid: "UseStateMachineKey",
        effect: "Allow",
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: [KEY_ARN],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:EncryptionContext:aws:states:stateMachineArn",
            values: ["arn:aws:states:us-east-1:111122223333:stateMachine:integ-dev-event-rule-targets"],
          },
        ],
      },
      {
        sid: "EncryptDeliveredLogs",
        effect: "Allow",
        actions: ["kms:GenerateDataKey"],
        resources: [KEY_ARN],
        condition: [
          {
            test: "StringEquals",
            variable: "kms:EncryptionContext:SourceArn",
            values: ["arn:aws:logs:us-east-1:111122223333:*"],
          },
        ],
      },
    ]);
    // Step Functions encrypts each execution's input with the caller's access to the key: the EventBridge role
    // may generate data keys for this machine, through Step Functions, and nothing else.
    expect(statementsOf(stack, "start-execution-role_permissions").slice(1)).toEqual([
      {
        sid: "EncryptExecutionInput",
        effect: "Allow",
        actions: ["kms:GenerateDataKey"],
        resources: [KEY_ARN],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["states.us-east-1.amazonaws.com"] },
          {
            test: "StringEquals",
            variable: "kms:EncryptionContext:aws:states:stateMachineArn",
            values: ["arn:aws:states:us-east-1:111122223333:stateMachine:integ-dev-event-rule-targets"],
          },
        ],
      },
    ]);
  });

  test("function size, timeout, async and delivery settings reach the resources", () => {
    const stack = synthWith({
      memorySize: 512,
      timeoutSeconds: 50,
      asyncRetryAttempts: 0,
      asyncMaximumEventAgeSeconds: 60,
      delivery: { maximumRetryAttempts: 10, maximumEventAgeSeconds: 600 },
    }).json(STACK);
    expect(resource(stack, "aws_lambda_function", "consumer_function")).toMatchObject({
      memory_size: 512,
      timeout: 50,
    });
    expect(resource(stack, "aws_lambda_function_event_invoke_config", "consumer_async")).toMatchObject({
      maximum_retry_attempts: 0,
      maximum_event_age_in_seconds: 60,
    });
    for (const target of ["state-machine-target", "lambda-function-target"]) {
      expect(resource(stack, "aws_cloudwatch_event_target", target).retry_policy).toEqual({
        maximum_retry_attempts: 10,
        maximum_event_age_in_seconds: 600,
      });
    }
  });
});

describe(`${STACK} settings are validated at synth`, () => {
  const field = `stacks\\.${STACK}`;
  test.each<[Record<string, unknown>, RegExp]>([
    [{ sources: [] }, new RegExp(`${field}\\.sources = \\[\\]: a list of 1 to 10 entries`)],
    [
      { sources: "com.example.integrations" },
      new RegExp(`${field}\\.sources = "com.example.integrations": a list of`),
    ],
    [
      { sources: ["aws.ec2"] },
      new RegExp(`${field}\\.sources\\[0\\] = "aws.ec2": an event source .*not starting with "aws."`),
    ],
    [{ sources: ["it's"] }, new RegExp(`${field}\\.sources\\[0\\] = "it's": an event source`)],
    [{ sources: ["a", "a"] }, new RegExp(`${field}\\.sources = \\["a","a"\\]: a list without duplicates`)],
    [
      { stateMachineDetailType: "" },
      new RegExp(`${field}\\.stateMachineDetailType = "": a detail-type of 1 to 128`),
    ],
    [
      { lambdaDetailType: "start-state-machine" },
      new RegExp(
        `${field}\\.lambdaDetailType = "start-state-machine": a detail-type other than stateMachineDetailType`,
      ),
    ],
    [{ customEventBus: "yes" }, new RegExp(`${field}\\.customEventBus = "yes": true or false`)],
    [
      { stateMachine: { logLevel: "OFF" } },
      new RegExp(
        `${field}\\.stateMachine\\.logLevel = "OFF": one of "ALL", "ERROR", "FATAL" \\(OFF is refused`,
      ),
    ],
    [
      { stateMachine: { logLevel: "DEBUG" } },
      new RegExp(`${field}\\.stateMachine\\.logLevel = "DEBUG": one of "ALL", "ERROR", "FATAL"`),
    ],
    [{ stateMachine: { tracing: 1 } }, new RegExp(`${field}\\.stateMachine\\.tracing = 1: true or false`)],
    [
      { stateMachine: { kmsKeyArn: "alias/aws/states" } },
      new RegExp(`${field}\\.stateMachine\\.kmsKeyArn = "alias/aws/states": a symmetric KMS key ARN`),
    ],
    [
      { stateMachine: { kmsDataKeyReusePeriodSeconds: 300 } },
      new RegExp(`${field}\\.stateMachine\\.kmsDataKeyReusePeriodSeconds = 300: only used with kmsKeyArn`),
    ],
    [
      { stateMachine: { kmsKeyArn: KEY_ARN, kmsDataKeyReusePeriodSeconds: 30 } },
      new RegExp(
        `${field}\\.stateMachine\\.kmsDataKeyReusePeriodSeconds = 30: a whole number from 60 to 900 seconds`,
      ),
    ],
    [
      { stateMachine: { level: "ALL" } },
      new RegExp(`${field}\\.stateMachine\\.level = "ALL": unknown setting`),
    ],
    [
      { timeoutSeconds: 60 },
      new RegExp(`${field}\\.timeoutSeconds = 60: a whole number from 1 to 50 seconds`),
    ],
    [{ memorySize: 64 }, new RegExp(`${field}\\.memorySize = 64: a whole number from 128 to 10240 MB`)],
    [{ asyncRetryAttempts: 3 }, new RegExp(`${field}\\.asyncRetryAttempts = 3: a whole number from 0 to 2`)],
    [
      { delivery: { maximumRetryAttempts: 200 } },
      new RegExp(`${field}\\.delivery\\.maximumRetryAttempts = 200: a whole number from 0 to 185`),
    ],
    [
      { eventBus: "custom" },
      new RegExp(`${field}\\.eventBus = "custom": unknown setting; known settings are`),
    ],
  ])("%j", (settings, message) => {
    expect(() => testConfig({ stacks: { [STACK]: settings } })).toThrow(message);
  });

  test("every problem is reported at once", () => {
    expect(() =>
      testConfig({
        stacks: { [STACK]: { sources: [], stateMachine: { logLevel: "OFF" }, timeoutSeconds: 0 } },
      }),
    ).toThrow(/Invalid configuration \(3 problems\)/);
  });
});
