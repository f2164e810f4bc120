import { nested, type StackModel } from "../model";
import { type Rule, type Violation, violationUnless } from "../rule";

function each(
  model: StackModel,
  type: string,
  problem: (config: Record<string, unknown>) => string | undefined,
  fix: string,
) {
  return model.ofType(type).flatMap((block): Violation[] => {
    const found = problem(block.config);
    return found ? [{ address: block.address, problem: found, fix }] : [];
  });
}

export const kinesisEncrypted: Rule = {
  id: "ENC-KINESIS",
  title: "Kinesis streams are encrypted with KMS",
  mirrors: "checkov CKV_AWS_43, trivy AVD-AWS-0064, cdk-nag AwsSolutions-KDS1",
  appliesTo: ["aws_kinesis_stream"],
  check: (model) =>
    each(
      model,
      "aws_kinesis_stream",
      (c) =>
        c.encryption_type === "KMS" && c.kms_key_id ? undefined : "the stream is not encrypted with KMS",
      'set encryption_type = "KMS" and kms_key_id (alias/aws/kinesis or a customer managed key)',
    ),
};

export const sqsEncrypted: Rule = {
  id: "ENC-SQS",
  title: "SQS queues turn server-side encryption on explicitly",
  mirrors: "checkov CKV_AWS_27, trivy AVD-AWS-0096, cdk-nag AwsSolutions-SQS2",
  appliesTo: ["aws_sqs_queue"],
  check: (model) =>
    each(
      model,
      "aws_sqs_queue",
      (c) =>
        c.sqs_managed_sse_enabled === true || c.kms_master_key_id
          ? undefined
          : "server-side encryption is not set",
      "set sqs_managed_sse_enabled = true (or kms_master_key_id with a key the senders may use)",
    ),
};

export const s3Encrypted: Rule = {
  id: "ENC-S3",
  title: "S3 buckets have a default encryption configuration",
  mirrors:
    "checkov CKV_AWS_19/CKV_AWS_145, trivy AVD-AWS-0088, cdk-nag none (S3 encrypts by default; the rule makes it explicit)",
  appliesTo: ["aws_s3_bucket"],
  check: (model) =>
    model.ofType("aws_s3_bucket").flatMap((bucket): Violation[] => {
      const configs = model.referencing(
        "aws_s3_bucket_server_side_encryption_configuration",
        "bucket",
        bucket,
        ["id", "bucket"],
      );
      const ok = configs.some(
        (c) => nested(nested(c.config.rule)?.apply_server_side_encryption_by_default)?.sse_algorithm,
      );
      return violationUnless(ok, {
        address: bucket.address,
        problem: "no aws_s3_bucket_server_side_encryption_configuration with a default algorithm",
        fix: "use SecureBucket (stacks/shared/secure-bucket.ts)",
      });
    }),
};

export const firehoseEncrypted: Rule = {
  id: "ENC-FIREHOSE",
  title: "Firehose Direct PUT delivery streams have server-side encryption on",
  mirrors: "checkov CKV_AWS_240, trivy none, cdk-nag AwsSolutions-KDF1",
  appliesTo: ["aws_kinesis_firehose_delivery_stream"],
  check: (model) =>
    each(
      model,
      "aws_kinesis_firehose_delivery_stream",
      (c) => {
        // A Kinesis-stream source is encrypted by its stream; Direct PUT needs SSE on the delivery stream.
        if (nested(c.kinesis_source_configuration)) return undefined;
        return nested(c.server_side_encryption)?.enabled === true
          ? undefined
          : "Direct PUT without server-side encryption";
      },
      "set server_side_encryption { enabled = true }",
    ),
};

export const dynamodbProtected: Rule = {
  id: "ENC-DYNAMODB",
  title: "DynamoDB tables have point-in-time recovery and KMS server-side encryption on",
  mirrors:
    "checkov CKV_AWS_28 (PITR)/CKV_AWS_119 (KMS), trivy AVD-AWS-0024/AVD-AWS-0025, cdk-nag AwsSolutions-DDB3",
  appliesTo: ["aws_dynamodb_table"],
  check: (model) =>
    each(
      model,
      "aws_dynamodb_table",
      (c) => {
        const missing = [
          nested(c.point_in_time_recovery)?.enabled === true ? undefined : "point-in-time recovery",
          nested(c.server_side_encryption)?.enabled === true ? undefined : "KMS server-side encryption",
        ].filter(Boolean);
        return missing.length ? `${missing.join(" and ")} not enabled` : undefined;
      },
      "set point_in_time_recovery { enabled = true } and server_side_encryption { enabled = true }",
    ),
};

export const stateMachineEncrypted: Rule = {
  id: "ENC-SFN",
  title: "Step Functions state machines declare their encryption configuration",
  mirrors: "checkov none, trivy none, cdk-nag none (Step Functions encryption at rest)",
  appliesTo: ["aws_sfn_state_machine"],
  check: (model) =>
    each(
      model,
      "aws_sfn_state_machine",
      (c) => (nested(c.encryption_configuration)?.type ? undefined : "no encryption_configuration"),
      'set encryption_configuration { type = "AWS_OWNED_KEY" } or a customer managed key',
    ),
};

export const cloudtrailHardened: Rule = {
  id: "ENC-CLOUDTRAIL",
  title: "Trails are KMS-encrypted, validate log files and cover every region",
  mirrors:
    "checkov CKV_AWS_35/CKV_AWS_36/CKV_AWS_67, trivy AVD-AWS-0015/AVD-AWS-0016/AVD-AWS-0014, cdk-nag HIPAA.Security-CloudTrailEncryptionEnabled",
  appliesTo: ["aws_cloudtrail"],
  check: (model) =>
    each(
      model,
      "aws_cloudtrail",
      (c) => {
        const missing = [
          c.kms_key_id ? undefined : "KMS encryption",
          c.enable_log_file_validation === true ? undefined : "log file validation",
          c.is_multi_region_trail === true ? undefined : "multi-region",
        ].filter(Boolean);
        return missing.length ? `missing ${missing.join(", ")}` : undefined;
      },
      "set kms_key_id, enable_log_file_validation = true and is_multi_region_trail = true",
    ),
};
