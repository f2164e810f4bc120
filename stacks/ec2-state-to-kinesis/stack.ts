import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { KinesisStream } from "@cdktf/provider-aws/lib/kinesis-stream";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { settingsBehind } from "../baseline/settings-behind";
import { ConfigError } from "../core/errors";
import type { StackProps } from "../core/stack-props";
import { EventRuleTarget } from "../shared/event-rule-target";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { StackMonitoring } from "../shared/monitoring/monitoring";
import { watchDeadLetterQueue, watchKinesisStream, watchRule } from "../shared/monitoring/watch";
import type { PolicyStatement } from "../shared/policy-document";
import { kinesisStreamTarget } from "../shared/rule-targets";
import { AWS_MANAGED_KINESIS_KEY, type Ec2StateToKinesisSettings } from "./settings";

const SETTINGS = "stacks.ec2-state-to-kinesis";

/**
 * EC2 instance state changes → EventBridge rule (default bus) → encrypted Kinesis stream,
 * one partition per instance so each instance's changes stay in order.
 */
export class Ec2StateToKinesisStack extends IntegrationStack {
  constructor(scope: Construct, props: StackProps<Ec2StateToKinesisSettings>, options: StackOptions = {}) {
    super(scope, "ec2-state-to-kinesis", props, options);
    const { settings } = props;
    const monitoring = new StackMonitoring(this, {
      settings: settings.alarms,
      readmeAnchor: "ec2-state-to-kinesis",
    });

    const stream = settings.existingStreamArn ? undefined : this.createStream(settings);
    const streamArn = stream?.arn ?? this.existingStreamInRegion(settings.existingStreamArn as string);
    const streamName = stream?.name ?? (settings.existingStreamArn as string).split("/")[1];

    const ruleName = this.names.name("eventRule", "ec2-state-changes");
    const rule = new CloudwatchEventRule(this, "rule", {
      name: ruleName,
      description: `EC2 instance state changes (${settings.states.join(", ")}) to Kinesis`,
      eventBusName: "default",
      eventPattern: JSON.stringify(ec2StateChangePattern(settings)),
      state: "ENABLED",
    });
    settingsBehind(rule, [`${SETTINGS}.instanceIds`, `${SETTINGS}.states`]);

    const delivery = new EventRuleTarget(this, {
      rule,
      delivery: settings.delivery,
      dlq: { id: "rule-dlq", name: this.names.name("sqsQueue", "ec2-state-changes-dlq") },
    });
    const { dlq } = delivery;
    // Renamed from "dlq" to "rule-dlq", the id every stack gives a rule's DLQ. Without these moved
    // blocks Terraform would destroy the deployed queue (and the events in it) and create a new one.
    dlq.queue.moveFromId("aws_sqs_queue.dlq_queue");
    dlq.policy.moveFromId("aws_sqs_queue_policy.dlq_policy");

    const target = kinesisStreamTarget({
      streamArn,
      partitionKeyPath: "$.detail.instance-id",
      keyStatements: (roleName) =>
        stream && this.kms.customer
          ? // The stack key encrypts the stream: the role may only use it through Kinesis.
            this.kms.roleStatements(
              roleName,
              "EncryptWithStreamKey",
              ["kms:GenerateDataKey"],
              [this.kms.viaService("kinesis")],
            )
          : streamKeyStatements(settings.kmsKeyId),
    });
    delivery.addTarget(target, {
      id: "target",
      targetId: "kinesis-stream",
      role: {
        id: "target-role",
        name: this.names.name("iamRole", "ec2-state-to-kinesis"),
        description: "EventBridge puts EC2 state-change events into the Kinesis stream",
      },
    });

    // In the order the data flows: the rule, the stream it writes to, what it could not deliver.
    watchRule(monitoring, "Router: EventBridge rule", { id: "rule", name: ruleName, nameRef: rule.name });
    watchKinesisStream(monitoring, "Target: Kinesis stream", {
      id: "stream",
      name: stream ? this.names.name("kinesisStream", "ec2-state-changes") : streamName,
      nameRef: streamName,
      provisionedShards: stream && settings.streamMode === "PROVISIONED" ? settings.shardCount : undefined,
    });
    watchDeadLetterQueue(monitoring, "Failures: dead-letter queue", dlq);

    new TerraformOutput(this, "stream_name", {
      value: streamName,
      description: "Kinesis stream receiving the events",
    });
    new TerraformOutput(this, "stream_arn", { value: streamArn });
    new TerraformOutput(this, "rule_arn", { value: rule.arn });
    new TerraformOutput(this, "dlq_url", {
      value: dlq.url,
      description: "Events EventBridge could not deliver",
    });
  }

  private createStream(settings: Ec2StateToKinesisSettings): KinesisStream {
    const stream = this.protectData(
      new KinesisStream(this, "stream", {
        name: this.names.name("kinesisStream", "ec2-state-changes"),
        streamModeDetails: { streamMode: settings.streamMode },
        shardCount: settings.streamMode === "PROVISIONED" ? settings.shardCount : undefined,
        retentionPeriod: settings.retentionHours,
        encryptionType: "KMS",
        kmsKeyId: this.kms.arn ?? settings.kmsKeyId,
        // Enhanced fan-out consumers that readers register (KCL does) make DeleteStream fail with
        // ResourceInUseException; a stream being destroyed takes them along (protectData guards real data).
        // @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_DeleteStream.html
        enforceConsumerDeletion: true,
      }),
    );
    settingsBehind(stream, [`${SETTINGS}.kmsKeyId`]);
    return stream;
  }

  /** A rule can only target a Kinesis stream in its own region. */
  private existingStreamInRegion(arn: string): string {
    const region = arn.split(":")[3];
    if (region !== this.region) {
      throw new ConfigError([
        {
          field: "stacks.ec2-state-to-kinesis.existingStreamArn",
          value: arn,
          allowed: `a stream in the stack's region (${this.region}); EventBridge rules target streams in their own region`,
        },
      ]);
    }
    return arn;
  }
}

/** @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-ec2.html */
export function ec2StateChangePattern(settings: Ec2StateToKinesisSettings): Record<string, unknown> {
  const detail: Record<string, unknown> = { state: [...settings.states] };
  if (settings.instanceIds.length > 0) detail["instance-id"] = [...settings.instanceIds];
  return { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail };
}

/** A customer managed key must also let the writer generate data keys; the AWS managed key does by itself. */
function streamKeyStatements(kmsKeyId: string | undefined): PolicyStatement[] {
  return kmsKeyId !== undefined && kmsKeyId !== AWS_MANAGED_KINESIS_KEY
    ? [{ sid: "EncryptWithStreamKey", actions: ["kms:GenerateDataKey"], resources: [kmsKeyId] }]
    : [];
}
