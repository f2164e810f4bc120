import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import type { IntegrationStack } from "../shared/integration-stack";
import { accountAdministersKey, policyDocument } from "../shared/policy-document";
import { SecureBucket } from "../shared/secure-bucket";
import type { ServiceKeyGrant } from "../shared/stack-key";
import type { RdsAutotagSettings } from "./settings";

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

  constructor(scope: IntegrationStack, id: string, settings: RdsAutotagSettings["trail"]) {
    super(scope, id);
    const stack = scope;
    const trailName = stack.names.name("cloudtrail", "management-events");
    this.trailName = trailName;
    // Built from the name: the trail itself refers to the bucket and key, so it cannot be referenced here.
    const trailArn = stack.arn("cloudtrail", `trail/${trailName}`);
    const fromThisTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };

    const trailGrants = trailKeyGrants(stack, trailArn);
    const keyArn = stack.kms.arn ?? this.trailKey(stack, trailName, trailGrants);
    // The stack key (customer mode) replaces the trail's own key: CloudTrail's grants go into its policy.
    if (stack.kms.customer) for (const grant of trailGrants) stack.kms.allowService(grant);

    const { logExpirationDays, forceDestroy } = settings;
    this.bucket = new SecureBucket(this, "logs", {
      bucketName: stack.bucketName("cloudtrail"),
      preventDestroy: stack.config.protectData,
      // The trail writes log files within minutes: without it a destroy stops at BucketNotEmpty (dev only).
      forceDestroy,
      // With the stack key, the bucket's default encryption is SSE-KMS with it (digest files, which CloudTrail
      // writes with SSE-S3, stay SSE-S3); the trail's own key leaves the default at SSE-S3, as before.
      kmsKeyArn: stack.kms.arn,
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
      kmsKeyId: keyArn,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      // Create calls are write events: skipping reads cuts the trail's volume and cost.
      eventSelector: [{ readWriteType: "WriteOnly", includeManagementEvents: true }],
      dependsOn: [this.bucket.policy],
    });
  }

  /** The trail's own key (aws-managed mode): only CloudTrail, for this trail, may use it. */
  private trailKey(stack: IntegrationStack, trailName: string, grants: readonly ServiceKeyGrant[]): string {
    const keyPolicy = policyDocument(this, "key-policy", [
      accountAdministersKey(stack.partition, stack.accountId),
      ...grants.map((grant) => ({
        sid: grant.sid,
        principals: [{ type: "Service", identifiers: [grant.service] }],
        actions: grant.actions,
        resources: ["*"],
        conditions: grant.conditions,
      })),
    ]);
    const key = new KmsKey(this, "key", {
      description: `Encrypts CloudTrail logs of ${trailName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { name: `alias/${trailName}`, targetKeyId: key.keyId });
    return key.arn;
  }
}

/**
 * What CloudTrail needs of the key that encrypts the trail's log files, for this trail only (aws:SourceArn).
 * With the stack key the bucket uses S3 Bucket Keys, for which CloudTrail also needs kms:Decrypt to create or
 * update the trail.
 * @see https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
 */
function trailKeyGrants(stack: IntegrationStack, trailArn: string): ServiceKeyGrant[] {
  const fromThisTrail = { test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] };
  const service = "cloudtrail.amazonaws.com";
  const grants: ServiceKeyGrant[] = [
    {
      sid: "TrailEncryptsLogs",
      service,
      actions: ["kms:GenerateDataKey*"],
      conditions: [
        fromThisTrail,
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:aws:cloudtrail:arn",
          values: [`arn:${stack.partition}:cloudtrail:*:${stack.accountId}:trail/*`],
        },
      ],
    },
    { sid: "TrailDescribesKey", service, actions: ["kms:DescribeKey"], conditions: [fromThisTrail] },
  ];
  if (stack.kms.customer) {
    grants.push({
      sid: "TrailDecryptsBucketKey",
      service,
      actions: ["kms:Decrypt"],
      conditions: [fromThisTrail],
    });
  }
  return grants;
}
