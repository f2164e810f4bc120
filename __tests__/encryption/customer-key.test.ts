import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { TerraformOutput } from "cdktf";
import { STORAGE_TYPES } from "../../stacks/baseline/rules/customer-key";
import { CUSTOMER_KEY_STACKS } from "../../stacks/config/stack-settings";
import { STACK_IDS } from "../../stacks/registry";
import { findingsOf } from "../baseline/fixtures";
import { statementsOf, synthesize, type TerraformJson, testConfig } from "../support/synth";
import { KEY, EC2_AND_STATE_BACKEND as STACKS, ec2AndStateBackendWithKey as withKey } from "./configs";

const CREATED = "${aws_kms_key.encryption_key.arn}";

/** Every storage resource of a stack, with the key it names (the attribute the baseline reads). */
function storageKeys(stack: TerraformJson): Record<string, unknown> {
  const keys: Record<string, unknown> = {};
  const read: Record<string, (c: TerraformJson) => unknown> = {
    aws_kinesis_stream: (c) => c.kms_key_id,
    aws_sqs_queue: (c) => c.kms_master_key_id ?? (c.sqs_managed_sse_enabled ? "SSE-SQS" : undefined),
    aws_s3_bucket_server_side_encryption_configuration: (c) =>
      c.rule[0].apply_server_side_encryption_by_default.kms_master_key_id,
  };
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    if (!STORAGE_TYPES.includes(type)) continue;
    for (const [name, config] of Object.entries(byName as TerraformJson)) {
      keys[`${type}.${name}`] = read[type]?.(config) ?? `unread type ${type}`;
    }
  }
  return keys;
}

describe("encryption settings", () => {
  const problem = (overrides: Record<string, unknown>) => {
    try {
      testConfig(overrides);
    } catch (error) {
      return (error as Error).message;
    }
    return "no error";
  };

  test.each([
    [{ mode: "customer", kmsKeyArn: "alias/my-key" }, 'kmsKeyArn = "alias/my-key": a KMS key ARN'],
    [
      { mode: "customer", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:alias/my-key" },
      "not an alias or alias ARN",
    ],
    [
      { mode: "customer", kmsKeyArn: KEY.replace("us-east-1", "eu-west-1") },
      "a key in us-east-1, the stack's region",
    ],
    [{ mode: "customer", kmsKeyArn: KEY.replace("arn:aws:", "arn:aws-cn:") }, "a key in partition aws"],
    [{ mode: "customer", kmsKeyArn: KEY, createKey: true }, "not together with createKey: true"],
    [{ mode: "customer", createKey: true, deletionWindowDays: 6 }, "deletionWindowDays = 6"],
    [{ mode: "customer", createKey: true, deletionWindowDays: 31 }, "deletionWindowDays = 31"],
    [{ mode: "customer" }, 'kmsKeyArn = (missing): required with mode "customer"'],
    [{ mode: "custom" }, 'encryption.mode = "custom"'],
    [{ kmsKeyArn: KEY }, "encryption.mode = (missing): required"],
    [{ mode: "aws-managed", createKey: true }, 'createKey = true: only used with mode "customer"'],
    [{ mode: "customer", createKey: true, typo: 1 }, "encryption.typo = 1: unknown setting"],
  ])("%j is refused, naming the field and the fix", (encryption, message) => {
    expect(problem({ stacks: { "ec2-state-to-kinesis": { encryption } } })).toContain(message);
  });

  test("the common setting applies to every stack, and every stack accepts a customer key", () => {
    const config = testConfig({ encryption: { mode: "customer", kmsKeyArn: KEY } });
    expect(Object.values(config.encryption)).toEqual(
      STACK_IDS.map(() => ({ mode: "customer", kmsKeyArn: KEY })),
    );
    expect([...CUSTOMER_KEY_STACKS].sort()).toEqual([...STACK_IDS].sort());
  });

  test("a stack override replaces the common setting", () => {
    const config = testConfig({
      encryption: { mode: "customer", kmsKeyArn: KEY },
      stacks: Object.fromEntries(
        ["rds-autotag", "api-firehose-s3", "dynamodb-pipes-momento", "event-rule-targets"].map((id) => [
          id,
          { encryption: { mode: "aws-managed" } },
        ]),
      ),
    });
    expect(config.encryption["ec2-state-to-kinesis"]).toEqual({ mode: "customer", kmsKeyArn: KEY });
    expect(config.encryption["rds-autotag"]).toEqual({ mode: "aws-managed" });
  });

  test("a resource's own key next to the stack key is refused, with which to remove", () => {
    expect(
      problem({
        stacks: {
          "ec2-state-to-kinesis": {
            kmsKeyId: KEY.replace("1234abcd", "9999abcd"),
            encryption: { mode: "customer", createKey: true },
          },
        },
      }),
    ).toContain("stacks.ec2-state-to-kinesis.kmsKeyId");
  });
});

describe.each([
  ["created key", { mode: "customer", createKey: true, deletionWindowDays: 7 }, CREATED],
  ["existing key", { mode: "customer", kmsKeyArn: KEY }, KEY],
])("customer mode with a %s", (_name, encryption, key) => {
  let ec2: TerraformJson;
  let state: TerraformJson;

  beforeAll(() => {
    const app = synthesize({ config: testConfig(withKey(encryption)), stacks: [...STACKS] });
    ec2 = app.json("ec2-state-to-kinesis");
    state = app.json("state-backend");
  });

  test("every storage resource uses the stack key", () => {
    expect(storageKeys(ec2)).toEqual({
      "aws_kinesis_stream.stream": key,
      "aws_sqs_queue.rule-dlq_queue": key,
    });
    expect(storageKeys(state)).toEqual({
      "aws_s3_bucket_server_side_encryption_configuration.state_encryption": key,
    });
    expect(
      state.resource.aws_s3_bucket_server_side_encryption_configuration.state_encryption.rule[0],
    ).toMatchObject({
      bucket_key_enabled: true,
      apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" },
    });
  });

  test("the EventBridge role may only generate data keys with the stack key, through Kinesis", () => {
    const kms = statementsOf(ec2, "target-role_permissions").filter((s) =>
      s.actions.some((a: string) => a.startsWith("kms:")),
    );
    expect(kms).toEqual([
      {
        sid: "EncryptWithStreamKey",
        effect: "Allow",
        actions: ["kms:GenerateDataKey"],
        resources: [key],
        condition: [
          { test: "StringEquals", variable: "kms:ViaService", values: ["kinesis.us-east-1.amazonaws.com"] },
        ],
      },
    ]);
  });

  test("the key ARN is a stack output", () => {
    expect(ec2.output.kms_key_arn.value).toBe(key);
  });
});

describe("a created key", () => {
  let ec2: TerraformJson;
  beforeAll(() => {
    ec2 = synthesize({
      config: testConfig(withKey({ mode: "customer", createKey: true, deletionWindowDays: 7 })),
      stacks: ["ec2-state-to-kinesis"],
    }).json("ec2-state-to-kinesis");
  });

  test("rotates yearly, waits the configured window before deletion, and has the stack's alias", () => {
    expect(ec2.resource.aws_kms_key.encryption_key).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 7,
    });
    expect(ec2.resource.aws_kms_alias.encryption_alias).toMatchObject({
      name: "alias/integ-dev-ec2-state-to-kinesis",
      target_key_id: "${aws_kms_key.encryption_key.key_id}",
    });
  });

  test("its policy: the account's IAM, and EventBridge for this stack's rule only (nothing else)", () => {
    expect(
      statementsOf(ec2, "encryption_key-policy").map((s) => [s.sid, s.principals, s.actions, s.condition]),
    ).toEqual([
      [
        "AccountAdministersKey",
        [{ type: "AWS", identifiers: ["arn:aws:iam::${data.aws_caller_identity.current.account_id}:root"] }],
        ["kms:*"],
        undefined,
      ],
      [
        "SendToRuleDlq",
        [{ type: "Service", identifiers: ["events.amazonaws.com"] }],
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [
          {
            test: "ArnEquals",
            variable: "aws:SourceArn",
            values: [
              "arn:aws:events:us-east-1:${data.aws_caller_identity.current.account_id}:rule/integ-dev-ec2-state-changes",
            ],
          },
        ],
      ],
    ]);
  });
});

describe("the alarm topic (alarmEmail) with a customer key", () => {
  test("uses the stack key instead of a key of its own, and the key policy admits CloudWatch alarms of this account", () => {
    const ec2 = synthesize({
      config: testConfig({
        alarmEmail: "ops@example.com",
        ...withKey({ mode: "customer", createKey: true }),
      }),
      stacks: ["ec2-state-to-kinesis"],
    }).json("ec2-state-to-kinesis");
    expect(Object.keys(ec2.resource.aws_kms_key)).toEqual(["encryption_key"]);
    expect(
      Object.values(ec2.resource.aws_sns_topic).map((t) => (t as TerraformJson).kms_master_key_id),
    ).toEqual([CREATED]);
    const cloudwatch = statementsOf(ec2, "encryption_key-policy").find(
      (s) => s.sid === "CloudWatchAlarmsEncrypt",
    );
    expect(cloudwatch).toMatchObject({
      principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
      actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
    });
    expect(cloudwatch?.condition.map((c: TerraformJson) => c.variable)).toEqual([
      "aws:SourceAccount",
      "aws:SourceArn",
    ]);
  });
});

describe("ENC-CUSTOMER-KEY", () => {
  test("in customer mode, a queue left on SSE-SQS is a finding", () => {
    const findings = findingsOf((stack) => {
      new TerraformOutput(stack, "kms_key_arn", { value: KEY });
      new SqsQueue(stack, "queue", { name: "q", sqsManagedSseEnabled: true });
      new SqsQueue(stack, "good", { name: "g", kmsMasterKeyId: KEY });
    }, "ENC-CUSTOMER-KEY");
    expect(findings.map((f) => f.address)).toEqual(["aws_sqs_queue.queue"]);
  });

  test("in aws-managed mode (no key output) it does not apply", () => {
    expect(
      findingsOf(
        (stack) => new SqsQueue(stack, "queue", { name: "q", sqsManagedSseEnabled: true }),
        "ENC-CUSTOMER-KEY",
      ),
    ).toEqual([]);
  });
});

// The offline terraform plans of these stacks in customer mode (both keys): offline-plans.ts, planned in
// terraform/offline-plan.test.ts with the other offline plans (one Terraform start).
