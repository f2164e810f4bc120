import { keyPolicyFor } from "../../scripts/lib/kms-policy";
import { STORAGE_TYPES } from "../../stacks/baseline/rules/customer-key";
import { statementsOf, synthesize, synthesizedOnce, type TerraformJson, testConfig } from "../support/synth";
import { KEY, MOMENTO as STACK, momentoWithKey as withKey } from "./configs";

// dynamodb-pipes-momento with a customer key: every storage resource on the stack key, each role exactly the
// grants its service documents, the created key's policy only the service principals that act without a role.
const CREATED = "${aws_kms_key.encryption_key.arn}";
const ACCOUNT = "${data.aws_caller_identity.current.account_id}";

/** Where each storage type names its key: the resource's own attribute, read here independently of the rule. */
const KEY_OF: Record<string, (c: TerraformJson) => unknown> = {
  aws_dynamodb_table: (c) =>
    c.server_side_encryption.enabled ? c.server_side_encryption.kms_key_arn : "off",
  aws_cloudwatch_event_connection: (c) => c.kms_key_identifier,
  aws_pipes_pipe: (c) => c.kms_key_identifier,
  aws_sfn_state_machine: (c) =>
    c.encryption_configuration.type === "CUSTOMER_MANAGED_KMS_KEY"
      ? c.encryption_configuration.kms_key_id
      : c.encryption_configuration.type,
  aws_cloudwatch_log_group: (c) => c.kms_key_id,
  aws_sqs_queue: (c) => c.kms_master_key_id ?? (c.sqs_managed_sse_enabled ? "SSE-SQS" : undefined),
  aws_sns_topic: (c) => c.kms_master_key_id,
};

function storageKeys(stack: TerraformJson): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!STORAGE_TYPES.includes(type)) continue;
    for (const [name, config] of Object.entries(byName as TerraformJson))
      keys[`${type}.${name}`] = KEY_OF[type]?.(config) ?? `unread type ${type}`;
  }
  return keys;
}

/** The KMS statements of a role's policy, as [sid, actions, resources, conditions]. */
const kmsGrants = (stack: TerraformJson, role: string) =>
  statementsOf(stack, `${role}_permissions`)
    .filter((s) => s.actions.some((a: string) => a.startsWith("kms:")))
    .map((s) => [
      s.sid,
      s.actions,
      s.resources,
      (s.condition ?? []).map((c: TerraformJson) => `${c.test} ${c.variable} ${c.values.join(",")}`),
    ]);

const pipeArn = `arn:aws:pipes:us-east-1:${ACCOUNT}:pipe/integ-dev-momento-stream`;
const machineArn = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:integ-dev-dynamodb-pipes-momento`;
const queueArn = `arn:aws:sqs:us-east-1:${ACCOUNT}:integ-dev-dynamodb-pipes-momento-dlq`;
const logsArn = `arn:aws:logs:us-east-1:${ACCOUNT}:*`;

/** The stack with an encryption setting, for tests that only read it: each setting once per file. */
const synthesizedWithKey = synthesizedOnce((encryption: Record<string, unknown>) =>
  synthesize({ config: withKey(encryption), stacks: [STACK] }),
);

describe.each([
  ["created key", { mode: "customer", createKey: true }, CREATED],
  ["existing key", { mode: "customer", kmsKeyArn: KEY }, KEY],
])("dynamodb-pipes-momento with a %s", (_name, encryption, key) => {
  let stack: TerraformJson;
  beforeAll(() => {
    stack = synthesizedWithKey(encryption).json(STACK);
  });

  test("every storage resource, by type, uses the stack key", () => {
    expect(storageKeys(stack)).toEqual({
      "aws_dynamodb_table.table": key,
      "aws_cloudwatch_event_connection.connection": key,
      "aws_pipes_pipe.pipe": key,
      "aws_sfn_state_machine.workflow": key,
      "aws_cloudwatch_log_group.pipe-logs": key,
      "aws_cloudwatch_log_group.workflow-logs": key,
      "aws_sqs_queue.pipe-dlq_queue": key,
    });
    expect(stack.resource.aws_sfn_state_machine.workflow.encryption_configuration).toEqual({
      type: "CUSTOMER_MANAGED_KMS_KEY",
      kms_key_id: key,
      kms_data_key_reuse_period_seconds: 300,
    });
    expect(stack.output.kms_key_arn.value).toBe(key);
  });

  test("the pipe's role: the table stream through DynamoDB, its own key, the workflow, the DLQ; nothing else", () => {
    expect(kmsGrants(stack, "pipe-role")).toEqual([
      [
        "DecryptTableStream",
        ["kms:Decrypt"],
        [key],
        [
          "StringEquals kms:ViaService dynamodb.us-east-1.amazonaws.com",
          "StringEquals kms:EncryptionContext:aws:dynamodb:tableName integ-dev-weather",
        ],
      ],
      ["DescribePipeKey", ["kms:DescribeKey"], [key], []],
      [
        "UsePipeKey",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [key],
        [`ArnEquals kms:EncryptionContext:aws:pipes:arn ${pipeArn}`],
      ],
      [
        "UsePipeKeyAsInExamplePolicy",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [key],
        [`ArnEquals kms:EncryptionContext:aws:pipe:arn ${pipeArn}`],
      ],
      [
        "RunEncryptedWorkflow",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [key],
        [`StringEquals kms:EncryptionContext:aws:states:stateMachineArn ${machineArn}`],
      ],
      [
        "EncryptFailedRecords",
        ["kms:GenerateDataKey", "kms:Decrypt"],
        [key],
        [
          "StringEquals kms:ViaService sqs.us-east-1.amazonaws.com",
          `ArnEquals kms:EncryptionContext:aws:sqs:arn ${queueArn}`,
        ],
      ],
    ]);
  });

  test("the workflow's role: its executions, the connection's secret through Secrets Manager, the DLQ, its logs", () => {
    expect(kmsGrants(stack, "workflow-role")).toEqual([
      [
        "UseStateMachineKey",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [key],
        [`StringEquals kms:EncryptionContext:aws:states:stateMachineArn ${machineArn}`],
      ],
      [
        "DecryptConnectionSecret",
        ["kms:Decrypt"],
        [key],
        [
          "StringEquals kms:ViaService secretsmanager.us-east-1.amazonaws.com",
          `StringLike kms:EncryptionContext:SecretARN arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:events!connection/integ-dev-momento/*`,
        ],
      ],
      [
        "EncryptRejectedRecords",
        ["kms:GenerateDataKey", "kms:Decrypt"],
        [key],
        [
          "StringEquals kms:ViaService sqs.us-east-1.amazonaws.com",
          `ArnEquals kms:EncryptionContext:aws:sqs:arn ${queueArn}`,
        ],
      ],
      [
        "EncryptDeliveredLogs",
        ["kms:GenerateDataKey"],
        [key],
        [`StringEquals kms:EncryptionContext:SourceArn ${logsArn}`],
      ],
    ]);
  });

  test("no other role exists that could need the key", () => {
    expect(Object.keys(stack.resource.aws_iam_role).sort()).toEqual(["pipe-role_role", "workflow-role_role"]);
  });
});

describe("the created key", () => {
  let stack: TerraformJson;
  beforeAll(() => {
    stack = synthesizedWithKey({ mode: "customer", createKey: true }).json(STACK);
  });

  test("carries the tag EventBridge requires before it encrypts a connection's secret with it", () => {
    expect(stack.resource.aws_kms_key.encryption_key.tags).toEqual({ EventBridgeApiDestinations: "true" });
  });

  test("its policy: the account, CloudWatch Logs for each log group, Step Functions' log delivery; nothing else", () => {
    expect(
      statementsOf(stack, "encryption_key-policy").map((s) => [
        s.sid,
        s.principals[0].identifiers,
        s.actions,
        (s.condition ?? []).map((c: TerraformJson) => `${c.test} ${c.variable} ${c.values.join(",")}`),
      ]),
    ).toEqual([
      ["AccountAdministersKey", [`arn:aws:iam::${ACCOUNT}:root`], ["kms:*"], []],
      ...["pipes/integ-dev-dynamodb-pipes-momento", "states/integ-dev-dynamodb-pipes-momento"].map(
        (group) => [
          expect.stringMatching(/^LogsEncryptAwsVendedlogs/),
          ["logs.us-east-1.amazonaws.com"],
          ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          [
            `ArnEquals kms:EncryptionContext:aws:logs:arn arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/vendedlogs/${group}`,
          ],
        ],
      ),
      [
        "LogDeliveryDecrypts",
        ["delivery.logs.amazonaws.com"],
        ["kms:Decrypt"],
        [`StringEquals aws:SourceAccount ${ACCOUNT}`, `ArnLike aws:SourceArn ${logsArn}`],
      ],
    ]);
  });

  test("with logging OFF, log delivery gets nothing; with execution data, pipe log delivery is added", () => {
    const sids = (logging: Record<string, unknown>) => {
      const json = synthesize({
        config: withKey({ mode: "customer", createKey: true }, { logging }),
        stacks: [STACK],
      }).json(STACK);
      return {
        key: statementsOf(json, "encryption_key-policy").map((s) => s.sid),
        pipe: kmsGrants(json, "pipe-role").map((g) => g[0]),
        workflow: kmsGrants(json, "workflow-role").map((g) => g[0]),
      };
    };
    const off = sids({ level: "OFF" });
    expect(off.key).not.toContain("LogDeliveryDecrypts");
    expect(off.workflow).not.toContain("EncryptDeliveredLogs");
    const data = sids({ level: "ERROR", includeExecutionData: true });
    expect(data.key).toContain("PipeLogDeliveryEncrypts");
    expect(data.pipe).toContain("EncryptPipeLogs");
  });
});

describe("npm run kms:policy -- dynamodb-pipes-momento (existing key)", () => {
  test("prints the service principals, then each role's grants (workflow, pipe), with names resolved", () => {
    const config = testConfig({
      accountId: "111122223333",
      stacks: {
        [STACK]: { encryption: { mode: "customer", kmsKeyArn: KEY.replace("123456789012", "111122223333") } },
      },
    });
    const statements = keyPolicyFor(config, STACK);
    expect(statements.map((s) => [s.Sid, Object.values(s.Principal)[0]])).toEqual([
      ["LogsEncryptAwsVendedlogsPipesIntegDevDynamodbPipesMomento", ["logs.us-east-1.amazonaws.com"]],
      ["LogsEncryptAwsVendedlogsStatesIntegDevDynamodbPipesMomento", ["logs.us-east-1.amazonaws.com"]],
      ["LogDeliveryDecrypts", ["delivery.logs.amazonaws.com"]],
      ...[
        "UseStateMachineKey",
        "DecryptConnectionSecret",
        "EncryptRejectedRecords",
        "EncryptDeliveredLogs",
      ].map((sid) => [
        `${sid}IntegDevDynamodbPipesMomentoSfn`,
        ["arn:aws:iam::111122223333:role/integ-dev-dynamodb-pipes-momento-sfn"],
      ]),
      ...[
        "DecryptTableStream",
        "DescribePipeKey",
        "UsePipeKey",
        "UsePipeKeyAsInExamplePolicy",
        "RunEncryptedWorkflow",
        "EncryptFailedRecords",
      ].map((sid) => [
        `${sid}IntegDevDynamodbPipesMomento`,
        ["arn:aws:iam::111122223333:role/integ-dev-dynamodb-pipes-momento"],
      ]),
    ]);
    expect(statements.find((s) => s.Sid === "UsePipeKeyIntegDevDynamodbPipesMomento")?.Condition).toEqual({
      ArnEquals: {
        "kms:EncryptionContext:aws:pipes:arn": [
          "arn:aws:pipes:us-east-1:111122223333:pipe/integ-dev-momento-stream",
        ],
      },
    });
    expect(JSON.stringify(statements)).not.toContain("${");
  });
});

// The offline terraform plans of the stack in customer mode (both keys): offline-plans.ts, planned in
// terraform/offline-plan.test.ts with the other offline plans (one Terraform start).
