import type { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import {
  PipesPipe,
  type PipesPipeConfig,
  type PipesPipeSourceParametersDynamodbStreamParameters,
} from "@cdktf/provider-aws/lib/pipes-pipe";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import type { ITerraformDependable } from "cdktf";
import type { DeadLetterQueue } from "./dead-letter-queue";
import type { IntegrationStack } from "./integration-stack";
import type { PolicyStatement } from "./policy-document";
import { ServiceRole } from "./service-role";

/**
 * A pipe's source or target (aws-cdk pipes-alpha's `ISource.grantRead` / `ITarget.grantPush`): its ARN, its
 * parameters, and the statement the pipe's role needs for it. The role is built from the edges only, so a new
 * edge cannot forget its permission. A source also names where failed batches go (`deadLetter`).
 */
export interface PipeSource {
  readonly arn: string;
  readonly parameters: NonNullable<PipesPipeConfig["sourceParameters"]>;
  readonly statement: PolicyStatement;
  readonly deadLetter: PolicyStatement;
}
export interface PipeTarget {
  readonly arn: string;
  readonly parameters: NonNullable<PipesPipeConfig["targetParameters"]>;
  readonly statement: PolicyStatement;
}

/** A DynamoDB table stream, read in order; batches that fail every retry go to `dlq`. */
export function dynamodbStreamSource(
  streamArn: string,
  dlq: DeadLetterQueue,
  parameters: Omit<PipesPipeSourceParametersDynamodbStreamParameters, "deadLetterConfig">,
): PipeSource {
  return {
    arn: streamArn,
    parameters: { dynamodbStreamParameters: { ...parameters, deadLetterConfig: { arn: dlq.arn } } },
    statement: {
      sid: "ReadTableStream",
      actions: [
        "dynamodb:DescribeStream",
        "dynamodb:GetRecords",
        "dynamodb:GetShardIterator",
        "dynamodb:ListStreams",
      ],
      resources: [streamArn],
    },
    deadLetter: { sid: "SendFailedRecords", actions: ["sqs:SendMessage"], resources: [dlq.arn] },
  };
}

/** An Express state machine run synchronously per batch: the pipe waits for its result before the next. */
export function syncStateMachineTarget(stateMachineArn: string, sid: string): PipeTarget {
  return {
    arn: stateMachineArn,
    // REQUEST_RESPONSE is StartSyncExecution.
    parameters: { stepFunctionStateMachineParameters: { invocationType: "REQUEST_RESPONSE" } },
    statement: { sid, actions: ["states:StartSyncExecution"], resources: [stateMachineArn] },
  };
}

/**
 * How long the pipe waits after its role's permissions and its source exist. IAM is eventually consistent: a
 * pipe created in the same apply as its role's policy can fail with "Cannot access stream ... Please ensure the
 * customer role can perform actions on source stream" and stay CREATE_FAILED.
 * @see https://github.com/hashicorp/terraform-provider-aws/issues/40572
 * @see https://github.com/aws/aws-cdk/issues/31211
 */
export const PERMISSION_PROPAGATION_WAIT = "30s";

export interface EventPipeProps {
  readonly name: string;
  readonly description: string;
  readonly role: { readonly name: string; readonly description: string };
  readonly source: PipeSource;
  /** What must exist before the pipe first reads its source (the table of a stream). */
  readonly sourceDependsOn: ITerraformDependable;
  readonly target: PipeTarget;
  /** What the role needs of the stack key (customer mode) for the data the edges carry. @default none */
  readonly keyStatements?: (roleName: string) => PolicyStatement[];
  /** The pipe's own log group; pipes write their logs with the pipe's role. */
  readonly logs: {
    readonly group: CloudwatchLogGroup;
    readonly level: string;
    readonly includeExecutionData: boolean;
  };
}

/**
 * An EventBridge pipe, encrypted with the stack key in customer mode, whose role (guarded by aws:SourceAccount
 * and the pipe's aws:SourceArn) holds exactly its edges' statements and their key grants, created after those permissions had time to propagate. The resources are created in the
 * stack with the ids they always had (pipe-role, time, wait-for-pipe-permissions, pipe): addresses are a contract.
 */
export function eventPipe(stack: IntegrationStack, props: EventPipeProps): PipesPipe {
  const { source, target, logs } = props;
  const role = new ServiceRole(stack, "pipe-role", {
    ...props.role,
    service: "pipes.amazonaws.com",
    // Built from the name: the pipe refers to the role, so its arn attribute cannot be used here.
    guard: { sourceArns: [stack.arn("pipes", `pipe/${props.name}`)], sourceAccount: stack.accountId },
    statements: [
      source.statement,
      target.statement,
      source.deadLetter,
      {
        sid: "WritePipeLogs",
        actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
        resources: [`${logs.group.arn}:*`],
      },
      ...(props.keyStatements?.(props.role.name) ?? []),
    ],
  });
  new TimeProvider(stack, "time");
  const permissionsPropagated = new Sleep(stack, "wait-for-pipe-permissions", {
    createDuration: PERMISSION_PROPAGATION_WAIT,
    dependsOn: [role.policy, props.sourceDependsOn],
  });
  return new PipesPipe(stack, "pipe", {
    name: props.name,
    description: props.description,
    desiredState: "RUNNING",
    roleArn: role.arn,
    source: source.arn,
    sourceParameters: source.parameters,
    target: target.arn,
    targetParameters: target.parameters,
    // What the pipe stores at rest (its settings), never the records, which it does not keep.
    kmsKeyIdentifier: stack.kms.arn,
    logConfiguration: {
      level: logs.level,
      // The payload is the source's data (user data): logged only when asked for.
      includeExecutionData: logs.includeExecutionData ? ["ALL"] : undefined,
      cloudwatchLogsLogDestination: { logGroupArn: logs.group.arn },
    },
    dependsOn: [permissionsPropagated],
  });
}
