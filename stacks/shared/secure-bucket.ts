import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import { denyInsecureTransport, type PolicyStatement, policyDocument } from "./policy-document";

export interface SecureBucketProps {
  readonly bucketName: string;
  /** Let `terraform destroy` delete a bucket that still holds objects. @default false */
  readonly forceDestroy?: boolean;
  /** Days before noncurrent object versions are deleted. @default 30 */
  readonly noncurrentVersionExpirationDays?: number;
  /** Extra lifecycle rules (transitions, expiry), beside the ones every bucket gets. */
  readonly lifecycleRules?: readonly S3BucketLifecycleConfigurationRule[];
  /** Extra bucket policy statements (for example a service that writes to it). */
  readonly policyStatements?: (bucketArn: string) => readonly PolicyStatement[];
  /** A KMS key for default encryption; SSE-S3 (AES256) when absent. */
  readonly kmsKeyArn?: string;
  /** `prevent_destroy` on the bucket (pass the stack's `config.protectData`). @default false */
  readonly preventDestroy?: boolean;
}

/**
 * An S3 bucket with every baseline protection: public access blocked, ACLs disabled, versioning,
 * default encryption, a TLS-only policy, and a lifecycle that aborts incomplete multipart uploads
 * and expires old versions.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Depend on it before a service writes to the bucket. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: props.bucketName,
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", {
      bucket,
      rule: { objectOwnership: "BucketOwnerEnforced" },
    });
    const versioning = new S3BucketVersioningA(this, "versioning", {
      bucket,
      versioningConfiguration: { status: "Enabled" },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: props.kmsKeyArn
            ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }
            : { sseAlgorithm: "AES256" },
          bucketKeyEnabled: props.kmsKeyArn ? true : undefined,
        },
      ],
    });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket,
      rule: [
        {
          id: "abort-incomplete-multipart-uploads",
          status: "Enabled",
          filter: [{}],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: [{}],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionExpirationDays ?? 30 }],
        },
        {
          // Once a deleted object's old versions have expired, its delete marker is all that is left: a listing
          // cost that never ends (Terraform's .tflock files leave one per plan and apply). S3 refuses this flag
          // next to Days or Date in one Expiration, hence its own rule.
          // @see https://docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html
          id: "remove-expired-delete-markers",
          status: "Enabled",
          filter: [{}],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
        ...(props.lifecycleRules ?? []),
      ],
      // Lifecycle rules on versions need versioning in place first (AWS's documented ordering).
      dependsOn: [versioning],
    });
    const statements = [denyInsecureTransport("s3", [this.bucket.arn, `${this.bucket.arn}/*`])];
    statements.push(...(props.policyStatements?.(this.bucket.arn) ?? []));
    this.policy = new S3BucketPolicy(this, "policy", {
      bucket,
      policy: policyDocument(this, "policy-document", statements).json,
      // A bucket policy put while the public access block is still being applied can be refused.
      dependsOn: [publicAccess],
    });
  }

  get arn(): string {
    return this.bucket.arn;
  }

  get name(): string {
    return this.bucket.bucket;
  }
}
