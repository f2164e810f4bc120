import * as fs from "node:fs";
import * as path from "node:path";
import type { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import type { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { TerraformOutput, type TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { buildApp, synthesizeApp } from "../../stacks/app";
import { assertBaseline, auditApp, auditStack, BaselineError } from "../../stacks/baseline/audit";
import { RULES } from "../../stacks/baseline/rules";
import { suppressBaseline } from "../../stacks/baseline/suppress";
import { STACK_IDS } from "../../stacks/registry";
import { DeadLetterQueue } from "../../stacks/shared/dead-letter-queue";
import { policyDocument } from "../../stacks/shared/policy-document";
import { ServiceRole } from "../../stacks/shared/service-role";
import { testConfig } from "../support/synth";
import { tempDir } from "../support/temp";
import {
  ACCOUNT,
  apiIntegration,
  apiKeyConnection,
  apiMethod,
  apiStage,
  bareBucket,
  basicAuthConnection,
  eventRule,
  eventTarget,
  failureAlarm,
  filesUnder,
  findingsOf,
  fixtureApp,
  fixtureStack,
  identityPolicy,
  KEY_ARN,
  lambdaFunction,
  lambdaPermission,
  QUEUE_ARN,
  ROLE_ARN,
  RULE_ARN,
  RULE_FIXTURES,
  secretVariable,
  stateMachine,
  streamPipe,
  trustRole,
} from "./fixtures";

const REASON = "Fixture stream carries synthetic test data only";

describe("rule fixtures", () => {
  // A rule added to RULES without fixtures fails here.
  test("the table has one entry per rule in RULES, and nothing else", () => {
    const tableIds = RULE_FIXTURES.map((f) => f.ruleId);
    expect(new Set(tableIds).size).toBe(tableIds.length);
    expect([...tableIds].sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  test("rule ids are unique", () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
  });

  describe.each(RULE_FIXTURES)("$ruleId", ({ ruleId, bad, badAddress, good }) => {
    test(`flags the bad fixture at ${badAddress}`, () => {
      const audit = auditStack(fixtureStack(bad));
      const found = audit.findings.filter((f) => f.ruleId === ruleId);
      expect(found.map((f) => f.address)).toEqual([badAddress]);
      for (const finding of found) {
        expect(finding.stack).toBe("fixture");
        expect(finding.problem.trim()).not.toBe("");
        expect(finding.fix.trim()).not.toBe("");
      }
      // The audit table must not call a rule "n/a" in a stack where it found something.
      expect(audit.applicable.has(ruleId)).toBe(true);
    });

    test("passes the good fixture", () => {
      expect(findingsOf(good, ruleId)).toEqual([]);
    });
  });
});

describe("IAM-WILDCARD-ACTION", () => {
  test.each(["*", "s3:*", "s3:Get*"])("flags the wildcard action %s", (action) => {
    const found = findingsOf(
      (s) => identityPolicy(s, [{ sid: "Wild", actions: [action], resources: [QUEUE_ARN] }]),
      "IAM-WILDCARD-ACTION",
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.problem).toContain(action);
  });

  test("allows wildcards in Deny statements", () => {
    const build = (s: TerraformStack) =>
      identityPolicy(s, [
        { sid: "Send", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] },
        { sid: "NeverIam", effect: "Deny", actions: ["iam:*"], resources: ["*"] },
      ]);
    expect(findingsOf(build, "IAM-WILDCARD-ACTION")).toEqual([]);
    expect(findingsOf(build, "IAM-WILDCARD-RESOURCE")).toEqual([]);
  });

  test("checks aws_iam_policy as well as aws_iam_role_policy", () => {
    const found = findingsOf((s) => {
      const doc = new DataAwsIamPolicyDocument(s, "permissions", {
        statement: [{ actions: ["sqs:*"], resources: [QUEUE_ARN] }],
      });
      new IamPolicy(s, "policy", { name: "fixture", policy: doc.json });
    }, "IAM-WILDCARD-ACTION");
    expect(found.map((f) => f.address)).toEqual(["aws_iam_policy.policy"]);
  });

  test("flags wildcards in an aws_iam_role inline_policy document", () => {
    const found = findingsOf((s) => {
      const trust = new DataAwsIamPolicyDocument(s, "trust", {
        statement: [
          {
            actions: ["sts:AssumeRole"],
            principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
          },
        ],
      });
      const doc = new DataAwsIamPolicyDocument(s, "permissions", {
        statement: [{ actions: ["*"], resources: [QUEUE_ARN] }],
      });
      new IamRole(s, "role", {
        name: "fixture",
        assumeRolePolicy: trust.json,
        inlinePolicy: [{ name: "permissions", policy: doc.json }],
      });
    }, "IAM-WILDCARD-ACTION");
    expect(found.map((f) => f.address)).toEqual(["aws_iam_role.role"]);
  });
});

describe("IAM-WILDCARD-RESOURCE", () => {
  test.each(["xray:PutTraceSegments", "logs:CreateLogDelivery"])("allows %s on Resource *", (action) => {
    expect(
      findingsOf(
        (s) => identityPolicy(s, [{ sid: "NoArn", actions: [action], resources: ["*"] }]),
        "IAM-WILDCARD-RESOURCE",
      ),
    ).toEqual([]);
  });

  test("flags logs:PutLogEvents on Resource *: log delivery setup is unscoped, writing events is not", () => {
    const found = findingsOf(
      (s) => identityPolicy(s, [{ sid: "Logs", actions: ["logs:PutLogEvents"], resources: ["*"] }]),
      "IAM-WILDCARD-RESOURCE",
    );
    expect(found).toHaveLength(1);
  });

  test("flags sqs:SendMessage on Resource *, naming only the scoped action", () => {
    const found = findingsOf(
      (s) =>
        identityPolicy(s, [
          { sid: "Mixed", actions: ["xray:PutTraceSegments", "sqs:SendMessage"], resources: ["*"] },
        ]),
      "IAM-WILDCARD-RESOURCE",
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.problem).toContain("sqs:SendMessage");
    expect(found[0]?.problem).not.toContain("xray:PutTraceSegments");
  });
});

describe("IAM-BROAD-MANAGED-POLICY", () => {
  test("flags broad managed_policy_arns on the role itself", () => {
    const found = findingsOf((s) => {
      trustRole(s, "lambda.amazonaws.com").managedPolicyArns = [
        "arn:aws:iam::aws:policy/PowerUserAccess",
        "arn:aws:iam::aws:policy/AmazonS3FullAccess",
      ];
    }, "IAM-BROAD-MANAGED-POLICY");
    expect(found.map((f) => f.address)).toEqual(["aws_iam_role.role", "aws_iam_role.role"]);
  });

  test("flags AWSLambda_FullAccess", () => {
    const found = findingsOf((s) => {
      trustRole(s, "lambda.amazonaws.com").managedPolicyArns = [
        "arn:aws:iam::aws:policy/AWSLambda_FullAccess",
      ];
    }, "IAM-BROAD-MANAGED-POLICY");
    expect(found.map((f) => f.address)).toEqual(["aws_iam_role.role"]);
  });
});

describe("IAM-POLICY-DOCUMENT", () => {
  const opaque = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }],
  });

  test("flags a JSON.stringify policy on aws_sqs_queue_policy", () => {
    const found = findingsOf((s) => {
      const queue = new SqsQueue(s, "queue", { name: "fixture", sqsManagedSseEnabled: true });
      new SqsQueuePolicy(s, "policy", { queueUrl: queue.url, policy: opaque });
    }, "IAM-POLICY-DOCUMENT");
    expect(found.map((f) => f.address)).toEqual(["aws_sqs_queue_policy.policy"]);
  });

  test("flags a JSON trust policy and a JSON inline_policy on aws_iam_role", () => {
    const found = findingsOf((s) => {
      new IamRole(s, "role", {
        name: "fixture",
        assumeRolePolicy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } },
          ],
        }),
        inlinePolicy: [{ name: "permissions", policy: opaque }],
      });
    }, "IAM-POLICY-DOCUMENT");
    expect(found.map((f) => f.problem)).toEqual([
      "assume_role_policy is not an aws_iam_policy_document",
      "an inline_policy is not an aws_iam_policy_document",
    ]);
  });

  test("flags a policy document that merges opaque JSON through source_policy_documents", () => {
    const build = (s: TerraformStack) => {
      const doc = new DataAwsIamPolicyDocument(s, "permissions", {
        sourcePolicyDocuments: [
          JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
          }),
        ],
      });
      new IamPolicy(s, "policy", { name: "fixture", policy: doc.json });
    };
    const audit = auditStack(fixtureStack(build));
    expect(audit.findings.map((f) => f.ruleId)).toContain("IAM-POLICY-DOCUMENT");
  });
});

describe("TRUST-WILDCARD-PRINCIPAL", () => {
  test('flags a trust policy that lets the AWS principal "*" assume the role', () => {
    const found = findingsOf((s) => {
      const trust = new DataAwsIamPolicyDocument(s, "trust", {
        statement: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: ["*"] }] }],
      });
      new IamRole(s, "role", { name: "fixture", assumeRolePolicy: trust.json });
    }, "TRUST-WILDCARD-PRINCIPAL");
    expect(found.map((f) => f.address)).toEqual(["aws_iam_role.role"]);
  });
});

describe("TRUST-CONFUSED-DEPUTY", () => {
  const GUARDED = [
    "events.amazonaws.com",
    "pipes.amazonaws.com",
    "states.amazonaws.com",
    "scheduler.amazonaws.com",
  ];

  test.each(GUARDED)("flags a role %s may assume without conditions", (service) => {
    const found = findingsOf((s) => trustRole(s, service), "TRUST-CONFUSED-DEPUTY");
    expect(found.map((f) => f.address)).toEqual(["aws_iam_role.role"]);
    expect(found[0]?.problem).toContain(service);
  });

  test.each(GUARDED)("passes a ServiceRole for %s with a source guard", (service) => {
    const found = findingsOf(
      (s) =>
        new ServiceRole(s, "role", {
          name: "fixture",
          description: "fixture",
          service,
          guard: { sourceArns: [RULE_ARN], sourceAccount: ACCOUNT },
          statements: [{ sid: "Send", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] }],
        }),
      "TRUST-CONFUSED-DEPUTY",
    );
    expect(found).toEqual([]);
  });

  test("accepts aws:SourceAccount alone", () => {
    const found = findingsOf(
      (s) =>
        trustRole(s, "pipes.amazonaws.com", [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
        ]),
      "TRUST-CONFUSED-DEPUTY",
    );
    expect(found).toEqual([]);
  });

  test("flags a condition on an unrelated key", () => {
    const found = findingsOf(
      (s) =>
        trustRole(s, "states.amazonaws.com", [
          { test: "StringEquals", variable: "aws:PrincipalTag/team", values: ["integrations"] },
        ]),
      "TRUST-CONFUSED-DEPUTY",
    );
    expect(found).toHaveLength(1);
  });

  test("does not require conditions for apigateway.amazonaws.com (they would break AssumeRole)", () => {
    const found = findingsOf(
      (s) =>
        new ServiceRole(s, "role", {
          name: "fixture",
          description: "API Gateway sends to the queue",
          service: "apigateway.amazonaws.com",
          guard: { none: "service sets no condition keys on AssumeRole" },
          statements: [{ sid: "Send", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] }],
        }),
      "TRUST-CONFUSED-DEPUTY",
    );
    expect(found).toEqual([]);
  });

  test("does not require conditions for lambda.amazonaws.com", () => {
    expect(findingsOf((s) => trustRole(s, "lambda.amazonaws.com"), "TRUST-CONFUSED-DEPUTY")).toEqual([]);
  });
});

describe("TRUST-FIREHOSE-EXTERNAL-ID", () => {
  test("flags aws:SourceAccount without sts:ExternalId", () => {
    const found = findingsOf(
      (s) =>
        trustRole(s, "firehose.amazonaws.com", [
          { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
        ]),
      "TRUST-FIREHOSE-EXTERNAL-ID",
    );
    expect(found.map((f) => f.address)).toEqual(["aws_iam_role.role"]);
  });

  test("ignores roles for other services", () => {
    expect(findingsOf((s) => trustRole(s, "lambda.amazonaws.com"), "TRUST-FIREHOSE-EXTERNAL-ID")).toEqual([]);
  });
});

describe("ENC-FIREHOSE", () => {
  test("a Kinesis-stream source needs no delivery-stream SSE (the stream is encrypted)", () => {
    const found = findingsOf(
      (s) =>
        new KinesisFirehoseDeliveryStream(s, "firehose", {
          name: "fixture",
          destination: "extended_s3",
          kinesisSourceConfiguration: {
            kinesisStreamArn: new KinesisStream(s, "stream", {
              name: "fixture",
              shardCount: 1,
              encryptionType: "KMS",
              kmsKeyId: KEY_ARN,
            }).arn,
            roleArn: ROLE_ARN,
          },
          extendedS3Configuration: { roleArn: ROLE_ARN, bucketArn: "arn:aws:s3:::fixture-bucket" },
        }),
      "ENC-FIREHOSE",
    );
    expect(found).toEqual([]);
  });
});

describe("DLV-EVENT-DLQ-POLICY", () => {
  test("flags a DLQ whose queue policy admits a different rule", () => {
    const found = findingsOf((s) => {
      const rule = eventRule(s, "rule");
      const other = eventRule(s, "other");
      const dlq = new DeadLetterQueue(s, "dlq", {
        name: "fixture-dlq",
        sender: { service: "events.amazonaws.com", sourceArns: [other.arn] },
      });
      eventTarget(s, rule, dlq.arn);
    }, "DLV-EVENT-DLQ-POLICY");
    expect(found.map((f) => f.address)).toEqual(["aws_cloudwatch_event_target.target"]);
    expect(found[0]?.problem).toContain("aws_cloudwatch_event_rule.rule");
  });

  test("flags a DLQ whose queue policy admits another service", () => {
    const found = findingsOf((s) => {
      const rule = eventRule(s);
      const dlq = new DeadLetterQueue(s, "dlq", {
        name: "fixture-dlq",
        sender: { service: "sns.amazonaws.com", sourceArns: [rule.arn] },
      });
      eventTarget(s, rule, dlq.arn);
    }, "DLV-EVENT-DLQ-POLICY");
    expect(found).toHaveLength(1);
  });

  test("flags a DLQ that is not in the stack, since its policy cannot be checked", () => {
    const found = findingsOf((s) => eventTarget(s, eventRule(s), QUEUE_ARN), "DLV-EVENT-DLQ-POLICY");
    expect(found.map((f) => f.address)).toEqual(["aws_cloudwatch_event_target.target"]);
  });

  test("leaves targets without a DLQ to DLV-EVENT-TARGET", () => {
    const build = (s: TerraformStack) => eventTarget(s, eventRule(s));
    expect(findingsOf(build, "DLV-EVENT-DLQ-POLICY")).toEqual([]);
    expect(findingsOf(build, "DLV-EVENT-TARGET")).toHaveLength(1);
  });
});

describe("DLV-PIPE-STREAM", () => {
  const dlq = (s: TerraformStack) => new DeadLetterQueue(s, "dlq", { name: "fixture-dlq" }).arn;

  test("flags infinite retries (maximum_retry_attempts = -1)", () => {
    const found = findingsOf(
      (s) =>
        streamPipe(s, { deadLetterArn: dlq(s), maximumRetryAttempts: -1, maximumRecordAgeInSeconds: 3600 }),
      "DLV-PIPE-STREAM",
    );
    expect(found).toHaveLength(1);
    expect(found[0]?.problem).toContain("maximum_retry_attempts");
  });

  test("flags infinite record age (maximum_record_age_in_seconds = -1)", () => {
    const found = findingsOf(
      (s) => streamPipe(s, { deadLetterArn: dlq(s), maximumRetryAttempts: 3, maximumRecordAgeInSeconds: -1 }),
      "DLV-PIPE-STREAM",
    );
    expect(found[0]?.problem).toContain("maximum_record_age_in_seconds");
  });

  test("flags bounded retries without a DLQ", () => {
    const found = findingsOf(
      (s) => streamPipe(s, { maximumRetryAttempts: 3, maximumRecordAgeInSeconds: 3600 }),
      "DLV-PIPE-STREAM",
    );
    expect(found[0]?.problem).toContain("dead-letter queue");
  });
});

describe("DLV-LAMBDA-ASYNC", () => {
  test("does not apply to a function without an asynchronous invoker", () => {
    expect(findingsOf((s) => lambdaFunction(s), "DLV-LAMBDA-ASYNC")).toEqual([]);
  });

  test("does not apply to a function API Gateway invokes (synchronously)", () => {
    const found = findingsOf(
      (s) => lambdaPermission(s, lambdaFunction(s), "apigateway.amazonaws.com", RULE_ARN),
      "DLV-LAMBDA-ASYNC",
    );
    expect(found).toEqual([]);
  });

  test.each(["s3.amazonaws.com", "sns.amazonaws.com"])("applies to a function %s invokes", (principal) => {
    const found = findingsOf(
      (s) => lambdaPermission(s, lambdaFunction(s), principal, RULE_ARN),
      "DLV-LAMBDA-ASYNC",
    );
    expect(found.map((f) => f.address)).toEqual(["aws_lambda_function.fn"]);
  });

  test("flags an invoke config without an on-failure destination", () => {
    const found = findingsOf((s) => {
      const fn = lambdaFunction(s);
      lambdaPermission(s, fn, "events.amazonaws.com", RULE_ARN);
      new LambdaFunctionEventInvokeConfig(s, "invoke-config", {
        functionName: fn.functionName,
        maximumRetryAttempts: 2,
        maximumEventAgeInSeconds: 3600,
      });
    }, "DLV-LAMBDA-ASYNC");
    expect(found).toHaveLength(1);
  });
});

describe("MON-FAILURE-ALARM", () => {
  const ruleFindings = (build: Parameters<typeof findingsOf>[0]) =>
    findingsOf(build, "MON-FAILURE-ALARM").map((f) => f.address);

  test("an alarm naming the rule literally counts, as a hand-written one would", () => {
    expect(
      ruleFindings((s) => {
        eventRule(s);
        failureAlarm(s, "AWS/Events", "FailedInvocations", { RuleName: "fixture-rule" });
      }),
    ).toEqual([]);
  });

  test.each([
    ["another metric of the rule", "AWS/Events", "Invocations", { RuleName: "fixture-rule" }],
    [
      "the right metric in another namespace",
      "AWS/Lambda",
      "FailedInvocations",
      { RuleName: "fixture-rule" },
    ],
    ["another rule", "AWS/Events", "FailedInvocations", { RuleName: "someone-elses-rule" }],
    // On the default bus the metric has RuleName only: this alarm watches a metric that never exists.
    [
      "an extra EventBusName dimension on a default-bus rule",
      "AWS/Events",
      "FailedInvocations",
      { RuleName: "fixture-rule", EventBusName: "default" },
    ],
  ])("an alarm on %s does not count", (_, namespace, metric, dimensions) => {
    expect(
      ruleFindings((s) => {
        eventRule(s);
        failureAlarm(s, namespace, metric, dimensions);
      }),
    ).toEqual(["aws_cloudwatch_event_rule.rule"]);
  });

  test("a rule on a custom bus needs EventBusName as well as RuleName (AWS's dimensions there)", () => {
    const onBus = (
      dimensions: (bus: CloudwatchEventBus, rule: CloudwatchEventRule) => Record<string, string>,
    ) =>
      ruleFindings((s) => {
        const bus = new CloudwatchEventBus(s, "bus", { name: "fixture-bus" });
        const rule = new CloudwatchEventRule(s, "rule", {
          name: "fixture-rule",
          eventBusName: bus.name,
          eventPattern: JSON.stringify({ source: ["com.example"] }),
        });
        failureAlarm(s, "AWS/Events", "FailedInvocations", dimensions(bus, rule));
      });
    expect(onBus((_, rule) => ({ RuleName: rule.name }))).toEqual(["aws_cloudwatch_event_rule.rule"]);
    expect(onBus((bus, rule) => ({ RuleName: rule.name, EventBusName: bus.name }))).toEqual([]);
    expect(onBus((_, rule) => ({ RuleName: rule.name, EventBusName: "fixture-bus" }))).toEqual([]);
  });

  test("an API stage needs both ApiName and Stage to point at it", () => {
    const withAlarm = (
      dimensions: (api: ApiGatewayRestApi, stage: ApiGatewayStage) => Record<string, string>,
    ) =>
      ruleFindings((s) => {
        const { api, stage } = apiStage(s);
        failureAlarm(s, "AWS/ApiGateway", "5XXError", dimensions(api, stage));
      });
    expect(withAlarm((_, stage) => ({ Stage: stage.stageName }))).toEqual(["aws_api_gateway_stage.stage"]);
    expect(withAlarm((api) => ({ ApiName: api.name, Stage: "v2" }))).toEqual(["aws_api_gateway_stage.stage"]);
    expect(withAlarm((api, stage) => ({ ApiName: api.name, Stage: stage.stageName }))).toEqual([]);
    expect(withAlarm(() => ({ ApiName: "fixture", Stage: "v1" }))).toEqual([]);
  });

  test("a state machine is named by its ARN: a reference or a literal ARN ending in its name", () => {
    const withArn = (arn: (machine: SfnStateMachine) => string) =>
      ruleFindings((s) => {
        stateMachine(s);
        const machine = s.node.findChild("machine") as SfnStateMachine;
        failureAlarm(s, "AWS/States", "ExecutionsFailed", { StateMachineArn: arn(machine) });
      });
    expect(withArn((m) => m.arn)).toEqual([]);
    expect(withArn(() => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:fixture`)).toEqual([]);
    expect(withArn(() => `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:fixture-other`)).toEqual([
      "aws_sfn_state_machine.machine",
    ]);
  });

  test("pipes are watched by PipeName, as a stack with plain aws_cloudwatch_metric_alarm resources writes it", () => {
    const pipe = (metric: string) =>
      ruleFindings((s) => {
        streamPipe(s, {});
        failureAlarm(s, "AWS/EventBridge/Pipes", metric, { PipeName: "fixture" });
      });
    expect(pipe("ExecutionFailed")).toEqual([]);
    expect(pipe("TargetStageFailed")).toEqual([]);
    expect(pipe("EventCount")).toEqual(["aws_pipes_pipe.pipe"]);
  });

  test("a trail is watched through its bucket's request metrics (BucketName and FilterId)", () => {
    const trail = (dimensions: (bucket: string) => Record<string, string>) =>
      ruleFindings((s) => {
        const bucket = bareBucket(s);
        new Cloudtrail(s, "trail", { name: "fixture", s3BucketName: bucket.bucket });
        failureAlarm(s, "AWS/S3", "4xxErrors", dimensions(bucket.bucket));
      });
    expect(trail(() => ({ BucketName: "someone-elses-bucket", FilterId: "logs" }))).toEqual([
      "aws_cloudtrail.trail",
    ]);
    // Request metrics only exist per metrics configuration: without FilterId the alarm watches nothing.
    expect(trail((bucket) => ({ BucketName: bucket }))).toEqual(["aws_cloudtrail.trail"]);
    expect(trail((bucket) => ({ BucketName: bucket, FilterId: "logs" }))).toEqual([]);
  });

  test("each unwatched resource is its own finding, naming the metric and the toolkit function", () => {
    const found = findingsOf((s) => {
      lambdaFunction(s);
      stateMachine(s);
      new KinesisStream(s, "stream", {
        name: "fixture",
        encryptionType: "KMS",
        kmsKeyId: "alias/aws/kinesis",
      });
    }, "MON-FAILURE-ALARM");
    expect(found.map((f) => f.address)).toEqual([
      "aws_lambda_function.fn",
      "aws_sfn_state_machine.machine",
      "aws_kinesis_stream.stream",
    ]);
    expect(found[0]?.problem).toContain("AWS/Lambda Errors with FunctionName");
    expect(found[0]?.fix).toContain("watchFunction");
  });
});

describe("logging and invocation edges", () => {
  test("LOG-API-ACCESS flags a non-JSON (CLF) access log format", () => {
    const found = findingsOf(
      (s) => apiStage(s, "$context.identity.sourceIp [$context.requestTime]"),
      "LOG-API-ACCESS",
    );
    expect(found.map((f) => f.address)).toEqual(["aws_api_gateway_stage.stage"]);
  });

  test("LOG-SFN flags logging level OFF", () => {
    const found = findingsOf((s) => stateMachine(s, { encrypted: true, logLevel: "OFF" }), "LOG-SFN");
    expect(found).toHaveLength(1);
  });

  test("INV-API-AUTH accepts AWS_IAM authorization without an API key", () => {
    expect(findingsOf((s) => apiMethod(s, { authorization: "AWS_IAM" }), "INV-API-AUTH")).toEqual([]);
  });

  test("INV-API-PASSTHROUGH ignores integrations without mapping templates", () => {
    const found = findingsOf((s) => apiIntegration(s, { templates: false }), "INV-API-PASSTHROUGH");
    expect(found).toEqual([]);
  });
});

describe("SEC-NO-LITERALS", () => {
  test("accepts an API key taken from ${var.momento_api_key}", () => {
    const found = findingsOf(
      (s) => apiKeyConnection(s, secretVariable(s, "momento_api_key").stringValue),
      "SEC-NO-LITERALS",
    );
    expect(found).toEqual([]);
  });

  test("flags a literal auth_parameters.api_key.value on aws_cloudwatch_event_connection", () => {
    const found = findingsOf((s) => apiKeyConnection(s, "momento-literal-api-key"), "SEC-NO-LITERALS");
    expect(found.map((f) => f.address)).toEqual(["aws_cloudwatch_event_connection.connection"]);
  });

  test("flags an AWS access key id anywhere in the stack", () => {
    const found = findingsOf((s) => {
      new TerraformOutput(s, "leak", { value: "AKIAIOSFODNN7EXAMPLE" });
    }, "SEC-NO-LITERALS");
    expect(found.map((f) => f.address)).toEqual(["(stack)"]);
    expect(found[0]?.problem).toContain("AWS access key id");
  });

  test("flags literal access_key and secret_key on a provider", () => {
    const found = findingsOf((s) => {
      new AwsProvider(s, "aws-with-keys", {
        alias: "keys",
        region: "us-east-1",
        accessKey: "not-a-real-key",
        secretKey: "not-a-real-secret",
      });
    }, "SEC-NO-LITERALS");
    expect(found.map((f) => f.address)).toEqual(["provider.aws", "provider.aws"]);
    expect(found.map((f) => f.problem)).toEqual([
      expect.stringMatching(/access_key is a literal value$/),
      expect.stringMatching(/secret_key is a literal value$/),
    ]);
  });

  test("flags a private key anywhere in the stack", () => {
    const found = findingsOf((s) => {
      new TerraformOutput(s, "leak", { value: "-----BEGIN RSA PRIVATE KEY-----\nMIIB..." });
    }, "SEC-NO-LITERALS");
    expect(found.map((f) => f.problem)).toEqual(["a private key appears in the stack"]);
  });
});

describe("SEC-SENSITIVE-VARIABLES", () => {
  test("flags a variable that is not sensitive", () => {
    const found = findingsOf(
      (s) =>
        basicAuthConnection(s, secretVariable(s, "connection_password", { sensitive: false }).stringValue),
      "SEC-SENSITIVE-VARIABLES",
    );
    expect(found.map((f) => f.address)).toEqual(["variable.connection_password"]);
    expect(found[0]?.problem).toContain("not sensitive");
  });

  test("flags a sensitive variable with a default", () => {
    const found = findingsOf(
      (s) =>
        basicAuthConnection(
          s,
          secretVariable(s, "connection_password", { sensitive: true, default: "changeme-changeme" })
            .stringValue,
        ),
      "SEC-SENSITIVE-VARIABLES",
    );
    expect(found.map((f) => f.address)).toEqual(["variable.connection_password"]);
    expect(found[0]?.problem).toContain("given a default");
  });

  test("flags a non-sensitive variable used as auth_parameters.api_key.value", () => {
    const found = findingsOf(
      (s) => apiKeyConnection(s, secretVariable(s, "momento_api_key", { sensitive: false }).stringValue),
      "SEC-SENSITIVE-VARIABLES",
    );
    expect(found.map((f) => f.address)).toEqual(["variable.momento_api_key"]);
  });
});

describe("suppressions", () => {
  // Unencrypted (ENC-KINESIS) but watched (MON-FAILURE-ALARM): exactly one finding to suppress.
  const plainStream = (s: TerraformStack) => {
    const stream = new KinesisStream(s, "stream", { name: "fixture", shardCount: 1 });
    failureAlarm(s, "AWS/Kinesis", "WriteProvisionedThroughputExceeded", { StreamName: stream.name });
    return stream;
  };

  test("a suppression with a reason moves the finding from findings to suppressed", () => {
    const audit = auditStack(fixtureStack((s) => suppressBaseline(plainStream(s), "ENC-KINESIS", REASON)));
    expect(audit.findings.filter((f) => f.ruleId === "ENC-KINESIS")).toEqual([]);
    expect(audit.suppressed).toEqual([
      expect.objectContaining({
        stack: "fixture",
        address: "aws_kinesis_stream.stream",
        ruleId: "ENC-KINESIS",
        reason: REASON,
      }),
    ]);
    expect(audit.suppressionProblems).toEqual([]);
  });

  test("a suppression finds resources nested in constructs by their synthesized address", () => {
    const audit = auditStack(
      fixtureStack((s) => {
        const queue = new SqsQueue(new Construct(s, "wrapper"), "queue", { name: "fixture" });
        suppressBaseline(queue, "ENC-SQS", "Fixture queue holds no data at all, ever");
      }),
    );
    expect(audit.findings.filter((f) => f.ruleId === "ENC-SQS")).toEqual([]);
    expect(audit.suppressed.map((f) => f.address)).toEqual([
      expect.stringMatching(/^aws_sqs_queue\.wrapper_queue_/),
    ]);
    expect(audit.suppressionProblems).toEqual([]);
  });

  test("a suppression only hides its own rule on its own resource", () => {
    const audit = auditStack(
      fixtureStack((s) => {
        suppressBaseline(plainStream(s), "ENC-KINESIS", REASON);
        new SqsQueue(s, "queue", { name: "fixture" });
      }),
    );
    expect(audit.findings.map((f) => `${f.ruleId} ${f.address}`)).toEqual(["ENC-SQS aws_sqs_queue.queue"]);
  });

  test("a reason shorter than 20 characters is a suppression problem", () => {
    const audit = auditStack(
      fixtureStack((s) => suppressBaseline(plainStream(s), "ENC-KINESIS", "test only")),
    );
    expect(audit.suppressionProblems).toEqual([
      "fixture aws_kinesis_stream.stream [ENC-KINESIS] suppression needs a reason of at least 20 characters",
    ]);
  });

  test("a suppression of an unknown rule id is a suppression problem", () => {
    const audit = auditStack(fixtureStack((s) => suppressBaseline(plainStream(s), "ENC-KINESYS", REASON)));
    expect(audit.suppressionProblems).toEqual([
      "fixture aws_kinesis_stream.stream [ENC-KINESYS] suppresses an unknown rule",
    ]);
    // A typo in the rule id must not hide the real finding.
    expect(audit.findings.map((f) => f.ruleId)).toContain("ENC-KINESIS");
  });

  test("a suppression that hides nothing is a suppression problem", () => {
    const audit = auditStack(
      fixtureStack((s) => {
        const stream = new KinesisStream(s, "stream", {
          name: "fixture",
          shardCount: 1,
          encryptionType: "KMS",
          kmsKeyId: "alias/aws/kinesis",
        });
        suppressBaseline(stream, "ENC-KINESIS", REASON);
      }),
    );
    expect(audit.suppressionProblems).toEqual([
      "fixture aws_kinesis_stream.stream [ENC-KINESIS] suppression hides no finding: remove it",
    ]);
    expect(audit.suppressed).toEqual([]);
  });

  test("suppressed findings alone do not fail assertBaseline", () => {
    const app = fixtureApp();
    fixtureStack((s) => suppressBaseline(plainStream(s), "ENC-KINESIS", REASON), app);
    expect(assertBaseline(app).flatMap((a) => a.suppressed.map((f) => f.ruleId))).toEqual(["ENC-KINESIS"]);
  });

  test("suppression problems alone fail assertBaseline", () => {
    const app = fixtureApp();
    fixtureStack((s) => suppressBaseline(plainStream(s), "ENC-KINESIS", "short"), app);
    expect(() => assertBaseline(app)).toThrow(/suppression needs a reason/);
  });
});

describe("reporting", () => {
  const twoBadStacks = (outdir?: string) => {
    const app = fixtureApp(outdir);
    fixtureStack((s) => new KinesisStream(s, "stream", { name: "fixture", shardCount: 1 }), app, "alpha");
    fixtureStack((s) => new SqsQueue(s, "queue", { name: "fixture" }), app, "beta");
    return app;
  };

  test("assertBaseline reports every finding of every stack, one line each", () => {
    const app = twoBadStacks();
    let error: unknown;
    try {
      assertBaseline(app);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BaselineError);
    const message = (error as BaselineError).message;
    const findings = (error as BaselineError).audits.flatMap((a) => a.findings);
    expect(new Set(findings.map((f) => f.stack))).toEqual(new Set(["alpha", "beta"]));
    // Built by hand, not with formatFinding, so a change of format is caught.
    for (const f of findings)
      expect(message).toContain(`\n  ${f.stack} ${f.address} [${f.ruleId}] ${f.problem}. Fix: ${f.fix}`);
    const lines = message.split("\n").filter((line) => line.startsWith("  "));
    expect(lines).toHaveLength(findings.length);
    expect(message).toContain(`${findings.length} findings`);
    expect(message).toContain(
      "  alpha aws_kinesis_stream.stream [ENC-KINESIS] the stream is not encrypted with KMS. Fix: set encryption_type",
    );
    expect(message).toContain(
      "  beta aws_sqs_queue.queue [ENC-SQS] server-side encryption is not set. Fix: set sqs_managed_sse_enabled = true",
    );
  });

  test("synthesizeApp writes nothing when a stack breaks the baseline", () => {
    const outdir = tempDir("baseline-synth");
    expect(() => synthesizeApp(twoBadStacks(outdir))).toThrow(BaselineError);
    // App's constructor already made the empty outdir/stacks folder: no file may appear in it.
    expect(filesUnder(outdir)).toEqual([]);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(false);
  });

  // Control for the test above: the same path does write when the baseline holds.
  test("synthesizeApp writes the manifest when every stack passes", () => {
    const outdir = tempDir("baseline-synth");
    const app = fixtureApp(outdir);
    fixtureStack(() => undefined, app, "clean");
    synthesizeApp(app);
    expect(fs.existsSync(path.join(outdir, "manifest.json"))).toBe(true);
  });
});

describe("real stacks", () => {
  // Both tests only read the audit of the shipped configuration: built and audited once.
  let audits: ReturnType<typeof auditApp>;
  beforeAll(() => {
    audits = auditApp(buildApp(testConfig(), { outdir: tempDir("baseline-real") }));
  });

  test("pass the baseline, with a reason for every suppression", () => {
    expect(audits.map((a) => a.stack)).toEqual([...STACK_IDS]);
    for (const audit of audits) {
      expect({ stack: audit.stack, findings: audit.findings }).toEqual({ stack: audit.stack, findings: [] });
      expect({ stack: audit.stack, problems: audit.suppressionProblems }).toEqual({
        stack: audit.stack,
        problems: [],
      });
      for (const s of audit.suppressed) expect(s.reason.trim().length).toBeGreaterThanOrEqual(20);
    }
  });

  test("a trust rule is n/a where no role trusts the services it is about, not pass", () => {
    const applies = (ruleId: string) => audits.filter((a) => a.applicable.has(ruleId)).map((a) => a.stack);
    expect(applies("TRUST-FIREHOSE-EXTERNAL-ID")).toEqual(["api-firehose-s3"]);
    expect(applies("TRUST-CONFUSED-DEPUTY")).toEqual([
      "ec2-state-to-kinesis",
      "dynamodb-pipes-momento",
      "event-rule-targets",
    ]);
  });
});

describe("tightened checks", () => {
  test.each(["null", "[]", '"text"'])(
    "LOG-API-ACCESS rejects an access log format of %s (not a JSON object)",
    (format) => {
      const found = findingsOf((s) => apiStage(s, format), "LOG-API-ACCESS");
      expect(found.map((f) => f.address)).toEqual(["aws_api_gateway_stage.stage"]);
    },
  );

  test("S3-TLS-ONLY needs the deny to cover s3:* for every principal, not one action", () => {
    const found = findingsOf((s) => {
      const bucket = bareBucket(s);
      const narrow = policyDocument(s, "narrow", [
        {
          sid: "DenyInsecureGet",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:GetObject"],
          resources: [`${bucket.arn}/*`],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ]);
      new S3BucketPolicy(s, "policy", { bucket: bucket.id, policy: narrow.json });
    }, "S3-TLS-ONLY");
    expect(found.map((f) => f.address)).toEqual(["aws_s3_bucket.bucket"]);
  });
});

describe("SEC-SENSITIVE-VARIABLES and validation blocks", () => {
  test("a credential variable with a validation block is flagged: a failing validation prints the value", () => {
    const found = findingsOf((s) => {
      const key = secretVariable(s, "momento_api_key");
      key.addValidation({ condition: "${length(var.momento_api_key) > 10}", errorMessage: "too short" });
      apiKeyConnection(s, key.stringValue);
    }, "SEC-SENSITIVE-VARIABLES");
    expect(found).toEqual([
      expect.objectContaining({
        address: "variable.momento_api_key",
        problem: expect.stringContaining("has a validation block"),
      }),
    ]);
  });
});
