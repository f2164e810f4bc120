import { keyPolicyFor } from "../../scripts/lib/kms-policy";
import { StackModel } from "../../stacks/baseline/model";
import { customerKeyEverywhere, STORAGE_TYPES } from "../../stacks/baseline/rules/customer-key";
import type { StackId } from "../../stacks/registry";
import { builtOnce } from "../support/once";
import { synthesize, type TerraformJson, testConfig } from "../support/synth";
import { threeStacksWithKey as config, KEY, THREE_STACKS as STACKS } from "./configs";

// rds-autotag, api-firehose-s3 and event-rule-targets with a customer key (issue #15): storage by resource
// type, the roles' and the key policy's grants, the baseline rule, kms:policy, and offline plans.

const CREATED = "${aws_kms_key.encryption_key.arn}";
const ACCOUNT = "${data.aws_caller_identity.current.account_id}";

/** Where each storage type names its key, read independently of the baseline rule. */
const KEY_OF: Record<string, (c: TerraformJson) => unknown> = {
  aws_sqs_queue: (c) => c.kms_master_key_id ?? (c.sqs_managed_sse_enabled ? "SSE-SQS" : undefined),
  aws_s3_bucket_server_side_encryption_configuration: (c) =>
    c.rule[0].apply_server_side_encryption_by_default.kms_master_key_id ??
    c.rule[0].apply_server_side_encryption_by_default.sse_algorithm,
  aws_cloudwatch_log_group: (c) => c.kms_key_id,
  aws_lambda_function: (c) => c.kms_key_arn,
  aws_kinesis_firehose_delivery_stream: (c) =>
    c.server_side_encryption.key_type === "CUSTOMER_MANAGED_CMK"
      ? c.server_side_encryption.key_arn
      : "AWS_OWNED_CMK",
  aws_cloudtrail: (c) => c.kms_key_id,
  aws_sfn_state_machine: (c) =>
    c.encryption_configuration.type === "CUSTOMER_MANAGED_KMS_KEY"
      ? c.encryption_configuration.kms_key_id
      : "AWS_OWNED_KEY",
  aws_sns_topic: (c) => c.kms_master_key_id,
};

/** Storage resource type → the key each resource of that type uses. */
function storageKeys(stack: TerraformJson): Record<string, unknown[]> {
  const keys: Record<string, unknown[]> = {};
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!STORAGE_TYPES.includes(type)) continue;
    keys[type] = Object.values(byName as TerraformJson).map(
      (c) => KEY_OF[type]?.(c as TerraformJson) ?? `unread ${type}`,
    );
  }
  return keys;
}

/** Every role policy's statements that touch KMS: [policy document, sid, actions, conditions]. */
function roleKeyStatements(stack: TerraformJson): unknown[][] {
  const documents = stack.data.aws_iam_policy_document as Record<string, TerraformJson>;
  return Object.entries(documents)
    .filter(([name]) => name.endsWith("_permissions"))
    .flatMap(([name, doc]) =>
      (doc.statement as TerraformJson[])
        .filter((s) => s.actions.some((a: string) => a.startsWith("kms:")))
        .map((s) => [name, s.sid, s.actions, s.resources, s.condition]),
    );
}

const via = (service: string) => ({
  test: "StringEquals",
  variable: "kms:ViaService",
  values: [`${service}.us-east-1.amazonaws.com`],
});
const sqsContext = (queue: string) => ({
  test: "ArnEquals",
  variable: "kms:EncryptionContext:aws:sqs:arn",
  values: [`arn:aws:sqs:us-east-1:${ACCOUNT}:${queue}`],
});
const machineArn = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:integ-dev-event-rule-targets`;
const machineContext = {
  test: "StringEquals",
  variable: "kms:EncryptionContext:aws:states:stateMachineArn",
  values: [machineArn],
};

describe.each([
  ["created key", { mode: "customer", createKey: true, deletionWindowDays: 7 }, CREATED],
  ["existing key", { mode: "customer", kmsKeyArn: KEY }, KEY],
])("customer mode with a %s", (_name, encryption, key) => {
  const json = {} as Record<(typeof STACKS)[number], TerraformJson>;

  beforeAll(() => {
    const app = synthesize({ config: config(encryption), stacks: [...STACKS] });
    for (const id of STACKS) json[id] = app.json(id);
  });

  test("rds-autotag: the trail, its bucket, both DLQs, the function and its logs, the alarm topic use the key", () => {
    expect(storageKeys(json["rds-autotag"])).toEqual({
      aws_cloudtrail: [key],
      aws_s3_bucket_server_side_encryption_configuration: [key],
      aws_sqs_queue: [key, key],
      aws_cloudwatch_log_group: [key],
      aws_lambda_function: [key],
      aws_sns_topic: [key],
    });
    // The trail's own key is gone: one key per stack.
    expect(Object.keys(json["rds-autotag"].resource.aws_kms_key ?? {})).toEqual(
      key === CREATED ? ["encryption_key"] : [],
    );
  });

  test("api-firehose-s3: the records bucket, the delivery stream and all three log groups use the key", () => {
    expect(storageKeys(json["api-firehose-s3"])).toEqual({
      aws_s3_bucket_server_side_encryption_configuration: [key],
      aws_kinesis_firehose_delivery_stream: [key],
      aws_cloudwatch_log_group: [key, key, key],
      aws_sns_topic: [key],
    });
  });

  test("event-rule-targets: three queues, the state machine, the function and both log groups use the key", () => {
    expect(storageKeys(json["event-rule-targets"])).toEqual({
      aws_sqs_queue: [key, key, key],
      aws_cloudwatch_log_group: [key, key],
      aws_lambda_function: [key],
      aws_sfn_state_machine: [key],
      aws_sns_topic: [key],
    });
  });

  test("S3 buckets are SSE-KMS with S3 Bucket Keys", () => {
    for (const id of ["rds-autotag", "api-firehose-s3"] as const) {
      for (const sse of Object.values(
        json[id].resource.aws_s3_bucket_server_side_encryption_configuration,
      ) as TerraformJson[]) {
        expect(sse.rule[0]).toMatchObject({
          bucket_key_enabled: true,
          apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" },
        });
      }
    }
  });

  test("rds-autotag roles: only the function, for its failure queue through SQS", () => {
    expect(roleKeyStatements(json["rds-autotag"])).toEqual([
      [
        "autotag_role_permissions",
        "EncryptFailedEvents",
        ["kms:GenerateDataKey", "kms:Decrypt"],
        [key],
        [via("sqs"), sqsContext("integ-dev-rds-autotag-failed")],
      ],
    ]);
  });

  test("api-firehose-s3 roles: only Firehose, through S3 for the records bucket (API Gateway needs none)", () => {
    const bucket = `arn:aws:s3:::integ-dev-records-${ACCOUNT}-us-east-1`;
    expect(roleKeyStatements(json["api-firehose-s3"])).toEqual([
      [
        "firehose-role_permissions",
        "EncryptObjectsWithBucketKey",
        ["kms:GenerateDataKey", "kms:Decrypt"],
        [key],
        [
          via("s3"),
          {
            test: "StringLike",
            variable: "kms:EncryptionContext:aws:s3:arn",
            values: [bucket, `${bucket}/records/*`, `${bucket}/errors/*`],
          },
        ],
      ],
    ]);
  });

  test("event-rule-targets roles: the function (failure queue), the state machine and who starts it", () => {
    expect(roleKeyStatements(json["event-rule-targets"])).toEqual([
      [
        "consumer_role_permissions",
        "EncryptFailedEvents",
        ["kms:GenerateDataKey", "kms:Decrypt"],
        [key],
        [via("sqs"), sqsContext("integ-dev-event-consumer-failed")],
      ],
      [
        "start-execution-role_permissions",
        "EncryptExecutionInput",
        ["kms:GenerateDataKey"],
        [key],
        [via("states"), machineContext],
      ],
      [
        "state-machine-role_permissions",
        "UseStateMachineKey",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [key],
        [machineContext],
      ],
      [
        "state-machine-role_permissions",
        "EncryptDeliveredLogs",
        ["kms:GenerateDataKey"],
        [key],
        [
          {
            test: "StringEquals",
            variable: "kms:EncryptionContext:SourceArn",
            values: [`arn:aws:logs:us-east-1:${ACCOUNT}:*`],
          },
        ],
      ],
    ]);
  });

  test("ENC-CUSTOMER-KEY passes, and catches every storage resource of these stacks left on an AWS key", () => {
    for (const id of STACKS) {
      const stack = json[id];
      expect(customerKeyEverywhere.check(new StackModel(id, stack))).toEqual([]);
      for (const [type, byName] of Object.entries(stack.resource as TerraformJson)) {
        if (!STORAGE_TYPES.includes(type)) continue;
        for (const name of Object.keys(byName as TerraformJson)) {
          const broken = structuredClone(stack);
          const block = broken.resource[type][name];
          delete block.kms_key_id;
          delete block.kms_key_arn;
          delete block.kms_master_key_id;
          if (block.server_side_encryption)
            block.server_side_encryption = { enabled: true, key_type: "AWS_OWNED_CMK" };
          if (block.encryption_configuration) block.encryption_configuration = { type: "AWS_OWNED_KEY" };
          if (block.rule?.[0]?.apply_server_side_encryption_by_default)
            block.rule[0].apply_server_side_encryption_by_default = { sse_algorithm: "AES256" };
          const findings = customerKeyEverywhere.check(new StackModel(id, broken));
          expect(findings.map((f) => f.address)).toEqual([`${type}.${name}`]);
        }
      }
    }
  });
});

describe("the created key's policy", () => {
  let json: Record<string, TerraformJson>;
  beforeAll(() => {
    const app = synthesize({ config: config({ mode: "customer", createKey: true }), stacks: [...STACKS] });
    json = Object.fromEntries(STACKS.map((id) => [id, app.json(id)]));
  });
  const policy = (id: string) =>
    (
      (json[id] as TerraformJson).data.aws_iam_policy_document["encryption_key-policy"]
        .statement as TerraformJson[]
    ).map((s) => [
      s.sid,
      s.principals[0].identifiers[0],
      s.actions,
      s.condition?.map((c: TerraformJson) => `${c.variable}=${c.values.join(",")}`),
    ]);
  const account = ["AccountAdministersKey", `arn:aws:iam::${ACCOUNT}:root`, ["kms:*"], undefined];
  const alarms = [
    "CloudWatchAlarmsEncrypt",
    "cloudwatch.amazonaws.com",
    ["kms:Decrypt", "kms:GenerateDataKey*"],
    [`aws:SourceAccount=${ACCOUNT}`, `aws:SourceArn=arn:aws:cloudwatch:us-east-1:${ACCOUNT}:alarm:*`],
  ];
  const logs = (name: string) => [
    expect.stringMatching(/^LogsEncrypt/),
    "logs.us-east-1.amazonaws.com",
    ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    [`kms:EncryptionContext:aws:logs:arn=arn:aws:logs:us-east-1:${ACCOUNT}:log-group:${name}`],
  ];
  const ruleDlq = (sid: string, rule: string) => [
    sid,
    "events.amazonaws.com",
    ["kms:Decrypt", "kms:GenerateDataKey"],
    [`aws:SourceArn=arn:aws:events:us-east-1:${ACCOUNT}:rule/${rule}`],
  ];

  test("rds-autotag: CloudTrail for this trail, EventBridge for its rule, CloudWatch Logs per group, alarms", () => {
    const trail = `aws:SourceArn=arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/integ-dev-management-events`;
    expect(policy("rds-autotag")).toEqual([
      account,
      [
        "TrailEncryptsLogs",
        "cloudtrail.amazonaws.com",
        ["kms:GenerateDataKey*"],
        [trail, `kms:EncryptionContext:aws:cloudtrail:arn=arn:aws:cloudtrail:*:${ACCOUNT}:trail/*`],
      ],
      ["TrailDescribesKey", "cloudtrail.amazonaws.com", ["kms:DescribeKey"], [trail]],
      ["TrailDecryptsBucketKey", "cloudtrail.amazonaws.com", ["kms:Decrypt"], [trail]],
      // The alarm topic is created with the first alarm, before the rule's DLQ.
      alarms,
      ruleDlq("SendToRuleDlq", "integ-dev-rds-created"),
      logs("/aws/lambda/integ-dev-rds-autotag"),
    ]);
  });

  test("api-firehose-s3: CloudWatch Logs per group (execution logs by pattern), alarms; Firehose grants itself", () => {
    expect(policy("api-firehose-s3")).toEqual([
      account,
      logs("/aws/kinesisfirehose/integ-dev-records"),
      logs("/aws/apigateway/integ-dev-records-api/v1/access"),
      [
        "LogsEncryptAPIGatewayExecutionLogsV1",
        "logs.us-east-1.amazonaws.com",
        expect.any(Array),
        [
          `kms:EncryptionContext:aws:logs:arn=arn:aws:logs:us-east-1:${ACCOUNT}:log-group:API-Gateway-Execution-Logs_*/v1`,
        ],
      ],
      alarms,
    ]);
    const execution =
      json["api-firehose-s3"]?.data.aws_iam_policy_document["encryption_key-policy"].statement[3];
    expect(execution.condition[0].test).toBe("ArnLike");
  });

  test("event-rule-targets: log groups, vended log delivery, EventBridge per rule (custom bus ARNs), alarms", () => {
    const bus = "integ-dev-event-rule-targets";
    expect(policy("event-rule-targets")).toEqual([
      account,
      alarms,
      logs("/aws/lambda/integ-dev-event-consumer"),
      logs("/aws/vendedlogs/states/integ-dev-event-rule-targets"),
      [
        "LogDeliveryDecrypts",
        "delivery.logs.amazonaws.com",
        ["kms:Decrypt"],
        [`aws:SourceAccount=${ACCOUNT}`, `aws:SourceArn=arn:aws:logs:us-east-1:${ACCOUNT}:*`],
      ],
      ruleDlq("SendToStateMachineRuleDlq", `${bus}/integ-dev-start-state-machine`),
      ruleDlq("SendToLambdaFunctionRuleDlq", `${bus}/integ-dev-start-lambda-function`),
    ]);
  });
});

describe("api-firehose-s3 with an existing bucket", () => {
  test("the stream uses the stack key; the bucket and the role's bucket grant stay on the bucket's own key", () => {
    const bucketKey = KEY.replace("1234abcd", "5678abcd");
    const stack = synthesize({
      config: testConfig({
        stacks: {
          "api-firehose-s3": {
            existingBucketName: "their-records",
            existingBucketKmsKeyArn: bucketKey,
            encryption: { mode: "customer", kmsKeyArn: KEY },
          },
        },
      }),
      stacks: ["api-firehose-s3"],
    }).json("api-firehose-s3");
    expect(storageKeys(stack)).toEqual({
      aws_kinesis_firehose_delivery_stream: [KEY],
      aws_cloudwatch_log_group: [KEY, KEY, KEY],
    });
    expect(roleKeyStatements(stack).map((s) => s.slice(0, 2).concat([s[3]]))).toEqual([
      ["firehose-role_permissions", "EncryptObjectsWithBucketKey", [bucketKey]],
    ]);
  });
});

describe("npm run kms:policy for an existing key", () => {
  const existing = config({ mode: "customer", kmsKeyArn: KEY.replace("123456789012", "111122223333") });
  /** Each stack's statements computed once: the tests only read them. */
  const policyFor = builtOnce((id: StackId) => keyPolicyFor(existing, id));
  test.each(STACKS)("%s: final statements (no Terraform reference), each service and role once", (id) => {
    const statements = policyFor(id as StackId);
    const sids = statements.map((s) => s.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(JSON.stringify(statements)).toContain("111122223333");
    expect(statements.every((s) => s.Condition !== undefined)).toBe(true);
  });

  test("rds-autotag names the trail, the rule, the log group and the function's role", () => {
    expect(policyFor("rds-autotag").map((s) => s.Sid)).toEqual([
      "TrailEncryptsLogs",
      "TrailDescribesKey",
      "TrailDecryptsBucketKey",
      "CloudWatchAlarmsEncrypt",
      "SendToRuleDlq",
      "LogsEncryptAwsLambdaIntegDevRdsAutotag",
      "EncryptFailedEventsIntegDevRdsAutotag",
    ]);
  });
});

describe("a resource's own key next to the stack key", () => {
  test("event-rule-targets stateMachine.kmsKeyArn with a customer key is refused, naming the field", () => {
    expect(() =>
      testConfig({
        stacks: {
          "event-rule-targets": {
            stateMachine: { kmsKeyArn: KEY.replace("1234abcd", "9999abcd") },
            encryption: { mode: "customer", createKey: true },
          },
        },
      }),
    ).toThrow("stacks.event-rule-targets.stateMachine.kmsKeyArn");
  });
});

// The offline terraform plans of these stacks in customer mode (both keys): offline-plans.ts, planned in
// terraform/offline-plan.test.ts with the other offline plans (one Terraform start).
