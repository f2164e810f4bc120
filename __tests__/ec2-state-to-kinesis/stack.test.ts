import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  synthesizedOnce,
  type TerraformJson,
  testConfig,
} from "../support/synth";

const STACK = "ec2-state-to-kinesis";

const synthesizeWith = (settings: Record<string, unknown>, top: Record<string, unknown> = {}) =>
  synthesize({ stacks: [STACK], config: testConfig({ ...top, stacks: { [STACK]: settings } }) });
/** synthesizeWith for tests that only read the output: each configuration once per file. */
const synthesizedWith = synthesizedOnce(synthesizeWith);

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    // The shipped configuration (no settings), shared with the options below that ask for it.
    const synthesized = synthesizedWith({}, {});
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  // Addresses are the contract with ops: changing one destroys and recreates real infrastructure.
  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual([
      "aws_cloudwatch_composite_alarm.monitoring_unhealthy",
      "aws_cloudwatch_dashboard.monitoring_dashboard",
      "aws_cloudwatch_event_rule.rule",
      "aws_cloudwatch_event_target.target",
      "aws_cloudwatch_metric_alarm.monitoring_rule_dlq-delivery-failed",
      "aws_cloudwatch_metric_alarm.monitoring_rule_failed-invocations",
      "aws_cloudwatch_metric_alarm.monitoring_rule_sent-to-dlq",
      "aws_cloudwatch_metric_alarm.monitoring_stream_write-throttled",
      "aws_cloudwatch_metric_alarm.rule-dlq_alarm",
      "aws_iam_role.target-role_role",
      "aws_iam_role_policy.target-role_policy",
      "aws_kinesis_stream.stream",
      "aws_sqs_queue.rule-dlq_queue",
      "aws_sqs_queue_policy.rule-dlq_policy",
      "data.aws_caller_identity.current",
      "data.aws_iam_policy_document.rule-dlq_policy-document",
      "data.aws_iam_policy_document.target-role_permissions",
      "data.aws_iam_policy_document.target-role_trust",
    ]);
  });

  test("moved blocks carry the DLQ from its old address (dlq) to rule-dlq", () => {
    expect(stack.moved).toEqual([
      { from: "aws_sqs_queue.dlq_queue", to: "aws_sqs_queue.rule-dlq_queue" },
      { from: "aws_sqs_queue_policy.dlq_policy", to: "aws_sqs_queue_policy.rule-dlq_policy" },
    ]);
  });

  test("the stream is KMS-encrypted, on-demand, with the configured retention", () => {
    expect(resource(stack, "aws_kinesis_stream", "stream")).toMatchObject({
      name: "integ-dev-ec2-state-changes",
      encryption_type: "KMS",
      kms_key_id: "alias/aws/kinesis",
      stream_mode_details: { stream_mode: "ON_DEMAND" },
      retention_period: 24,
      // Registered fan-out consumers would otherwise make terraform destroy fail (ResourceInUseException).
      enforce_consumer_deletion: true,
    });
    expect(resource(stack, "aws_kinesis_stream", "stream").shard_count).toBeUndefined();
  });

  test("the rule matches EC2 state changes for the configured states on the default bus", () => {
    const rule = resource(stack, "aws_cloudwatch_event_rule", "rule");
    expect(rule.event_bus_name).toBe("default");
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.ec2"],
      "detail-type": ["EC2 Instance State-change Notification"],
      detail: { state: ["running", "stopped"] },
    });
  });

  test("the target writes to this stream, partitioned by instance, with retries and a DLQ", () => {
    expect(resource(stack, "aws_cloudwatch_event_target", "target")).toMatchObject({
      rule: "${aws_cloudwatch_event_rule.rule.name}",
      arn: "${aws_kinesis_stream.stream.arn}",
      role_arn: "${aws_iam_role.target-role_role.arn}",
      kinesis_target: { partition_key_path: "$.detail.instance-id" },
      retry_policy: { maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 },
      dead_letter_config: { arn: "${aws_sqs_queue.rule-dlq_queue.arn}" },
    });
  });

  test("the target role may only put records into exactly this stream", () => {
    expect(statementsOf(stack, "target-role_permissions")).toEqual([
      {
        sid: "PutRecordsToStream",
        effect: "Allow",
        actions: ["kinesis:PutRecord", "kinesis:PutRecords"],
        resources: ["${aws_kinesis_stream.stream.arn}"],
      },
    ]);
    expect(resource(stack, "aws_iam_role_policy", "target-role_policy").policy).toBe(
      "${data.aws_iam_policy_document.target-role_permissions.json}",
    );
  });

  test("only EventBridge, for this rule in this account, can assume the target role", () => {
    expect(statementsOf(stack, "target-role_trust")).toEqual([
      {
        sid: "AllowServiceToAssume",
        effect: "Allow",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        condition: [
          {
            test: "StringEquals",
            variable: "aws:SourceAccount",
            values: ["${data.aws_caller_identity.current.account_id}"],
          },
          { test: "ArnLike", variable: "aws:SourceArn", values: ["${aws_cloudwatch_event_rule.rule.arn}"] },
        ],
      },
    ]);
  });

  test("the DLQ is encrypted, keeps events 14 days and accepts only this rule over TLS", () => {
    expect(resource(stack, "aws_sqs_queue", "rule-dlq_queue")).toMatchObject({
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    });
    const [allow, deny] = statementsOf(stack, "rule-dlq_policy-document");
    expect(allow).toMatchObject({
      effect: "Allow",
      actions: ["sqs:SendMessage"],
      principals: [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
      condition: [
        { test: "ArnEquals", variable: "aws:SourceArn", values: ["${aws_cloudwatch_event_rule.rule.arn}"] },
      ],
    });
    expect(deny).toMatchObject({
      effect: "Deny",
      condition: [{ variable: "aws:SecureTransport", values: ["false"] }],
    });
  });

  test("the DLQ alarms as soon as a message waits in it", () => {
    expect(resource(stack, "aws_cloudwatch_metric_alarm", "rule-dlq_alarm")).toMatchObject({
      alarm_name: "integ-dev-ec2-state-changes-dlq-not-empty",
      namespace: "AWS/SQS",
      metric_name: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "${aws_sqs_queue.rule-dlq_queue.name}" },
      comparison_operator: "GreaterThanThreshold",
      threshold: 0,
      treat_missing_data: "notBreaching",
    });
    expect(resource(stack, "aws_cloudwatch_metric_alarm", "rule-dlq_alarm").alarm_actions).toBeUndefined();
  });

  test("outputs name the stream, the rule and the DLQ", () => {
    expect(Object.keys(stack.output).sort()).toEqual(["dlq_url", "rule_arn", "stream_arn", "stream_name"]);
  });
});

describe(`${STACK} options`, () => {
  const synthWith = (settings: Record<string, unknown>, top: Record<string, unknown> = {}) =>
    synthesizedWith(settings, top).json(STACK);

  test("provisioned mode sets the shard count", () => {
    const stack = synthWith({ streamMode: "PROVISIONED", shardCount: 4 });
    expect(resource(stack, "aws_kinesis_stream", "stream")).toMatchObject({
      shard_count: 4,
      stream_mode_details: { stream_mode: "PROVISIONED" },
    });
  });

  test("an instance-id list narrows the pattern", () => {
    const stack = synthWith({ instanceIds: ["i-0123456789abcdef0"], states: ["terminated"] });
    expect(JSON.parse(resource(stack, "aws_cloudwatch_event_rule", "rule").event_pattern).detail).toEqual({
      state: ["terminated"],
      "instance-id": ["i-0123456789abcdef0"],
    });
  });

  test("a customer managed key is used for the stream and granted to the writer role", () => {
    const key = "arn:aws:kms:us-east-1:111122223333:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10";
    const stack = synthWith({ kmsKeyId: key });
    expect(resource(stack, "aws_kinesis_stream", "stream").kms_key_id).toBe(key);
    expect(statementsOf(stack, "target-role_permissions")[1]).toEqual({
      sid: "EncryptWithStreamKey",
      effect: "Allow",
      actions: ["kms:GenerateDataKey"],
      resources: [key],
    });
  });

  test("a configured account replaces aws_caller_identity and pins the provider to it", () => {
    const stack = synthWith({}, { accountId: "111122223333" });
    expect(stack.data.aws_caller_identity).toBeUndefined();
    expect(stack.provider.aws[0].allowed_account_ids).toEqual(["111122223333"]);
    expect(statementsOf(stack, "target-role_trust")[0].condition[0].values).toEqual(["111122223333"]);
  });

  test("the environment goes into names, tags and the state path", () => {
    const stack = synthWith({}, { environment: "staging", accountId: "111122223333" });
    expect(resource(stack, "aws_kinesis_stream", "stream").name).toBe("integ-staging-ec2-state-changes");
    expect(stack.provider.aws[0].default_tags[0].tags).toEqual({
      environment: "staging",
      "managed-by": "cdktf",
      project: "cdktf-event-integrations",
      stack: STACK,
    });
    expect(stack.terraform.backend.local.path).toBe("../../../state/staging/ec2-state-to-kinesis.tfstate");
  });

  test("the stream is protected from deletion outside dev, and in dev only when asked", () => {
    const lifecycleOf = (top: Record<string, unknown>) =>
      resource(synthWith({}, top), "aws_kinesis_stream", "stream").lifecycle;
    expect(lifecycleOf({})).toBeUndefined();
    expect(lifecycleOf({ environment: "prod", accountId: "111122223333" })).toEqual({
      prevent_destroy: true,
    });
    expect(lifecycleOf({ protectData: true })).toEqual({ prevent_destroy: true });
  });

  test("an existing stream can be adopted with an import block", () => {
    const stack = synthWith(
      {},
      { imports: { [STACK]: { "aws_kinesis_stream.stream": "integ-dev-ec2-state-changes" } } },
    );
    expect(stack.import).toEqual([{ id: "integ-dev-ec2-state-changes", to: "aws_kinesis_stream.stream" }]);
  });

  test("importing to an address the stack does not have fails, listing the addresses it has", () => {
    expect(() => synthWith({}, { imports: { [STACK]: { "aws_kinesis_stream.events": "x" } } })).toThrow(
      /imports\.ec2-state-to-kinesis = "aws_kinesis_stream\.events": an address of this stack: .*aws_kinesis_stream\.stream/,
    );
  });

  test("alarms notify the configured SNS topic, when it turns on and when it clears", () => {
    const topic = "arn:aws:sns:us-east-1:111122223333:ops-alerts";
    const alarm = resource(
      synthWith({}, { alarmTopicArn: topic }),
      "aws_cloudwatch_metric_alarm",
      "rule-dlq_alarm",
    );
    expect(alarm).toMatchObject({ alarm_actions: [topic], ok_actions: [topic] });
  });

  test("extra tags join the default tags", () => {
    const stack = synthWith({}, { tags: { team: "platform", "cost-center": "42" } });
    expect(stack.provider.aws[0].default_tags[0].tags).toMatchObject({
      team: "platform",
      "cost-center": "42",
    });
  });

  test("the S3 backend uses a per-environment key, encryption and native locking", () => {
    const stack = synthWith({}, { backend: { type: "s3", bucket: "acme-tf-state", region: "eu-west-1" } });
    expect(stack.terraform.backend).toEqual({
      s3: {
        bucket: "acme-tf-state",
        region: "eu-west-1",
        key: "cdktf-event-integrations/dev/ec2-state-to-kinesis.tfstate",
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test("the longest allowed prefix and environment still give valid names", () => {
    const config = testConfig({
      prefix: "a".repeat(20),
      environment: "b".repeat(16),
      environments: { ["b".repeat(16)]: {} },
      accountId: "111122223333",
    });
    expect(() => synthesize({ stacks: [STACK], config })).not.toThrow();
  });
});

describe(`${STACK} with an existing stream`, () => {
  const existing = "arn:aws:kinesis:us-east-1:111122223333:stream/platform-events";
  const synthExisting = (settings: Record<string, unknown>) =>
    synthesize({ stacks: [STACK], config: testConfig({ stacks: { [STACK]: settings } }) }).json(STACK);

  test("creates no stream and sends to, and grants on, the existing one", () => {
    const stack = synthExisting({ existingStreamArn: existing });
    expect(stack.resource.aws_kinesis_stream).toBeUndefined();
    expect(resource(stack, "aws_cloudwatch_event_target", "target").arn).toBe(existing);
    expect(statementsOf(stack, "target-role_permissions")[0].resources).toEqual([existing]);
    expect(stack.output.stream_name.value).toBe("platform-events");
    expect(stack.output.stream_arn.value).toBe(existing);
  });

  test("settings that shape a created stream are refused with an existing one", () => {
    expect(() =>
      testConfig({ stacks: { [STACK]: { existingStreamArn: existing, retentionHours: 48 } } }),
    ).toThrow(
      /stacks\.ec2-state-to-kinesis\.retentionHours = 48: only used when the stack creates the stream/,
    );
  });

  test("a stream in another region, or not a stream ARN, is refused", () => {
    expect(() =>
      synthExisting({ existingStreamArn: "arn:aws:kinesis:eu-west-1:111122223333:stream/x" }),
    ).toThrow(/existingStreamArn = .*a stream in the stack's region \(us-east-1\)/);
    expect(() => testConfig({ stacks: { [STACK]: { existingStreamArn: "platform-events" } } })).toThrow(
      /existingStreamArn = "platform-events": a Kinesis stream ARN/,
    );
  });
});
