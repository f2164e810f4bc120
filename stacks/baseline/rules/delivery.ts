import { type Block, isAllow, nested, type StackModel } from "../model";
import { type Rule, type Violation, violationUnless } from "../rule";

export const eventTargetDlqAndRetry: Rule = {
  id: "DLV-EVENT-TARGET",
  title: "Every EventBridge target has a dead-letter queue and an explicit retry policy",
  mirrors: "checkov none, trivy none, cdk-nag Serverless-EventBusDLQ",
  appliesTo: ["aws_cloudwatch_event_target"],
  check: (model) =>
    model.ofType("aws_cloudwatch_event_target").flatMap((target): Violation[] => {
      const retry = nested(target.config.retry_policy);
      const missing = [
        nested(target.config.dead_letter_config)?.arn ? undefined : "dead-letter queue",
        retry &&
        typeof retry.maximum_retry_attempts === "number" &&
        typeof retry.maximum_event_age_in_seconds === "number"
          ? undefined
          : "retry policy (maximum_retry_attempts and maximum_event_age_in_seconds)",
      ].filter(Boolean);
      return missing.length
        ? [
            {
              address: target.address,
              problem: `no ${missing.join(" and no ")}`,
              fix: "set dead_letter_config { arn = DeadLetterQueue.arn } and retry_policy { ... }",
            },
          ]
        : [];
    }),
};

/** The queue policy statements that let `service` send to `queue` for `sourceArn`. */
function queueAdmits(model: StackModel, queue: Block, service: string, sourceArn: string): boolean {
  const policies = model.referencing("aws_sqs_queue_policy", "queue_url", queue, ["url", "id"]);
  return policies.some((policy) =>
    (model.statementsOf(policy.config.policy) ?? []).some(
      (s) =>
        isAllow(s) &&
        (s.actions ?? []).includes("sqs:SendMessage") &&
        (s.principals ?? []).some((p) => p.type === "Service" && p.identifiers.includes(service)) &&
        (s.condition ?? []).some((c) => c.variable === "aws:SourceArn" && c.values.includes(sourceArn)),
    ),
  );
}

export const eventDlqPolicy: Rule = {
  id: "DLV-EVENT-DLQ-POLICY",
  title: "Each rule's DLQ has a queue policy for events.amazonaws.com limited by aws:SourceArn = the rule",
  mirrors: "checkov none, trivy none, cdk-nag none (EventBridge guide: dead-letter queue permissions)",
  appliesTo: ["aws_cloudwatch_event_target"],
  check: (model) =>
    model.ofType("aws_cloudwatch_event_target").flatMap((target): Violation[] => {
      const dlqArn = nested(target.config.dead_letter_config)?.arn;
      if (!dlqArn) return [];
      const queue = model.deref(dlqArn);
      const rule = model.deref(target.config.rule);
      if (queue?.block.type !== "aws_sqs_queue" || !rule) {
        return [
          {
            address: target.address,
            problem:
              "the dead-letter queue or rule is not in this stack, so its queue policy cannot be checked",
            fix: "create the DLQ with DeadLetterQueue in this stack",
          },
        ];
      }
      const ruleArn = model.ref(rule.block, "arn");
      return violationUnless(queueAdmits(model, queue.block, "events.amazonaws.com", ruleArn), {
        address: target.address,
        problem: `${queue.block.address} has no queue policy letting events.amazonaws.com send for ${rule.block.address}`,
        fix: "give DeadLetterQueue a sender { service: 'events.amazonaws.com', sourceArns: [rule.arn] }",
      });
    }),
};

export const pipeStreamSourceBounded: Rule = {
  id: "DLV-PIPE-STREAM",
  title: "Stream-sourced pipes have a DLQ and finite retries and record age",
  mirrors: "checkov none, trivy none, cdk-nag none (Pipes defaults retry forever and block the shard)",
  appliesTo: ["aws_pipes_pipe"],
  check: (model) =>
    model.ofType("aws_pipes_pipe").flatMap((pipe): Violation[] => {
      const source = nested(pipe.config.source_parameters);
      const stream = nested(source?.dynamodb_stream_parameters) ?? nested(source?.kinesis_stream_parameters);
      if (!stream) return [];
      const finite = (value: unknown) => typeof value === "number" && value >= 0;
      const missing = [
        nested(stream.dead_letter_config)?.arn ? undefined : "a dead-letter queue",
        finite(stream.maximum_retry_attempts) ? undefined : "finite maximum_retry_attempts",
        finite(stream.maximum_record_age_in_seconds) ? undefined : "finite maximum_record_age_in_seconds",
      ].filter(Boolean);
      return missing.length
        ? [
            {
              address: pipe.address,
              problem: `stream source without ${missing.join(", ")}`,
              fix: "set them in the stream source parameters",
            },
          ]
        : [];
    }),
};

/** Principals that invoke Lambda asynchronously (the function's async retry settings apply). */
const ASYNC_INVOKERS = ["events.amazonaws.com", "s3.amazonaws.com", "sns.amazonaws.com"];

export const lambdaAsyncFailures: Rule = {
  id: "DLV-LAMBDA-ASYNC",
  title:
    "Asynchronously invoked functions have explicit retries, event age and an on-failure destination or DLQ",
  mirrors:
    "checkov CKV_AWS_116, trivy none, cdk-nag Serverless-LambdaDLQ/Serverless-LambdaAsyncFailureDestination",
  appliesTo: ["aws_lambda_function"],
  check: (model) =>
    model.ofType("aws_lambda_function").flatMap((fn): Violation[] => {
      const invokedAsync = model
        .ofType("aws_lambda_permission")
        .some(
          (p) =>
            ASYNC_INVOKERS.includes(p.config.principal) &&
            [model.ref(fn, "function_name"), model.ref(fn, "arn")].includes(p.config.function_name),
        );
      if (!invokedAsync) return [];
      const configs = model.referencing("aws_lambda_function_event_invoke_config", "function_name", fn, [
        "function_name",
        "arn",
      ]);
      const ok = configs.some((c) => {
        const onFailure = nested(nested(c.config.destination_config)?.on_failure)?.destination;
        return (
          typeof c.config.maximum_retry_attempts === "number" &&
          typeof c.config.maximum_event_age_in_seconds === "number" &&
          (onFailure || nested(fn.config.dead_letter_config)?.target_arn)
        );
      });
      return violationUnless(ok, {
        address: fn.address,
        problem:
          "invoked asynchronously without explicit retries, maximum event age and an on-failure destination",
        fix: "add aws_lambda_function_event_invoke_config with maximum_retry_attempts, maximum_event_age_in_seconds and destination_config.on_failure",
      });
    }),
};

/** Queues that receive what failed: rule target DLQs, pipe DLQs, Lambda failure destinations and DLQs. */
function deadLetterQueues(model: StackModel): Block[] {
  const arns: unknown[] = [
    ...model.ofType("aws_cloudwatch_event_target").map((t) => nested(t.config.dead_letter_config)?.arn),
    ...model.ofType("aws_pipes_pipe").map((p) => {
      const source = nested(p.config.source_parameters);
      const stream = nested(source?.dynamodb_stream_parameters) ?? nested(source?.kinesis_stream_parameters);
      return nested(stream?.dead_letter_config)?.arn;
    }),
    ...model
      .ofType("aws_lambda_function_event_invoke_config")
      .map((c) => nested(nested(nested(c.config.destination_config)?.on_failure))?.destination),
    ...model.ofType("aws_lambda_function").map((f) => nested(f.config.dead_letter_config)?.target_arn),
  ];
  const queues = new Map<string, Block>();
  for (const arn of arns) {
    const target = model.deref(arn);
    if (target?.block.type === "aws_sqs_queue") queues.set(target.block.address, target.block);
  }
  return [...queues.values()];
}

export const deadLetterQueueAlarm: Rule = {
  id: "DLV-DLQ-ALARM",
  title: "Every dead-letter queue or failure destination has an alarm on messages waiting in it",
  mirrors: "checkov none, trivy none, cdk-nag none (AWS Well-Architected REL06: monitor dead-letter queues)",
  appliesTo: ["aws_cloudwatch_event_target", "aws_pipes_pipe", "aws_lambda_function_event_invoke_config"],
  check: (model) =>
    deadLetterQueues(model).flatMap((queue): Violation[] => {
      const watched = model
        .ofType("aws_cloudwatch_metric_alarm")
        .some(
          (alarm) =>
            alarm.config.namespace === "AWS/SQS" &&
            ["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"].includes(
              alarm.config.metric_name,
            ) &&
            alarm.config.dimensions?.QueueName === model.ref(queue, "name"),
        );
      return violationUnless(watched, {
        address: queue.address,
        problem: "failed events can pile up in this queue without anyone being told",
        fix: "create it with DeadLetterQueue, which alarms on ApproximateNumberOfMessagesVisible > 0",
      });
    }),
};
