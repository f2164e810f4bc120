import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { PipesPipe } from "@cdktf/provider-aws/lib/pipes-pipe";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import type { TerraformStack } from "cdktf";
import {
  goodServiceRole,
  identityPolicy,
  KEY_ARN,
  QUEUE_ARN,
  ROLE_ARN,
  type RuleFixture,
  TABLE_STREAM_ARN,
} from "./fixtures";

// Fixtures of the AWS-limits rules (stacks/baseline/rules/limits.ts), one bad and one good per rule.

/** An EventBridge rule whose pattern lists `count` sources of `length` characters. */
export function patternRule(stack: TerraformStack, count: number, length = 30): CloudwatchEventRule {
  const source = Array.from({ length: count }, (_, i) => `com.example.${"s".repeat(length)}${i}`);
  return new CloudwatchEventRule(stack, "rule", {
    name: "fixture-rule",
    eventPattern: JSON.stringify({ source, "detail-type": ["fixture"] }),
  });
}

/** A pipe with these filter patterns on its DynamoDB stream source. */
export function filteredPipe(stack: TerraformStack, patterns: readonly string[]): void {
  new PipesPipe(stack, "pipe", {
    name: "fixture",
    roleArn: ROLE_ARN,
    source: TABLE_STREAM_ARN,
    target: QUEUE_ARN,
    sourceParameters: {
      filterCriteria: { filter: patterns.map((pattern) => ({ pattern })) },
      dynamodbStreamParameters: { startingPosition: "LATEST" },
    },
  });
}

/** A function whose environment holds one variable of `bytes` characters. */
export function functionWithEnvironment(stack: TerraformStack, bytes: number): void {
  new LambdaFunction(stack, "fn", {
    functionName: "fixture",
    role: ROLE_ARN,
    handler: "index.handler",
    runtime: "nodejs22.x",
    filename: "fixture.zip",
    environment: { variables: { BIG: "x".repeat(bytes) } },
  });
}

export function encryptedStream(stack: TerraformStack, kmsKeyId: string): void {
  new KinesisStream(stack, "stream", {
    name: "fixture",
    encryptionType: "KMS",
    kmsKeyId,
    streamModeDetails: { streamMode: "ON_DEMAND" },
  });
}

export function alarmNotifying(stack: TerraformStack, topicArn: string): void {
  new CloudwatchMetricAlarm(stack, "alarm", {
    alarmName: "fixture",
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    statistic: "Maximum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    alarmActions: [topicArn],
  });
}

/** A state machine whose role is a ServiceRole; `ordered` makes it depend on the role's policy. */
export function machineWithRole(stack: TerraformStack, ordered: boolean): void {
  const role = goodServiceRole(stack);
  new SfnStateMachine(stack, "machine", {
    name: "fixture",
    roleArn: role.arn,
    definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
    dependsOn: ordered ? [role.policy] : undefined,
  });
}

export const ALIAS_ARN = "arn:aws:kms:us-east-1:123456789012:alias/team-cmk";

export const LIMIT_RULE_FIXTURES: readonly RuleFixture[] = [
  {
    ruleId: "LIM-EVENT-PATTERN-SIZE",
    // 60 sources of about 46 characters: about 2,900 characters.
    bad: (s) => void patternRule(s, 60),
    badAddress: "aws_cloudwatch_event_rule.rule",
    good: (s) => void patternRule(s, 10),
  },
  {
    ruleId: "LIM-LAMBDA-ENV-SIZE",
    bad: (s) => functionWithEnvironment(s, 4100),
    badAddress: "aws_lambda_function.fn",
    good: (s) => functionWithEnvironment(s, 3000),
  },
  {
    ruleId: "LIM-KMS-KEY-ARN",
    bad: (s) => encryptedStream(s, "alias/team-cmk"),
    badAddress: "aws_kinesis_stream.stream",
    good: (s) => encryptedStream(s, KEY_ARN),
  },
  {
    ruleId: "LIM-SAME-REGION",
    bad: (s) => alarmNotifying(s, "arn:aws:sns:eu-west-1:123456789012:ops"),
    badAddress: "aws_cloudwatch_metric_alarm.alarm",
    good: (s) => alarmNotifying(s, "arn:aws:sns:us-east-1:123456789012:ops"),
  },
  {
    ruleId: "LIM-ROLE-POLICIES-FIRST",
    bad: (s) => machineWithRole(s, false),
    badAddress: "aws_sfn_state_machine.machine",
    good: (s) => machineWithRole(s, true),
  },
  {
    ruleId: "LIM-NAMES-AND-RANGES",
    bad: (s) => void new SqsQueue(s, "queue", { name: "q".repeat(81) }),
    badAddress: "aws_sqs_queue.queue",
    good: (s) => void new SqsQueue(s, "queue", { name: "q".repeat(80), messageRetentionSeconds: 1_209_600 }),
  },
];

/** A role policy granting kms:GenerateDataKey on `resource`. */
export function keyGrant(stack: TerraformStack, resource: string): void {
  identityPolicy(stack, [{ sid: "UseKey", actions: ["kms:GenerateDataKey"], resources: [resource] }]);
}
