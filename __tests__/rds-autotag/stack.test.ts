import { HANDLED_EVENT_NAMES } from "../../lambda-src/rds-autotag/event-names";
import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  type TerraformJson,
  testConfig,
} from "../support/synth";

const STACK = "rds-autotag";
const synthWith = (settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  synthesize({ stacks: [STACK], config: testConfig({ ...top, stacks: { [STACK]: settings } }) });

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    const synthesized = synthWith({ staticTags: { team: "data-platform", "cost-center": "1234" } });
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual([
      "aws_cloudwatch_composite_alarm.monitoring_unhealthy",
      "aws_cloudwatch_dashboard.monitoring_dashboard",
      "aws_cloudwatch_event_rule.rule",
      "aws_cloudwatch_event_target.target",
      "aws_cloudwatch_log_group.autotag_logs",
      "aws_cloudwatch_metric_alarm.failed-invocations_alarm",
      "aws_cloudwatch_metric_alarm.monitoring_autotag_destination-failures",
      "aws_cloudwatch_metric_alarm.monitoring_autotag_duration",
      "aws_cloudwatch_metric_alarm.monitoring_autotag_errors",
      "aws_cloudwatch_metric_alarm.monitoring_autotag_throttles",
      "aws_cloudwatch_metric_alarm.monitoring_rule_dlq-delivery-failed",
      "aws_cloudwatch_metric_alarm.monitoring_rule_failed-invocations",
      "aws_cloudwatch_metric_alarm.monitoring_rule_sent-to-dlq",
      "aws_cloudwatch_metric_alarm.rule-dlq_alarm",
      "aws_iam_role.autotag_role_role",
      "aws_iam_role_policy.autotag_role_policy",
      "aws_lambda_function.autotag_function",
      "aws_lambda_function_event_invoke_config.autotag_async",
      "aws_lambda_permission.autotag_invoke-from-rule",
      "aws_sqs_queue.failed-invocations_queue",
      "aws_sqs_queue.rule-dlq_queue",
      "aws_sqs_queue_policy.failed-invocations_policy",
      "aws_sqs_queue_policy.rule-dlq_policy",
      "data.archive_file.autotag_package",
      "data.aws_caller_identity.current",
      "data.aws_iam_policy_document.autotag_role_permissions",
      "data.aws_iam_policy_document.autotag_role_trust",
      "data.aws_iam_policy_document.failed-invocations_policy-document",
      "data.aws_iam_policy_document.rule-dlq_policy-document",
    ]);
  });

  test("the rule matches successful RDS create and restore calls for instances and clusters", () => {
    const rule = resource(stack, "aws_cloudwatch_event_rule", "rule");
    expect(rule.event_bus_name).toBe("default");
    expect(JSON.parse(rule.event_pattern)).toEqual({
      source: ["aws.rds"],
      "detail-type": ["AWS API Call via CloudTrail"],
      detail: {
        eventSource: ["rds.amazonaws.com"],
        eventName: [...HANDLED_EVENT_NAMES],
        errorCode: [{ exists: false }],
      },
    });
    expect(HANDLED_EVENT_NAMES).toEqual(
      expect.arrayContaining([
        "CreateDBInstance",
        "CreateDBCluster",
        "CreateDBInstanceReadReplica",
        "RestoreDBClusterFromSnapshot",
      ]),
    );
  });

  test("the target invokes the function without a role, with retries and a DLQ", () => {
    const target = resource(stack, "aws_cloudwatch_event_target", "target");
    expect(target).toMatchObject({
      arn: "${aws_lambda_function.autotag_function.arn}",
      retry_policy: { maximum_retry_attempts: 185, maximum_event_age_in_seconds: 86400 },
      dead_letter_config: { arn: "${aws_sqs_queue.rule-dlq_queue.arn}" },
    });
    expect(target.role_arn).toBeUndefined();
  });

  test("only this rule may invoke the function", () => {
    expect(resource(stack, "aws_lambda_permission", "autotag_invoke-from-rule")).toMatchObject({
      action: "lambda:InvokeFunction",
      function_name: "${aws_lambda_function.autotag_function.function_name}",
      principal: "events.amazonaws.com",
      source_arn: "${aws_cloudwatch_event_rule.rule.arn}",
    });
  });

  test("the function is nodejs22.x on arm64, packaged by archive_file, with JSON logs in its own group", () => {
    expect(resource(stack, "aws_lambda_function", "autotag_function")).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      memory_size: 256,
      timeout: 30,
      filename: "${data.archive_file.autotag_package.output_path}",
      source_code_hash: "${data.archive_file.autotag_package.output_base64sha256}",
      logging_config: { log_format: "JSON", log_group: "${aws_cloudwatch_log_group.autotag_logs.name}" },
      environment: {
        variables: {
          STATIC_TAGS: '{"cost-center":"1234","team":"data-platform"}',
          CREATOR_TAG_KEY: "CreatedBy",
        },
      },
    });
    expect(resource(stack, "aws_cloudwatch_log_group", "autotag_logs")).toMatchObject({
      name: "/aws/lambda/integ-dev-rds-autotag",
      retention_in_days: 30,
    });
    const archive = resource(stack, "data.archive_file", "autotag_package");
    expect(archive).toMatchObject({
      type: "zip",
      output_file_mode: "0644",
      output_path: "dist/rds-autotag.zip",
    });
    expect(archive.source_file).toMatch(/^assets\/autotag_code\/[0-9a-f]{32}\/index\.js$/);
  });

  test("the function may tag only DB instances and clusters of this account and region, and log to its group", () => {
    expect(statementsOf(stack, "autotag_role_permissions")).toEqual([
      {
        sid: "WriteOwnLogs",
        effect: "Allow",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: ["${aws_cloudwatch_log_group.autotag_logs.arn}:*"],
      },
      {
        sid: "SendFailedEvents",
        effect: "Allow",
        actions: ["sqs:SendMessage"],
        resources: ["${aws_sqs_queue.failed-invocations_queue.arn}"],
      },
      {
        sid: "TagNewDatabases",
        effect: "Allow",
        actions: ["rds:AddTagsToResource"],
        resources: [
          "arn:aws:rds:us-east-1:${data.aws_caller_identity.current.account_id}:db:*",
          "arn:aws:rds:us-east-1:${data.aws_caller_identity.current.account_id}:cluster:*",
        ],
      },
    ]);
  });

  test("failed asynchronous invocations are retried, aged out and sent to an encrypted queue", () => {
    expect(resource(stack, "aws_lambda_function_event_invoke_config", "autotag_async")).toEqual(
      expect.objectContaining({
        function_name: "${aws_lambda_function.autotag_function.function_name}",
        maximum_retry_attempts: 2,
        maximum_event_age_in_seconds: 3600,
        destination_config: { on_failure: { destination: "${aws_sqs_queue.failed-invocations_queue.arn}" } },
      }),
    );
    expect(resource(stack, "aws_sqs_queue", "failed-invocations_queue").sqs_managed_sse_enabled).toBe(true);
  });

  test("outputs name the function, the rule and both queues", () => {
    expect(Object.keys(stack.output).sort()).toEqual([
      "failed_invocations_url",
      "function_arn",
      "function_name",
      "rule_arn",
      "rule_dlq_url",
    ]);
  });

  test("no trail is created unless asked for", () => {
    expect(stack.resource.aws_cloudtrail).toBeUndefined();
  });
});

describe(`${STACK} with createTrail`, () => {
  let stack: TerraformJson;

  beforeAll(() => {
    stack = synthWith({ createTrail: true }, { accountId: "111122223333" }).json(STACK);
  });

  test("adds a trail, its key and a protected bucket at stable addresses", () => {
    expect(addressesOf(stack).filter((a) => a.includes("trail_"))).toEqual([
      "aws_cloudtrail.trail_trail",
      "aws_cloudwatch_metric_alarm.monitoring_trail_delivery-errors",
      "aws_kms_alias.trail_key-alias",
      "aws_kms_key.trail_key",
      "aws_s3_bucket.trail_logs_bucket",
      "aws_s3_bucket_lifecycle_configuration.trail_logs_lifecycle",
      "aws_s3_bucket_ownership_controls.trail_logs_ownership",
      "aws_s3_bucket_policy.trail_logs_policy",
      "aws_s3_bucket_public_access_block.trail_logs_public-access",
      "aws_s3_bucket_server_side_encryption_configuration.trail_logs_encryption",
      "aws_s3_bucket_versioning.trail_logs_versioning",
      "data.aws_iam_policy_document.trail_key-policy",
      "data.aws_iam_policy_document.trail_logs_policy-document",
    ]);
  });

  test("the trail covers every region, validates log files and is KMS-encrypted", () => {
    expect(resource(stack, "aws_cloudtrail", "trail_trail")).toMatchObject({
      name: "integ-dev-management-events",
      is_multi_region_trail: true,
      enable_log_file_validation: true,
      kms_key_id: "${aws_kms_key.trail_key.arn}",
      s3_bucket_name: "${aws_s3_bucket.trail_logs_bucket.bucket}",
      event_selector: [{ read_write_type: "WriteOnly", include_management_events: true }],
      depends_on: ["aws_s3_bucket_policy.trail_logs_policy"],
    });
    expect(resource(stack, "aws_kms_key", "trail_key").enable_key_rotation).toBe(true);
  });

  test("the trail bucket is protected from deletion outside dev", () => {
    expect(resource(stack, "aws_s3_bucket", "trail_logs_bucket").lifecycle).toBeUndefined();
    const prod = synthWith({ createTrail: true }, { environment: "prod", accountId: "111122223333" }).json(
      STACK,
    );
    expect(resource(prod, "aws_s3_bucket", "trail_logs_bucket").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("the bucket name is unique per account, region and environment", () => {
    expect(resource(stack, "aws_s3_bucket", "trail_logs_bucket")).toMatchObject({
      bucket: "integ-dev-cloudtrail-111122223333-us-east-1",
      force_destroy: false,
    });
  });

  test("only this trail may write to the bucket, over TLS", () => {
    const statements = statementsOf(stack, "trail_logs_policy-document");
    const trailArn = "arn:aws:cloudtrail:us-east-1:111122223333:trail/integ-dev-management-events";
    expect(statements.map((s: TerraformJson) => s.sid)).toEqual([
      "DenyInsecureTransport",
      "TrailChecksBucketAcl",
      "TrailWritesLogs",
    ]);
    expect(statements[2]).toMatchObject({
      actions: ["s3:PutObject"],
      resources: ["${aws_s3_bucket.trail_logs_bucket.arn}/AWSLogs/111122223333/*"],
      principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
      condition: [
        { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] },
        { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
      ],
    });
  });
});

describe(`${STACK} settings are validated at synth`, () => {
  test.each([
    [{ staticTags: { "aws:owner": "me" } }, /stacks\.rds-autotag\.staticTags = .*aws:owner/],
    [{ staticTags: { team: 42 } }, /stacks\.rds-autotag\.staticTags = .*must be a string/],
    [{ creatorTagKey: "" }, /stacks\.rds-autotag\.creatorTagKey = "": CREATOR_TAG_KEY/],
    [
      { eventNames: ["DeleteDBInstance"] },
      /stacks\.rds-autotag\.eventNames\[0\] = "DeleteDBInstance": an RDS create or restore call/,
    ],
    [{ asyncRetryAttempts: 3 }, /stacks\.rds-autotag\.asyncRetryAttempts = 3: a whole number from 0 to 2/],
    [{ memorySize: 64 }, /stacks\.rds-autotag\.memorySize = 64: a whole number from 128 to 10240 MB/],
    [{ createTrail: "yes" }, /stacks\.rds-autotag\.createTrail = "yes": true or false/],
  ])("%j", (settings, message) => {
    expect(() => testConfig({ stacks: { [STACK]: settings } })).toThrow(message);
  });

  test("a subset of event names narrows the pattern", () => {
    const stack = synthWith({ eventNames: ["CreateDBCluster"] }).json(STACK);
    expect(
      JSON.parse(resource(stack, "aws_cloudwatch_event_rule", "rule").event_pattern).detail.eventName,
    ).toEqual(["CreateDBCluster"]);
  });
});
