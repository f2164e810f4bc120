import { nested, type StackModel, type TerraformJson } from "../model";
import type { Rule, Violation } from "../rule";

/** The stack output that marks customer mode and names the stack's key (StackKey writes it). */
export const KEY_ARN_OUTPUT = "kms_key_arn";

/** Where each storage resource type names its KMS key. */
const KEY_OF: Readonly<Record<string, (config: TerraformJson) => unknown>> = {
  aws_kinesis_stream: (c) => c.kms_key_id,
  aws_sqs_queue: (c) => c.kms_master_key_id,
  aws_s3_bucket_server_side_encryption_configuration: (c) =>
    nested(nested(c.rule)?.apply_server_side_encryption_by_default)?.kms_master_key_id,
  aws_cloudwatch_log_group: (c) => c.kms_key_id,
  aws_dynamodb_table: (c) => nested(c.server_side_encryption)?.kms_key_arn,
  aws_sfn_state_machine: (c) => nested(c.encryption_configuration)?.kms_key_id,
  aws_lambda_function: (c) => c.kms_key_arn,
  aws_kinesis_firehose_delivery_stream: (c) => nested(c.server_side_encryption)?.key_arn,
  aws_cloudwatch_event_connection: (c) => c.kms_key_identifier,
  aws_pipes_pipe: (c) => c.kms_key_identifier,
  aws_cloudtrail: (c) => c.kms_key_id,
  aws_sns_topic: (c) => c.kms_master_key_id,
};

export const STORAGE_TYPES = Object.keys(KEY_OF);

export const customerKeyEverywhere: Rule = {
  id: "ENC-CUSTOMER-KEY",
  title: "With a customer key (encryption mode customer), every storage resource uses that key",
  mirrors:
    "checkov CKV_AWS_158/CKV_AWS_136/CKV_AWS_119 (customer managed key per resource), trivy AVD-AWS-0017/0098/0136, cdk-nag none",
  appliesTo: STORAGE_TYPES,
  check: (model: StackModel) => {
    const key = (model.json.output as TerraformJson | undefined)?.[KEY_ARN_OUTPUT]?.value;
    if (key === undefined) return [];
    return STORAGE_TYPES.flatMap((type) =>
      model.ofType(type).flatMap((block): Violation[] => {
        const used = KEY_OF[type]?.(block.config);
        if (used === key) return [];
        return [
          {
            address: block.address,
            problem: `encryption mode is "customer" but this resource uses ${used === undefined ? "an AWS owned or AWS managed key" : JSON.stringify(used)}, not the stack key ${key}`,
            fix: "give it the stack key (this.kms.arn) and grant its principals through this.kms",
          },
        ];
      }),
    );
  },
};
