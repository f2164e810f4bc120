import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "constructs";
import type { StackKey } from "./stack-key";

/**
 * A log group the stack owns, so its retention is set and it is deleted with the stack. With a customer key,
 * the log group is encrypted with it, and the key policy lets CloudWatch Logs (a service principal, no role)
 * use the key for this log group only, by the encryption context CloudWatch Logs sends.
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
 */
export function managedLogGroup(
  scope: Construct,
  id: string,
  name: string,
  retentionDays: number,
  key?: StackKey,
  /**
   * The name as the key policy matches it, when `name` holds a Terraform reference (an API id): a wildcard
   * pattern such as `API-Gateway-Execution-Logs_*\/prod`, so the statement is final before deploy. @default name
   */
  keyName?: string,
): CloudwatchLogGroup {
  if (key?.arn === undefined)
    return new CloudwatchLogGroup(scope, id, { name, retentionInDays: retentionDays });
  key.allowService({
    sid: `LogsEncrypt${pascalCase(keyName ?? name)}`,
    service: `logs.${key.owner.region}.amazonaws.com`,
    actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
    conditions: [
      {
        test: keyName?.includes("*") ? "ArnLike" : "ArnEquals",
        variable: "kms:EncryptionContext:aws:logs:arn",
        values: [
          `arn:${key.owner.partition}:logs:${key.owner.region}:${key.owner.accountId}:log-group:${keyName ?? name}`,
        ],
      },
    ],
  });
  return new CloudwatchLogGroup(scope, id, { name, retentionInDays: retentionDays, kmsKeyId: key.arn });
}

/** "integ-dev-/aws/vendedlogs/x" → "IntegDevAwsVendedlogsX": a Sid (letters and digits only). */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}
