import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { ProjectConfig } from "../../config/project-config";
import type { IntegrationStack } from "../integration-stack";
import {
  accountAdministersKey,
  denyInsecureTransport,
  type PolicyCondition,
  policyDocument,
} from "../policy-document";

export interface AlarmTopicProps {
  /** Who gets the notifications: an email subscription (AWS sends a confirmation mail first). */
  readonly email: string;
  /**
   * A customer managed KMS key to encrypt the topic with instead of the key this construct creates (the seam
   * for project-wide customer keys). Its key policy must let cloudwatch.amazonaws.com use it, as the created
   * key's does.
   * @default a key created for this topic
   */
  readonly kmsKeyArn?: string;
}

/**
 * The SNS topic alarms notify when the project is given `alarmEmail` and no `alarmTopicArn`: encrypted, and
 * only CloudWatch alarms of this account and region may publish to it.
 *
 * Not `alias/aws/sns`: the AWS managed key's policy cannot be changed, so it cannot admit
 * cloudwatch.amazonaws.com, and CloudWatch then fails to publish, silently. A customer managed key whose policy
 * allows CloudWatch kms:GenerateDataKey* and kms:Decrypt is what AWS documents for alarms.
 * @see https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 */
export class AlarmTopic extends Construct {
  readonly topic: SnsTopic;

  constructor(stack: IntegrationStack, id: string, props: AlarmTopicProps) {
    super(stack, id);
    const name = stack.names.name("snsTopic", `${stack.stackId}-alarms`);
    const fromThisAccountsAlarms: PolicyCondition[] = [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [stack.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [stack.arn("cloudwatch", "alarm:*")] },
    ];
    const cloudwatch = [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }];

    const keyArn = props.kmsKeyArn ?? this.createKey(stack, name, fromThisAccountsAlarms);
    this.topic = new SnsTopic(this, "topic", {
      name,
      displayName: `Alarms of ${stack.stackId}`,
      kmsMasterKeyId: keyArn,
    });
    const policy = policyDocument(this, "policy-document", [
      {
        sid: "CloudWatchAlarmsPublish",
        principals: cloudwatch,
        actions: ["sns:Publish"],
        resources: [this.topic.arn],
        conditions: fromThisAccountsAlarms,
      },
      denyInsecureTransport("sns", [this.topic.arn]),
    ]);
    new SnsTopicPolicy(this, "policy", { arn: this.topic.arn, policy: policy.json });
    // Pending until the recipient confirms; Terraform cannot delete an unconfirmed subscription (AWS removes
    // it after three days).
    new SnsTopicSubscription(this, "email", {
      topicArn: this.topic.arn,
      protocol: "email",
      endpoint: props.email,
    });
  }

  private createKey(stack: IntegrationStack, topicName: string, conditions: PolicyCondition[]): string {
    const keyPolicy = policyDocument(this, "key-policy", [
      accountAdministersKey(stack.partition, stack.accountId),
      {
        sid: "CloudWatchAlarmsEncrypt",
        principals: [{ type: "Service", identifiers: ["cloudwatch.amazonaws.com"] }],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions,
      },
    ]);
    const key = new KmsKey(this, "key", {
      description: `Encrypts the SNS topic ${topicName}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
    });
    new KmsAlias(this, "key-alias", { name: `alias/${topicName}`, targetKeyId: key.keyId });
    return key.arn;
  }

  get arn(): string {
    return this.topic.arn;
  }
}

/**
 * The one line synth prints when alarms exist but notify no one, or undefined when they notify someone.
 */
export function unnotifiedAlarmsWarning(config: ProjectConfig): string | undefined {
  if (config.alarmTopicArn || config.alarmEmail) return undefined;
  return (
    "Warning: alarms notify no one (neither alarmTopicArn nor alarmEmail is set): they only show in CloudWatch. " +
    'Set "alarmTopicArn" to an existing SNS topic, or "alarmEmail" to have each stack create an encrypted one.'
  );
}
