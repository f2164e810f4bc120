import type { RuleTarget } from "./event-rule-target";
import type { NodeFunction } from "./node-function";
import type { PolicyStatement } from "./policy-document";

/** The rule's events into a Kinesis stream, one partition per `partitionKeyPath` value. */
export function kinesisStreamTarget(props: {
  readonly streamArn: string;
  readonly partitionKeyPath: string;
  /** What the writer needs of the stream's key (a customer key); none for the AWS managed key. */
  readonly keyStatements?: (roleName: string) => PolicyStatement[];
}): RuleTarget {
  return {
    arn: props.streamArn,
    parameters: { kinesisTarget: { partitionKeyPath: props.partitionKeyPath } },
    roleStatements: (roleName) => [
      {
        sid: "PutRecordsToStream",
        actions: ["kinesis:PutRecord", "kinesis:PutRecords"],
        resources: [props.streamArn],
      },
      ...(props.keyStatements?.(roleName) ?? []),
    ],
  };
}

/** The rule invokes the function asynchronously; Lambda targets take no role, the function's policy admits the rule. */
export function lambdaFunctionTarget(fn: NodeFunction): RuleTarget {
  return {
    arn: fn.arn,
    admit: (rule) => fn.allowInvoke("invoke-from-rule", "events.amazonaws.com", rule.arn),
  };
}

/**
 * The rule starts an execution of the state machine per event; the whole event is the execution input.
 * `keyStatements`: what the role needs of the machine's key (customer mode) to pass the input.
 */
export function stateMachineTarget(
  stateMachineArn: string,
  keyStatements?: (roleName: string) => PolicyStatement[],
): RuleTarget {
  return {
    arn: stateMachineArn,
    roleStatements: (roleName) => [
      { sid: "StartThisStateMachine", actions: ["states:StartExecution"], resources: [stateMachineArn] },
      ...(keyStatements?.(roleName) ?? []),
    ],
  };
}
