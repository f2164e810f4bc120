import type { PolicyStatement } from "../shared/policy-document";
import type { StackKey } from "../shared/stack-key";

// What each role of the stack needs of the stack key in customer mode, and nothing in aws-managed mode (the
// StackKey returns no statement then). ARNs are built from names, not Terraform references: the same grants are
// printed by `npm run kms:policy` for an existing key, where a reference would mean nothing.

/** The literal names and ARNs the grants are scoped to. */
export interface KeyScopes {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  readonly tableName: string;
  readonly queueArn: string;
  readonly pipeArn: string;
  readonly stateMachineArn: string;
  readonly connectionName: string;
}

/** Log delivery (pipes and Step Functions alike) asks for a data key under this account's logs context. */
function logsSourceArn(scopes: KeyScopes): string {
  return `arn:${scopes.partition}:logs:${scopes.region}:${scopes.accountId}:*`;
}

/**
 * SQS encrypts each message with a data key of the queue's key, asked for by the sender through SQS, always with
 * the queue's ARN as encryption context.
 * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html
 */
function sendToQueue(key: StackKey, role: string, sid: string, scopes: KeyScopes): PolicyStatement[] {
  return key.roleStatements(
    role,
    sid,
    ["kms:GenerateDataKey", "kms:Decrypt"],
    [
      key.viaService("sqs"),
      { test: "ArnEquals", variable: "kms:EncryptionContext:aws:sqs:arn", values: [scopes.queueArn] },
    ],
  );
}

/**
 * Step Functions encrypts an execution's input and output with the state machine's key, under its ARN as
 * encryption context; the caller that starts a synchronous execution and the execution role both use it.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 */
function useStateMachineKey(key: StackKey, role: string, sid: string, scopes: KeyScopes): PolicyStatement[] {
  return key.roleStatements(
    role,
    sid,
    ["kms:Decrypt", "kms:GenerateDataKey"],
    [
      {
        test: "StringEquals",
        variable: "kms:EncryptionContext:aws:states:stateMachineArn",
        values: [scopes.stateMachineArn],
      },
    ],
  );
}

function encryptDeliveredLogs(
  key: StackKey,
  role: string,
  sid: string,
  scopes: KeyScopes,
): PolicyStatement[] {
  return key.roleStatements(
    role,
    sid,
    ["kms:GenerateDataKey"],
    [{ test: "StringEquals", variable: "kms:EncryptionContext:SourceArn", values: [logsSourceArn(scopes)] }],
  );
}

/**
 * The pipe's role: read the encrypted table's stream (DynamoDB decrypts for the reader, through DynamoDB, under
 * the table's name), use the pipe's own key (DescribeKey has no encryption context; the rest is under the pipe's
 * ARN), start the encrypted workflow, send failed batches to the encrypted DLQ, and, when its logs carry execution
 * data, the logs data key.
 *
 * The Pipes guide names the pipe's encryption context `aws:pipes:arn` in its text and `aws:pipe:arn` in its
 * example key policy; both statements are scoped to this pipe's ARN, so allowing either widens nothing.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/encryption.howitworks.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-pipes-cmkey.html
 */
export function pipeKeyStatements(
  key: StackKey,
  role: string,
  scopes: KeyScopes,
  logsExecutionData: boolean,
): PolicyStatement[] {
  return [
    ...key.roleStatements(
      role,
      "DecryptTableStream",
      ["kms:Decrypt"],
      [
        key.viaService("dynamodb"),
        {
          test: "StringEquals",
          variable: "kms:EncryptionContext:aws:dynamodb:tableName",
          values: [scopes.tableName],
        },
      ],
    ),
    ...key.roleStatements(role, "DescribePipeKey", ["kms:DescribeKey"], []),
    ...(["pipes", "pipe"] as const).flatMap((context) =>
      key.roleStatements(
        role,
        context === "pipes" ? "UsePipeKey" : "UsePipeKeyAsInExamplePolicy",
        ["kms:Decrypt", "kms:GenerateDataKey"],
        [
          {
            test: "ArnEquals",
            variable: `kms:EncryptionContext:aws:${context}:arn`,
            values: [scopes.pipeArn],
          },
        ],
      ),
    ),
    ...useStateMachineKey(key, role, "RunEncryptedWorkflow", scopes),
    ...sendToQueue(key, role, "EncryptFailedRecords", scopes),
    ...(logsExecutionData ? encryptDeliveredLogs(key, role, "EncryptPipeLogs", scopes) : []),
  ];
}

/**
 * The workflow's role: its own executions (definition, input, output), the connection's secret (Secrets Manager
 * decrypts it for the caller, under the secret's ARN), rejected records to the DLQ, and, when it logs, the logs
 * data key.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/encryption-connections.html
 * @see https://docs.aws.amazon.com/secretsmanager/latest/userguide/security-encryption.html#security-encryption-encryption-context
 */
export function workflowKeyStatements(
  key: StackKey,
  role: string,
  scopes: KeyScopes,
  logs: boolean,
): PolicyStatement[] {
  return [
    ...useStateMachineKey(key, role, "UseStateMachineKey", scopes),
    ...key.roleStatements(
      role,
      "DecryptConnectionSecret",
      ["kms:Decrypt"],
      [
        key.viaService("secretsmanager"),
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:SecretARN",
          values: [
            `arn:${scopes.partition}:secretsmanager:${scopes.region}:${scopes.accountId}:secret:events!connection/${scopes.connectionName}/*`,
          ],
        },
      ],
    ),
    ...sendToQueue(key, role, "EncryptRejectedRecords", scopes),
    ...(logs ? encryptDeliveredLogs(key, role, "EncryptDeliveredLogs", scopes) : []),
  ];
}

/**
 * Step Functions' log delivery (delivery.logs.amazonaws.com, no role of ours) decrypts with the state machine's
 * key to deliver its logs: allowed in the key policy, for this account's log deliveries only.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/encryption-at-rest.html
 */
export function allowWorkflowLogDelivery(key: StackKey, scopes: KeyScopes): void {
  key.allowService({
    sid: "LogDeliveryDecrypts",
    service: "delivery.logs.amazonaws.com",
    actions: ["kms:Decrypt"],
    conditions: [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [scopes.accountId] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [logsSourceArn(scopes)] },
    ],
  });
}

/**
 * Pipe logs that include execution data are encrypted by the log delivery service with the pipe's key, under
 * this account's logs context.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-encryption-pipes-cmkey.html
 */
export function allowPipeLogDelivery(key: StackKey, scopes: KeyScopes): void {
  key.allowService({
    sid: "PipeLogDeliveryEncrypts",
    service: "delivery.logs.amazonaws.com",
    actions: ["kms:Decrypt", "kms:GenerateDataKey"],
    conditions: [
      { test: "StringLike", variable: "kms:EncryptionContext:SourceArn", values: [logsSourceArn(scopes)] },
    ],
  });
}
