import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicPolicy } from "@cdktf/provider-aws/lib/sns-topic-policy";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { Construct } from "constructs";
import type { CommonSettings } from "../../core/stack-props";
import type { IntegrationStack } from "../integration-stack";
import {
  accountAdministersKey,
  denyInsecureTransport,
  type PolicyCondition,
  policyDocument,
} from "../policy-document";
import type { StackKey } from "../stack-key";

export interface AlarmTopicProps {
  /** Who gets the notifications: an email subscription (AWS sends a confirmation mail first). */
  readonly email: string;
  /**
   * The stack key (encryption mode "customer"): the topic uses it instead of a key of its own, and the grant
   * for cloudwatch.amazonaws.com goes into that key's policy (or `npm run kms:policy` for an existing key).
   * @default a key created for this topic
   */
  readonly key?: StackKey;
}

const CLOUDWATCH = "cloudwatch.amazonaws.com";
/** What CloudWatch alarms need of the topic's key to publish. */
const CLOUDWATCH_ENCRYPTS = {
  sid: "CloudWatchAlarmsEncrypt",
  actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
};

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

    const keyArn = props.key?.arn
      ? this.useStackKey(props.key, fromThisAccountsAlarms)
      : this.createKey(stack, name, fromThisAccountsAlarms);
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

  private useStackKey(key: StackKey, conditions: PolicyCondition[]): string {
    key.allowService({
      sid: CLOUDWATCH_ENCRYPTS.sid,
      service: CLOUDWATCH,
      actions: CLOUDWATCH_ENCRYPTS.actions,
      conditions,
    });
    return key.arn as string;
  }

  private createKey(stack: IntegrationStack, topicName: string, conditions: PolicyCondition[]): string {
    const keyPolicy = policyDocument(this, "key-policy", [
      accountAdministersKey(stack.partition, stack.accountId),
      {
        sid: CLOUDWATCH_ENCRYPTS.sid,
        principals: [{ type: "Service", identifiers: [CLOUDWATCH] }],
        actions: CLOUDWATCH_ENCRYPTS.actions,
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
export function unnotifiedAlarmsWarning(config: CommonSettings): string | undefined {
  if (config.alarmTopicArn || config.alarmEmail) return undefined;
  return (
    "Warning: alarms notify no one (neither alarmTopicArn nor alarmEmail is set): they only show in CloudWatch. " +
    'Set "alarmTopicArn" to an existing SNS topic, or "alarmEmail" to have each stack create an encrypted one.'
  );
}
