import * as fs from "node:fs";
import * as path from "node:path";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchEventConnection } from "@cdktf/provider-aws/lib/cloudwatch-event-connection";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { PipesPipe } from "@cdktf/provider-aws/lib/pipes-pipe";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { auditStack } from "../../stacks/baseline/audit";
import type { Finding } from "../../stacks/baseline/rule";
import { DeadLetterQueue } from "../../stacks/shared/dead-letter-queue";
import { managedLogGroup } from "../../stacks/shared/log-group";
import { type PolicyStatement, policyDocument } from "../../stacks/shared/policy-document";
import { SecureBucket } from "../../stacks/shared/secure-bucket";
import { ServiceRole } from "../../stacks/shared/service-role";
import { tempDir } from "../support/temp";
import { LIMIT_RULE_FIXTURES } from "./limit-fixtures";

// Literal ARNs for things outside the fixture: the rules only look at the resources listed in a stack.
export const ACCOUNT = "123456789012";
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/fixture`;
export const QUEUE_ARN = `arn:aws:sqs:us-east-1:${ACCOUNT}:orders`;
export const KEY_ARN = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
export const RULE_ARN = `arn:aws:events:us-east-1:${ACCOUNT}:rule/fixture`;
export const TABLE_STREAM_ARN = `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/orders/stream/2024-01-01T00:00:00.000`;
export const BUCKET_ARN = "arn:aws:s3:::fixture-bucket";

/** Every file under `dir` (directories excluded), relative to it. */
export function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

// Apps here never synthesize (auditStack reads toTerraform()), but App creates its outdir.
let fixtureOutdir: string | undefined;

export type Build = (stack: TerraformStack) => void;

export function fixtureApp(outdir?: string): App {
  fixtureOutdir ??= tempDir("baseline-fixtures");
  return new App({ outdir: outdir ?? fixtureOutdir, stackTraces: false });
}

/** A plain stack with only the AWS provider and what `build` adds. */
export function fixtureStack(build: Build, app: App = fixtureApp(), id = "fixture"): TerraformStack {
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, "aws", { region: "us-east-1" });
  build(stack);
  return stack;
}

/** Unsuppressed findings of one rule in a fixture. */
export function findingsOf(build: Build, ruleId: string): Finding[] {
  return auditStack(fixtureStack(build)).findings.filter((f) => f.ruleId === ruleId);
}

/** `aws_iam_role.role` trusted by `service`, with optional trust conditions. */
export function trustRole(
  stack: TerraformStack,
  service: string,
  conditions?: PolicyStatement["conditions"],
): IamRole {
  const trust = policyDocument(stack, "trust", [
    {
      sid: "Assume",
      actions: ["sts:AssumeRole"],
      principals: [{ type: "Service", identifiers: [service] }],
      conditions,
    },
  ]);
  return new IamRole(stack, "role", { name: "fixture", assumeRolePolicy: trust.json });
}

/** `aws_iam_role_policy.policy` with these statements, on a Lambda role (no trust rule applies to it). */
export function identityPolicy(stack: TerraformStack, statements: readonly PolicyStatement[]): void {
  const role = trustRole(stack, "lambda.amazonaws.com");
  new IamRolePolicy(stack, "policy", {
    role: role.id,
    policy: policyDocument(stack, "permissions", statements).json,
  });
}

/** A ServiceRole the way real stacks build one: guarded trust, named actions on named ARNs. */
export function goodServiceRole(stack: TerraformStack, statements?: readonly PolicyStatement[]): ServiceRole {
  return new ServiceRole(stack, "target-role", {
    name: "fixture",
    description: "EventBridge sends to the orders queue",
    service: "events.amazonaws.com",
    guard: { sourceArns: [RULE_ARN], sourceAccount: ACCOUNT },
    statements: statements ?? [{ sid: "SendOrders", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] }],
  });
}

export function bareBucket(stack: TerraformStack): S3Bucket {
  return new S3Bucket(stack, "bucket", { bucket: "fixture-bucket" });
}

export function eventRule(stack: TerraformStack, id = "rule"): CloudwatchEventRule {
  return new CloudwatchEventRule(stack, id, {
    name: `fixture-${id}`,
    eventPattern: JSON.stringify({ source: ["aws.ec2"] }),
  });
}

/** `aws_cloudwatch_event_target.target` on `rule`, with a retry policy and `dlqArn` as its DLQ. */
export function eventTarget(stack: TerraformStack, rule: CloudwatchEventRule, dlqArn?: string): void {
  new CloudwatchEventTarget(stack, "target", {
    rule: rule.name,
    arn: QUEUE_ARN,
    retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 },
    deadLetterConfig: dlqArn ? { arn: dlqArn } : undefined,
  });
}

/** A rule whose target's DLQ admits exactly that rule: what every real event stack does. */
export function goodEventTarget(stack: TerraformStack): void {
  const rule = eventRule(stack);
  const dlq = new DeadLetterQueue(stack, "dlq", {
    name: "fixture-dlq",
    sender: { service: "events.amazonaws.com", sourceArns: [rule.arn] },
  });
  eventTarget(stack, rule, dlq.arn);
}

/** `aws_lambda_function.fn`, optionally logging to a managed group. */
/** `aws_cloudwatch_metric_alarm.alarm` on one metric, written by hand as any Terraform user would. */
export function failureAlarm(
  stack: TerraformStack,
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  id = "alarm",
): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(stack, id, {
    alarmName: `fixture-${id}`,
    namespace,
    metricName,
    dimensions,
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
  });
}

export function lambdaFunction(stack: TerraformStack, logGroup?: CloudwatchLogGroup): LambdaFunction {
  return new LambdaFunction(stack, "fn", {
    functionName: "fixture",
    role: ROLE_ARN,
    handler: "index.handler",
    runtime: "nodejs20.x",
    filename: "fixture.zip",
    loggingConfig: logGroup ? { logFormat: "JSON", logGroup: logGroup.name } : undefined,
  });
}

export function lambdaPermission(
  stack: TerraformStack,
  fn: LambdaFunction,
  principal: string,
  sourceArn: string | undefined,
): void {
  new LambdaPermission(stack, "permission", {
    action: "lambda:InvokeFunction",
    functionName: fn.functionName,
    principal,
    sourceArn,
  });
}

/** `aws_pipes_pipe.pipe` from a DynamoDB stream, with these stream source parameters. */
export function streamPipe(
  stack: TerraformStack,
  stream: { deadLetterArn?: string; maximumRetryAttempts?: number; maximumRecordAgeInSeconds?: number },
  logGroup?: CloudwatchLogGroup,
): void {
  new PipesPipe(stack, "pipe", {
    name: "fixture",
    roleArn: ROLE_ARN,
    source: TABLE_STREAM_ARN,
    target: QUEUE_ARN,
    sourceParameters: {
      dynamodbStreamParameters: {
        startingPosition: "LATEST",
        deadLetterConfig: stream.deadLetterArn ? { arn: stream.deadLetterArn } : undefined,
        maximumRetryAttempts: stream.maximumRetryAttempts,
        maximumRecordAgeInSeconds: stream.maximumRecordAgeInSeconds,
      },
    },
    logConfiguration: logGroup
      ? { level: "ERROR", cloudwatchLogsLogDestination: { logGroupArn: logGroup.arn } }
      : undefined,
  });
}

export function logGroup(stack: TerraformStack): CloudwatchLogGroup {
  return managedLogGroup(stack, "logs", "/fixture", 14);
}

/** `aws_sfn_state_machine.machine` with optional encryption and logging. */
export function stateMachine(
  stack: TerraformStack,
  options: { encrypted?: boolean; logLevel?: string } = {},
): void {
  const group = options.logLevel ? logGroup(stack) : undefined;
  new SfnStateMachine(stack, "machine", {
    name: "fixture",
    roleArn: ROLE_ARN,
    definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
    encryptionConfiguration: options.encrypted ? { type: "AWS_OWNED_KEY" } : undefined,
    loggingConfiguration: group
      ? { level: options.logLevel, logDestination: `${group.arn}:*`, includeExecutionData: false }
      : undefined,
  });
}

/** A REST API with one deployment and `aws_api_gateway_stage.stage` (no access logs unless given). */
export function apiStage(
  stack: TerraformStack,
  accessLogFormat?: string,
): { api: ApiGatewayRestApi; stage: ApiGatewayStage } {
  const api = new ApiGatewayRestApi(stack, "api", { name: "fixture" });
  const deployment = new ApiGatewayDeployment(stack, "deployment", { restApiId: api.id });
  const group = accessLogFormat ? logGroup(stack) : undefined;
  const stage = new ApiGatewayStage(stack, "stage", {
    restApiId: api.id,
    deploymentId: deployment.id,
    stageName: "v1",
    accessLogSettings:
      group && accessLogFormat ? { destinationArn: group.arn, format: accessLogFormat } : undefined,
  });
  return { api, stage };
}

/** `aws_api_gateway_method_settings.settings` for every method of the stage. */
export function methodSettings(
  stack: TerraformStack,
  settings: { throttled?: boolean; dataTrace?: boolean },
): void {
  const { api, stage } = apiStage(stack);
  new ApiGatewayMethodSettings(stack, "settings", {
    restApiId: api.id,
    stageName: stage.stageName,
    methodPath: "*/*",
    settings: {
      throttlingRateLimit: settings.throttled ? 50 : undefined,
      throttlingBurstLimit: settings.throttled ? 100 : undefined,
      dataTraceEnabled: settings.dataTrace ?? false,
    },
  });
}

export function apiMethod(stack: TerraformStack, options: { authorization: string; apiKey?: boolean }): void {
  const api = new ApiGatewayRestApi(stack, "api", { name: "fixture" });
  new ApiGatewayMethod(stack, "method", {
    restApiId: api.id,
    resourceId: api.rootResourceId,
    httpMethod: "POST",
    authorization: options.authorization,
    apiKeyRequired: options.apiKey,
  });
}

/** `aws_api_gateway_integration.integration`, a service proxy to SQS. */
export function apiIntegration(
  stack: TerraformStack,
  options: { templates: boolean; passthroughBehavior?: string },
): void {
  const api = new ApiGatewayRestApi(stack, "api", { name: "fixture" });
  new ApiGatewayIntegration(stack, "integration", {
    restApiId: api.id,
    resourceId: api.rootResourceId,
    httpMethod: "POST",
    type: "AWS",
    integrationHttpMethod: "POST",
    uri: `arn:aws:apigateway:us-east-1:sqs:path/${ACCOUNT}/orders`,
    credentials: ROLE_ARN,
    requestTemplates: options.templates
      ? { "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)" }
      : undefined,
    passthroughBehavior: options.passthroughBehavior,
  });
}

/** A sensitive variable, declared the way every credential must be. */
export function secretVariable(
  stack: TerraformStack,
  name: string,
  options: { sensitive?: boolean; default?: string } = { sensitive: true },
): TerraformVariable {
  return new TerraformVariable(stack, name, {
    type: "string",
    sensitive: options.sensitive,
    default: options.default,
  });
}

/** `aws_cloudwatch_event_connection.connection` with basic auth (its password is a credential). */
export function basicAuthConnection(stack: TerraformStack, password: string): void {
  new CloudwatchEventConnection(stack, "connection", {
    name: "fixture",
    authorizationType: "BASIC",
    authParameters: { basic: { username: "integrations", password } },
  });
}

/** `aws_cloudwatch_event_connection.connection` with an API key (as the Momento connection). */
export function apiKeyConnection(stack: TerraformStack, value: string): void {
  new CloudwatchEventConnection(stack, "connection", {
    name: "fixture",
    authorizationType: "API_KEY",
    authParameters: { apiKey: { key: "Authorization", value } },
  });
}

/** A bucket with every S3 protection but the one `without` names: each S3 rule must see its gap. */
export function bucketWithout(
  stack: TerraformStack,
  without: "public-access" | "tls" | "versioning" | "ownership" | "multipart",
): void {
  const bucket = bareBucket(stack);
  new S3BucketPublicAccessBlock(stack, "public-access", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    // Three of four settings is not enough.
    restrictPublicBuckets: without !== "public-access",
  });
  new S3BucketOwnershipControls(stack, "ownership", {
    bucket: bucket.id,
    rule: { objectOwnership: without === "ownership" ? "BucketOwnerPreferred" : "BucketOwnerEnforced" },
  });
  new S3BucketVersioningA(stack, "versioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: without === "versioning" ? "Suspended" : "Enabled" },
  });
  new S3BucketLifecycleConfiguration(stack, "lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "abort-incomplete-multipart-uploads",
        status: without === "multipart" ? "Disabled" : "Enabled",
        filter: [{}],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
  });
  // Without "tls" the policy still exists, but only grants: no Deny on aws:SecureTransport.
  const statements: PolicyStatement[] =
    without === "tls"
      ? [
          {
            sid: "AllowReader",
            actions: ["s3:GetObject"],
            resources: [`${bucket.arn}/*`],
            principals: [{ type: "AWS", identifiers: [ROLE_ARN] }],
          },
        ]
      : [
          {
            sid: "DenyInsecureTransport",
            effect: "Deny",
            actions: ["s3:*"],
            resources: [bucket.arn, `${bucket.arn}/*`],
            principals: [{ type: "*", identifiers: ["*"] }],
            conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
          },
        ];
  new S3BucketPolicy(stack, "policy", {
    bucket: bucket.id,
    policy: policyDocument(stack, "bucket-policy", statements).json,
  });
}

export function secureBucket(stack: TerraformStack): void {
  new SecureBucket(stack, "bucket", { bucketName: "fixture-bucket" });
}

/** One table entry: a fixture that breaks the rule at `badAddress`, and one that satisfies it. */
export interface RuleFixture {
  readonly ruleId: string;
  readonly bad: Build;
  readonly badAddress: string;
  readonly good: Build;
}

/** One entry per rule in RULES (rules.test.ts fails when a rule has none). */
export const RULE_FIXTURES: readonly RuleFixture[] = [
  // IAM
  {
    ruleId: "IAM-WILDCARD-ACTION",
    bad: (s) => identityPolicy(s, [{ sid: "AllQueue", actions: ["sqs:*"], resources: [QUEUE_ARN] }]),
    badAddress: "aws_iam_role_policy.policy",
    good: (s) => goodServiceRole(s),
  },
  {
    ruleId: "IAM-NOTACTION-ALLOW",
    bad: (s) => {
      const role = trustRole(s, "lambda.amazonaws.com");
      // policyDocument() cannot express NotAction, which is the point; build the data source directly.
      const doc = new DataAwsIamPolicyDocument(s, "permissions", {
        statement: [{ effect: "Allow", notActions: ["iam:*"], resources: [QUEUE_ARN] }],
      });
      new IamRolePolicy(s, "policy", { role: role.id, policy: doc.json });
    },
    badAddress: "aws_iam_role_policy.policy",
    good: (s) => goodServiceRole(s),
  },
  {
    ruleId: "IAM-WILDCARD-RESOURCE",
    bad: (s) => identityPolicy(s, [{ sid: "SendAnywhere", actions: ["sqs:SendMessage"], resources: ["*"] }]),
    badAddress: "aws_iam_role_policy.policy",
    good: (s) =>
      goodServiceRole(s, [
        // These actions support no resource-level permission: "*" is their only correct form.
        { sid: "Traces", actions: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], resources: ["*"] },
        { sid: "LogDelivery", actions: ["logs:CreateLogDelivery", "logs:GetLogDelivery"], resources: ["*"] },
        { sid: "SendOrders", actions: ["sqs:SendMessage"], resources: [QUEUE_ARN] },
      ]),
  },
  {
    ruleId: "IAM-BROAD-MANAGED-POLICY",
    bad: (s) => {
      const role = trustRole(s, "lambda.amazonaws.com");
      new IamRolePolicyAttachment(s, "admin", {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
      });
    },
    badAddress: "aws_iam_role_policy_attachment.admin",
    good: (s) => {
      const role = trustRole(s, "lambda.amazonaws.com");
      new IamRolePolicyAttachment(s, "basic", {
        role: role.name,
        policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      });
    },
  },
  {
    ruleId: "IAM-POLICY-DOCUMENT",
    bad: (s) => {
      const role = trustRole(s, "lambda.amazonaws.com");
      new IamRolePolicy(s, "policy", {
        role: role.id,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: QUEUE_ARN }],
        }),
      });
    },
    badAddress: "aws_iam_role_policy.policy",
    good: (s) => goodServiceRole(s),
  },
  // Trust
  {
    ruleId: "TRUST-WILDCARD-PRINCIPAL",
    bad: (s) => {
      const queue = new SqsQueue(s, "queue", { name: "fixture", sqsManagedSseEnabled: true });
      const doc = policyDocument(s, "queue-policy", [
        {
          sid: "AnyoneSends",
          actions: ["sqs:SendMessage"],
          resources: [queue.arn],
          principals: [{ type: "*", identifiers: ["*"] }],
        },
      ]);
      new SqsQueuePolicy(s, "policy", { queueUrl: queue.url, policy: doc.json });
    },
    badAddress: "aws_sqs_queue_policy.policy",
    // Its TLS statement is a Deny for "*": only Allow statements must name their principal.
    good: (s) => new DeadLetterQueue(s, "dlq", { name: "fixture-dlq" }),
  },
  {
    ruleId: "TRUST-CONFUSED-DEPUTY",
    bad: (s) => trustRole(s, "events.amazonaws.com"),
    badAddress: "aws_iam_role.role",
    good: (s) => goodServiceRole(s),
  },
  {
    ruleId: "TRUST-FIREHOSE-EXTERNAL-ID",
    bad: (s) => trustRole(s, "firehose.amazonaws.com"),
    badAddress: "aws_iam_role.role",
    good: (s) =>
      new ServiceRole(s, "firehose-role", {
        name: "fixture",
        description: "Firehose writes to the bucket",
        service: "firehose.amazonaws.com",
        guard: { externalId: ACCOUNT },
        statements: [{ sid: "PutObjects", actions: ["s3:PutObject"], resources: [`${BUCKET_ARN}/*`] }],
      }),
  },
  // Encryption
  {
    ruleId: "ENC-KINESIS",
    bad: (s) => new KinesisStream(s, "stream", { name: "fixture", shardCount: 1 }),
    badAddress: "aws_kinesis_stream.stream",
    good: (s) =>
      new KinesisStream(s, "stream", {
        name: "fixture",
        shardCount: 1,
        encryptionType: "KMS",
        kmsKeyId: "alias/aws/kinesis",
      }),
  },
  {
    ruleId: "ENC-SQS",
    bad: (s) => new SqsQueue(s, "queue", { name: "fixture" }),
    badAddress: "aws_sqs_queue.queue",
    good: (s) => new DeadLetterQueue(s, "dlq", { name: "fixture-dlq" }),
  },
  {
    ruleId: "ENC-S3",
    bad: (s) => bareBucket(s),
    badAddress: "aws_s3_bucket.bucket",
    good: secureBucket,
  },
  {
    ruleId: "ENC-FIREHOSE",
    bad: (s) =>
      new KinesisFirehoseDeliveryStream(s, "firehose", {
        name: "fixture",
        destination: "extended_s3",
        extendedS3Configuration: { roleArn: ROLE_ARN, bucketArn: BUCKET_ARN },
      }),
    badAddress: "aws_kinesis_firehose_delivery_stream.firehose",
    good: (s) =>
      new KinesisFirehoseDeliveryStream(s, "firehose", {
        name: "fixture",
        destination: "extended_s3",
        extendedS3Configuration: { roleArn: ROLE_ARN, bucketArn: BUCKET_ARN },
        serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" },
      }),
  },
  {
    ruleId: "ENC-DYNAMODB",
    bad: (s) =>
      new DynamodbTable(s, "table", {
        name: "fixture",
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attribute: [{ name: "pk", type: "S" }],
      }),
    badAddress: "aws_dynamodb_table.table",
    good: (s) =>
      new DynamodbTable(s, "table", {
        name: "fixture",
        billingMode: "PAY_PER_REQUEST",
        hashKey: "pk",
        attribute: [{ name: "pk", type: "S" }],
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
      }),
  },
  {
    ruleId: "ENC-SFN",
    bad: (s) => stateMachine(s),
    badAddress: "aws_sfn_state_machine.machine",
    good: (s) => stateMachine(s, { encrypted: true }),
  },
  {
    // Customer mode (the stack outputs its key): a log group left on CloudWatch Logs' own key is a finding.
    ruleId: "ENC-CUSTOMER-KEY",
    bad: (s) => {
      new TerraformOutput(s, "kms_key_arn", { value: KEY_ARN });
      new CloudwatchLogGroup(s, "logs", { name: "fixture", retentionInDays: 30 });
    },
    badAddress: "aws_cloudwatch_log_group.logs",
    good: (s) => {
      new TerraformOutput(s, "kms_key_arn", { value: KEY_ARN });
      new CloudwatchLogGroup(s, "logs", { name: "fixture", retentionInDays: 30, kmsKeyId: KEY_ARN });
    },
  },
  {
    ruleId: "ENC-CLOUDTRAIL",
    bad: (s) => new Cloudtrail(s, "trail", { name: "fixture", s3BucketName: "fixture-trail" }),
    badAddress: "aws_cloudtrail.trail",
    good: (s) =>
      new Cloudtrail(s, "trail", {
        name: "fixture",
        s3BucketName: "fixture-trail",
        kmsKeyId: KEY_ARN,
        enableLogFileValidation: true,
        isMultiRegionTrail: true,
      }),
  },
  // S3: each bad bucket has every protection but one.
  {
    ruleId: "S3-PUBLIC-ACCESS-BLOCK",
    bad: (s) => bucketWithout(s, "public-access"),
    badAddress: "aws_s3_bucket.bucket",
    good: secureBucket,
  },
  {
    ruleId: "S3-TLS-ONLY",
    bad: (s) => bucketWithout(s, "tls"),
    badAddress: "aws_s3_bucket.bucket",
    good: secureBucket,
  },
  {
    ruleId: "S3-VERSIONING",
    bad: (s) => bucketWithout(s, "versioning"),
    badAddress: "aws_s3_bucket.bucket",
    good: secureBucket,
  },
  {
    ruleId: "S3-OWNER-ENFORCED",
    bad: (s) => bucketWithout(s, "ownership"),
    badAddress: "aws_s3_bucket.bucket",
    good: secureBucket,
  },
  {
    ruleId: "S3-ABORT-MULTIPART",
    bad: (s) => bucketWithout(s, "multipart"),
    badAddress: "aws_s3_bucket.bucket",
    good: secureBucket,
  },
  // Delivery
  {
    ruleId: "DLV-EVENT-TARGET",
    bad: (s) => new CloudwatchEventTarget(s, "target", { rule: eventRule(s).name, arn: QUEUE_ARN }),
    badAddress: "aws_cloudwatch_event_target.target",
    good: goodEventTarget,
  },
  {
    ruleId: "DLV-EVENT-DLQ-POLICY",
    // An encrypted queue as DLQ, but no queue policy: EventBridge cannot write to it.
    bad: (s) =>
      eventTarget(
        s,
        eventRule(s),
        new SqsQueue(s, "dlq", { name: "fixture-dlq", sqsManagedSseEnabled: true }).arn,
      ),
    badAddress: "aws_cloudwatch_event_target.target",
    good: goodEventTarget,
  },
  {
    ruleId: "DLV-PIPE-STREAM",
    bad: (s) => streamPipe(s, {}),
    badAddress: "aws_pipes_pipe.pipe",
    good: (s) =>
      streamPipe(s, {
        deadLetterArn: new DeadLetterQueue(s, "dlq", { name: "fixture-dlq" }).arn,
        maximumRetryAttempts: 3,
        maximumRecordAgeInSeconds: 3600,
      }),
  },
  {
    ruleId: "DLV-DLQ-ALARM",
    // A hand-made queue used as a rule's DLQ: policy right, but nobody hears about what lands in it.
    bad: (s) => {
      const rule = eventRule(s);
      const queue = new SqsQueue(s, "dlq", { name: "fixture-dlq", sqsManagedSseEnabled: true });
      eventTarget(s, rule, queue.arn);
    },
    badAddress: "aws_sqs_queue.dlq",
    good: goodEventTarget,
  },
  {
    ruleId: "MON-FAILURE-ALARM",
    // A rule nobody watches: its failed invocations would only show as a metric.
    bad: (s) => eventRule(s),
    badAddress: "aws_cloudwatch_event_rule.rule",
    // A plain alarm, not the toolkit's: the rule recognises alarms by AWS's metric and dimensions.
    good: (s) => failureAlarm(s, "AWS/Events", "FailedInvocations", { RuleName: eventRule(s).name }),
  },
  {
    ruleId: "DLV-LAMBDA-ASYNC",
    bad: (s) => lambdaPermission(s, lambdaFunction(s), "events.amazonaws.com", RULE_ARN),
    badAddress: "aws_lambda_function.fn",
    good: (s) => {
      const fn = lambdaFunction(s);
      lambdaPermission(s, fn, "events.amazonaws.com", RULE_ARN);
      new LambdaFunctionEventInvokeConfig(s, "invoke-config", {
        functionName: fn.functionName,
        maximumRetryAttempts: 2,
        maximumEventAgeInSeconds: 3600,
        destinationConfig: {
          onFailure: { destination: new DeadLetterQueue(s, "dlq", { name: "fixture-dlq" }).arn },
        },
      });
    },
  },
  // Logging
  {
    ruleId: "LOG-RETENTION",
    bad: (s) => new CloudwatchLogGroup(s, "logs", { name: "/fixture" }),
    badAddress: "aws_cloudwatch_log_group.logs",
    good: logGroup,
  },
  {
    ruleId: "LOG-LAMBDA-GROUP",
    bad: (s) => lambdaFunction(s),
    badAddress: "aws_lambda_function.fn",
    good: (s) => lambdaFunction(s, logGroup(s)),
  },
  {
    ruleId: "LOG-API-ACCESS",
    bad: (s) => apiStage(s),
    badAddress: "aws_api_gateway_stage.stage",
    good: (s) => apiStage(s, JSON.stringify({ requestId: "$context.requestId", status: "$context.status" })),
  },
  {
    ruleId: "LOG-SFN",
    bad: (s) => stateMachine(s, { encrypted: true }),
    badAddress: "aws_sfn_state_machine.machine",
    good: (s) => stateMachine(s, { encrypted: true, logLevel: "ERROR" }),
  },
  {
    ruleId: "LOG-PIPE",
    bad: (s) => streamPipe(s, {}),
    badAddress: "aws_pipes_pipe.pipe",
    good: (s) => streamPipe(s, {}, logGroup(s)),
  },
  {
    ruleId: "LOG-API-DATA-TRACE",
    bad: (s) => methodSettings(s, { throttled: true, dataTrace: true }),
    badAddress: "aws_api_gateway_method_settings.settings",
    good: (s) => methodSettings(s, { throttled: true, dataTrace: false }),
  },
  // Invocation
  {
    ruleId: "INV-LAMBDA-SOURCE-ARN",
    bad: (s) => lambdaPermission(s, lambdaFunction(s), "events.amazonaws.com", undefined),
    badAddress: "aws_lambda_permission.permission",
    good: (s) => lambdaPermission(s, lambdaFunction(s), "events.amazonaws.com", eventRule(s).arn),
  },
  {
    ruleId: "INV-API-AUTH",
    bad: (s) => apiMethod(s, { authorization: "NONE" }),
    badAddress: "aws_api_gateway_method.method",
    good: (s) => apiMethod(s, { authorization: "NONE", apiKey: true }),
  },
  {
    ruleId: "INV-API-THROTTLE",
    bad: (s) => methodSettings(s, { throttled: false }),
    badAddress: "aws_api_gateway_stage.stage",
    good: (s) => methodSettings(s, { throttled: true }),
  },
  {
    ruleId: "INV-API-PASSTHROUGH",
    bad: (s) => apiIntegration(s, { templates: true, passthroughBehavior: "WHEN_NO_MATCH" }),
    badAddress: "aws_api_gateway_integration.integration",
    good: (s) => apiIntegration(s, { templates: true, passthroughBehavior: "NEVER" }),
  },
  // Secrets
  {
    ruleId: "SEC-NO-LITERALS",
    bad: (s) => basicAuthConnection(s, "hunter2-but-longer"),
    badAddress: "aws_cloudwatch_event_connection.connection",
    good: (s) => basicAuthConnection(s, secretVariable(s, "connection_password").stringValue),
  },
  {
    ruleId: "SEC-SENSITIVE-VARIABLES",
    bad: (s) => basicAuthConnection(s, secretVariable(s, "connection_password", {}).stringValue),
    badAddress: "variable.connection_password",
    good: (s) => basicAuthConnection(s, secretVariable(s, "connection_password").stringValue),
  },
  // AWS limits: limit-fixtures.ts
  ...LIMIT_RULE_FIXTURES,
];
