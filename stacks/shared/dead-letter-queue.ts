import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { pascalCase } from "./log-group";
import { denyInsecureTransport, type PolicyStatement, policyDocument } from "./policy-document";
import type { StackKey } from "./stack-key";

/** 14 days, SQS's maximum: the longest window to notice and redrive failed deliveries. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

export interface DeadLetterQueueProps {
  readonly name: string;
  /**
   * A service that writes to the queue through the queue policy (EventBridge rule targets do;
   * Lambda destinations and Pipes use their role instead), limited to these source ARNs.
   * Without this policy EventBridge cannot deliver to the DLQ, and says so only in a metric.
   */
  readonly sender?: {
    readonly service: string;
    readonly sourceArns: readonly string[];
    /**
     * The same sources as ARNs built from their names, for the key policy: `npm run kms:policy` prints it for
     * an existing key, where a Terraform reference means nothing. @default sourceArns
     */
    readonly keySourceArns?: readonly string[];
  };
  /**
   * The stack's key: with a customer key the queue is SSE-KMS with it (and the sender service may use it),
   * else SSE-SQS.
   */
  readonly key?: StackKey;
  /** Where the "messages waiting" alarm notifies (SNS topic ARNs). @default none: the alarm only shows */
  readonly alarmActions?: readonly string[];
}

/**
 * An encrypted SQS dead-letter queue that keeps failed events for 14 days, only accepts TLS, and
 * raises an alarm as soon as something lands in it (a DLQ nobody watches loses events slowly).
 */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly policy: SqsQueuePolicy;
  readonly alarm: CloudwatchMetricAlarm;
  /** The queue's name, as configured (a literal, unlike queue.name). */
  readonly queueName: string;
  private readonly key?: StackKey;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queueName = props.name;
    this.key = props.key;
    const keyArn = props.key?.arn;
    this.queue = new SqsQueue(this, "queue", {
      name: props.name,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
      // SSE-SQS: EventBridge cannot write to a queue encrypted with the AWS managed KMS key (aws/sqs).
      ...(keyArn ? { kmsMasterKeyId: keyArn } : { sqsManagedSseEnabled: true }),
    });
    if (keyArn && props.sender) this.allowSenderToEncrypt(props.key as StackKey, id, props.sender);
    const statements: PolicyStatement[] = [denyInsecureTransport("sqs", [this.queue.arn])];
    if (props.sender) {
      statements.unshift({
        sid: "AllowSenderService",
        actions: ["sqs:SendMessage"],
        resources: [this.queue.arn],
        principals: [{ type: "Service", identifiers: [props.sender.service] }],
        conditions: [{ test: "ArnEquals", variable: "aws:SourceArn", values: [...props.sender.sourceArns] }],
      });
    }
    this.alarm = this.alarmWhenNotEmpty(props.name, props.alarmActions ?? []);
    this.policy = new SqsQueuePolicy(this, "policy", {
      queueUrl: this.queue.url,
      policy: policyDocument(this, "policy-document", statements).json,
    });
  }

  /**
   * A service that sends without a role (EventBridge to a rule's DLQ) needs the key policy to allow it, for
   * its own rules only (aws:SourceArn).
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html
   */
  private allowSenderToEncrypt(
    key: StackKey,
    id: string,
    sender: NonNullable<DeadLetterQueueProps["sender"]>,
  ): void {
    key.allowService({
      sid: `SendTo${pascalCase(id)}`,
      service: sender.service,
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      conditions: [
        {
          test: "ArnEquals",
          variable: "aws:SourceArn",
          values: [...(sender.keySourceArns ?? sender.sourceArns)],
        },
      ],
    });
  }

  /**
   * What a role that sends to this queue (a Lambda destination, a pipe) needs of a customer key: SQS generates
   * and decrypts data keys with the sender's credentials, for this queue only (SQS's encryption context). Empty
   * without a customer key.
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
   */
  senderKeyStatements(roleName: string, sid: string): PolicyStatement[] {
    const key = this.key;
    if (key?.arn === undefined) return [];
    const { partition, region, accountId } = key.owner;
    return key.roleStatements(
      roleName,
      sid,
      ["kms:GenerateDataKey", "kms:Decrypt"],
      [
        key.viaService("sqs"),
        {
          test: "ArnEquals",
          variable: "kms:EncryptionContext:aws:sqs:arn",
          values: [`arn:${partition}:sqs:${region}:${accountId}:${this.queueName}`],
        },
      ],
    );
  }

  private alarmWhenNotEmpty(name: string, actions: readonly string[]): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(this, "alarm", {
      alarmName: `${name}-not-empty`,
      alarmDescription: `Messages are waiting in the dead-letter queue ${name}: failed deliveries to inspect and redrive`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: this.queue.name },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      // No data means an empty, idle queue.
      treatMissingData: "notBreaching",
      alarmActions: actions.length > 0 ? [...actions] : undefined,
      okActions: actions.length > 0 ? [...actions] : undefined,
    });
  }

  get arn(): string {
    return this.queue.arn;
  }

  get url(): string {
    return this.queue.url;
  }
}
