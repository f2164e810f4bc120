import type { Checker } from "../core/checks";
import { arnAccount, arnRegion } from "../core/common-settings";
import { DISPOSABLE_ENVIRONMENT, isDisposableEnvironment } from "../core/environments";
import type { BackendConfig } from "./project-config";
import type { StackSettingsMap } from "./stack-settings";

interface Where {
  readonly environment: string;
  readonly region: string;
  readonly accountId?: string;
  readonly backend: BackendConfig;
  readonly alarmTopicArn?: string;
  readonly stacks: StackSettingsMap;
}

/**
 * Checks between settings that AWS would only refuse at apply time (or accept, and then fail at run time).
 * Each one names the setting, the value, the AWS rule and what to change.
 */
export function crossCheck(where: Where, check: Checker): void {
  const { region, stacks } = where;
  // KMS keys are regional: S3, Kinesis and Step Functions refuse (or cannot use) a key of another region.
  // @see https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html
  const keys: [string, string | undefined, string][] = [
    ["stacks.ec2-state-to-kinesis.kmsKeyId", stacks["ec2-state-to-kinesis"].kmsKeyId, region],
    ["stacks.state-backend.kmsKeyArn", stacks["state-backend"].kmsKeyArn, region],
    [
      "stacks.event-rule-targets.stateMachine.kmsKeyArn",
      stacks["event-rule-targets"].stateMachine.kmsKeyArn,
      region,
    ],
    [
      "stacks.api-firehose-s3.existingBucketKmsKeyArn",
      stacks["api-firehose-s3"].existingBucketKmsKeyArn,
      region,
    ],
  ];
  if (where.backend.type === "s3")
    keys.push(["backend.kmsKeyId", where.backend.kmsKeyId, where.backend.region]);
  for (const [field, arn, expected] of keys) {
    const keyRegion = arn === undefined ? undefined : arnRegion(arn);
    if (keyRegion !== undefined && keyRegion !== expected) {
      check.fail(
        field,
        arn,
        `a KMS key in ${expected}: KMS keys are regional and AWS uses a key only in its own region (for a key used in several regions, give the ARN of its replica in ${expected})`,
      );
    }
  }
  // CloudWatch refuses alarm actions in another region ("Invalid region ... specified").
  // @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html
  const topicRegion = where.alarmTopicArn ? arnRegion(where.alarmTopicArn) : undefined;
  if (topicRegion !== undefined && topicRegion !== region) {
    check.fail(
      "alarmTopicArn",
      where.alarmTopicArn,
      `an SNS topic in ${region}: CloudWatch alarms notify topics in their own region only`,
    );
  }
  // EventBridge rules target Kinesis streams of their own account (cross-account targets are event buses only).
  // @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html
  const stream = stacks["ec2-state-to-kinesis"].existingStreamArn;
  if (stream && where.accountId && arnAccount(stream) !== where.accountId) {
    check.fail(
      "stacks.ec2-state-to-kinesis.existingStreamArn",
      stream,
      `a stream of account ${where.accountId}: EventBridge rules cannot put records into another account's stream`,
    );
  }
  refuseForceDestroyOutsideDev(where, check);
}

/** `forceDestroy` deletes every object version with the bucket: a dev convenience, never a production one. */
function refuseForceDestroyOutsideDev(where: Where, check: Checker): void {
  if (isDisposableEnvironment(where.environment)) return;
  const settings: [string, boolean][] = [
    ["stacks.api-firehose-s3.forceDestroy", where.stacks["api-firehose-s3"].forceDestroy],
    ["stacks.rds-autotag.trail.forceDestroy", where.stacks["rds-autotag"].trail.forceDestroy],
  ];
  for (const [field, value] of settings) {
    if (value) {
      check.fail(
        field,
        value,
        `only allowed in environment "${DISPOSABLE_ENVIRONMENT}" (this is "${where.environment}"): it lets terraform destroy delete the bucket with every object version in it. Empty the bucket by hand instead (docs/operations.md, "Destroy a stack or an environment")`,
      );
    }
  }
}
