import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import type { PolicyStatement } from "../shared/policy-document";
import type { LifecycleSettings } from "./settings";

// What the Firehose delivery needs: where objects go, its role's statements and the bucket's lifecycle rules.

/** One Hive-style partition per hour (UTC): Athena and Glue read them as partitions, or project them. */
const HOURLY_PARTITIONS =
  "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

/** Where records land. */
export const RECORDS_PREFIX = `records/${HOURLY_PARTITIONS}`;

/**
 * Records Firehose could not deliver, kept apart from the data so readers of records/ never see them;
 * Firehose requires the error-output-type expression whenever the prefix uses expressions.
 */
export const ERRORS_PREFIX = `errors/!{firehose:error-output-type}/${HOURLY_PARTITIONS}`;

/** Firehose's own name for the log stream of delivery errors (as the console creates it). */
export const DELIVERY_LOG_STREAM = "DestinationDelivery";

/** The objects Firehose writes: everything under the records and errors prefixes' first segment. */
function objectArns(bucketArn: string): string[] {
  return [RECORDS_PREFIX, ERRORS_PREFIX].map((prefix) => `${bucketArn}/${prefix.split("/")[0]}/*`);
}

/** Firehose's standard S3 permissions, on this bucket's two prefixes only, and its delivery error log. */
export function firehoseStatements(bucketArn: string, logStreamArn: string): PolicyStatement[] {
  const objects = objectArns(bucketArn);
  return [
    {
      sid: "LocateBucket",
      actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
      resources: [bucketArn],
    },
    {
      sid: "WriteObjects",
      actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
      resources: objects,
    },
    { sid: "LogDeliveryErrors", actions: ["logs:PutLogEvents"], resources: [logStreamArn] },
  ];
}

/**
 * The existing bucket's customer managed key, usable only by S3 on Firehose's behalf and only for objects
 * under its prefixes (or the bucket itself: with S3 Bucket Keys the encryption context is the bucket ARN).
 * @see https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3
 */
export function bucketKeyStatement(keyArn: string, bucketArn: string, region: string): PolicyStatement {
  return {
    sid: "EncryptObjectsWithBucketKey",
    actions: ["kms:GenerateDataKey", "kms:Decrypt"],
    resources: [keyArn],
    conditions: [
      { test: "StringEquals", variable: "kms:ViaService", values: [`s3.${region}.amazonaws.com`] },
      {
        test: "StringLike",
        variable: "kms:EncryptionContext:aws:s3:arn",
        values: [bucketArn, ...objectArns(bucketArn)],
      },
    ],
  };
}

/**
 * Transition and expiry of delivered objects (current versions; SecureBucket expires old versions). With
 * versioning, expiry leaves a delete marker; S3 removes it once the old version expires, because the
 * configuration expires current versions.
 */
export function lifecycleRules(lifecycle: LifecycleSettings): S3BucketLifecycleConfigurationRule[] {
  const rules: S3BucketLifecycleConfigurationRule[] = [];
  if (lifecycle.transitionDays !== null) {
    rules.push({
      id: "transition-objects",
      status: "Enabled",
      filter: [{}],
      transition: [{ days: lifecycle.transitionDays, storageClass: lifecycle.transitionStorageClass }],
    });
  }
  if (lifecycle.expirationDays !== null) {
    rules.push({
      id: "expire-objects",
      status: "Enabled",
      filter: [{}],
      expiration: [{ days: lifecycle.expirationDays }],
    });
  }
  return rules;
}
