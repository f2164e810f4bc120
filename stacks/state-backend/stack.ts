import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { STATE_BUCKET_SUFFIX } from "../core/naming";
import type { StackProps } from "../core/stack-props";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { SecureBucket } from "../shared/secure-bucket";
import type { StateBackendSettings } from "./settings";

/**
 * What remote state needs: a versioned, encrypted, locked-down S3 bucket that Terraform cannot
 * destroy. Deploy it first with local state, then switch `backend` to `{"type": "s3"}` and migrate
 * (README, "State backend"). Locking uses S3 lock files (`use_lockfile`), so no DynamoDB table.
 */
export class StateBackendStack extends IntegrationStack {
  constructor(scope: Construct, props: StackProps<StateBackendSettings>, options: StackOptions = {}) {
    super(scope, "state-backend", props, options);
    const { settings } = props;
    const state = new SecureBucket(this, "state", {
      bucketName: this.bucketName(STATE_BUCKET_SUFFIX),
      kmsKeyArn: settings.kmsKeyArn ?? this.kms.arn,
      noncurrentVersionExpirationDays: settings.noncurrentVersionExpirationDays,
      // State is the one thing never to lose, in every environment.
      preventDestroy: true,
    });
    new TerraformOutput(this, "bucket_name", {
      value: state.name,
      description: "backend.bucket for every stack",
    });
    new TerraformOutput(this, "bucket_arn", { value: state.arn });
    new TerraformOutput(this, "bucket_region", { value: this.region });
  }
}
