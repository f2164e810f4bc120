import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Construct } from "constructs";
import { denyInsecureTransport, type PolicyStatement, policyDocument } from "./policy-document";

/** 14 days, SQS's maximum: the longest window to notice and redrive failed deliveries. */
export const DLQ_RETENTION_SECONDS = 1_209_600;

export interface DeadLetterQueueProps {
  readonly name: string;
  /**
   * A service that writes to the queue through the queue policy (EventBridge rule targets do;
   * Lambda destinations and Pipes use their role instead), limited to these source ARNs.
   * Without this policy EventBridge cannot deliver to the DLQ, and says so only in a metric.
   */
  readonly sender?: { readonly service: string; readonly sourceArns: readonly string[] };
}

/** An encrypted SQS dead-letter queue that keeps failed events for 14 days and only accepts TLS. */
export class DeadLetterQueue extends Construct {
  readonly queue: SqsQueue;
  readonly policy: SqsQueuePolicy;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.queue = new SqsQueue(this, "queue", {
      name: props.name,
      messageRetentionSeconds: DLQ_RETENTION_SECONDS,
      // SSE-SQS: EventBridge cannot write to a queue encrypted with the AWS managed KMS key (aws/sqs).
      sqsManagedSseEnabled: true,
    });
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
    this.policy = new SqsQueuePolicy(this, "policy", {
      queueUrl: this.queue.url,
      policy: policyDocument(this, "policy-document", statements).json,
    });
  }

  get arn(): string {
    return this.queue.arn;
  }

  get url(): string {
    return this.queue.url;
  }
}
