import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { IntegrationStack } from "../shared/integration-stack";
import { accountAdministersKey, policyDocument } from "../shared/policy-document";
import { SecureBucket } from "../shared/secure-bucket";

/**
 * A multi-region trail of management write events (which include RDS create calls), so
 * "AWS API Call via CloudTrail" events reach EventBridge. Logs are KMS-encrypted, validated and
 * kept in a bucket with every baseline protection; only this trail may write to either.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
 */
export class ManagementEventsTrail extends Construct {
  readonly trail: Cloudtrail;
  readonly bucket: SecureBucket;
  /** The trail's name, as configured (a literal, unlike trail.name). */
  readonly trailName: string;
  /** Where CloudTrail writes log and digest files in the bucket. */
  static readonly LOG_PREFIX = "AWSLogs/";

  constructor(scope: IntegrationStack, id: string) {
    super(scope, id);
    const stack = scope;
    const trailName = stack.names.name("cloudtrail", "management-events");
    this.trailName = trailName;
    // Built from the name: the trail itself refers to the bucket and key, so it cannot be referenced here.
    const trailArn = stack.arn("cloudtrail", `trail/${trailName}`);
    const fromThisTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };

    const keyPolicy = policyDocument(this, "key-policy", [
      accountAdministersKey(stack.partition, stack.accountId),
      {
        sid: "TrailEncryptsLogs",
        principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
        actions: ["kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: [
          fromThisTrail,
          {
            test: "StringLike",
            variable: "kms:EncryptionContext:aws:cloudtrail:arn",
            values: [`arn:${stack.partition}:cloudtrail:*:${stack.accountId}:trail/*`],
          },
        ],
      },
      {
        sid: "TrailDescribesKey",
        principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
        actions: ["kms:DescribeKey"],
        resources: ["*"],
        conditions: [fromThisTrail],
      },
    ]);
    const key = new KmsKey(this, "key", {
      description: `Encrypts CloudTrail logs of ${trailName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { name: `alias/${trailName}`, targetKeyId: key.keyId });

    const { logExpirationDays, forceDestroy } = stack.config.stacks["rds-autotag"].trail;
    this.bucket = new SecureBucket(this, "logs", {
      bucketName: stack.bucketName("cloudtrail"),
      preventDestroy: stack.config.protectData,
      // The trail writes log files within minutes: without it a destroy stops at BucketNotEmpty (dev only).
      forceDestroy,
      lifecycleRules:
        logExpirationDays === null
          ? []
          : [
              {
                id: "expire-log-files",
                status: "Enabled",
                filter: [{}],
                expiration: [{ days: logExpirationDays }],
              },
            ],
      policyStatements: (bucketArn) => [
        {
          sid: "TrailChecksBucketAcl",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:GetBucketAcl"],
          resources: [bucketArn],
          conditions: [fromThisTrail],
        },
        {
          sid: "TrailWritesLogs",
          principals: [{ type: "Service", identifiers: ["cloudtrail.amazonaws.com"] }],
          actions: ["s3:PutObject"],
          resources: [`${bucketArn}/${ManagementEventsTrail.LOG_PREFIX}${stack.accountId}/*`],
          conditions: [
            fromThisTrail,
            { test: "StringEquals", variable: "s3:x-amz-acl", values: ["bucket-owner-full-control"] },
          ],
        },
      ],
    });

    this.trail = new Cloudtrail(this, "trail", {
      name: trailName,
      s3BucketName: this.bucket.name,
      kmsKeyId: key.arn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      // Create calls are write events: skipping reads cuts the trail's volume and cost.
      eventSelector: [{ readWriteType: "WriteOnly", includeManagementEvents: true }],
      dependsOn: [this.bucket.policy],
    });
  }
}
