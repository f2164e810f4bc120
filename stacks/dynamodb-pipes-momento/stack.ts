import { CloudwatchEventConnection } from "@cdktf/provider-aws/lib/cloudwatch-event-connection";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { Fn, TerraformOutput, TerraformVariable } from "cdktf";
import type { Construct } from "constructs";
import { suppressBaseline } from "../baseline/suppress";
import type { StackProps } from "../core/stack-props";
import { DeadLetterQueue } from "../shared/dead-letter-queue";
import { dynamodbStreamSource, eventPipe, syncStateMachineTarget } from "../shared/event-pipe";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { managedLogGroup } from "../shared/log-group";
import { StackMonitoring } from "../shared/monitoring/monitoring";
import {
  watchDeadLetterQueue,
  watchPipe,
  watchPipeStall,
  watchPipeStopCalls,
  watchStateMachine,
  watchTable,
} from "../shared/monitoring/watch";
import { ServiceRole } from "../shared/service-role";
import { LOG_DELIVERY_ACTIONS } from "../shared/unscoped-actions";
import { MOMENTO_MAX_TTL_SECONDS, MOMENTO_MIN_TTL_SECONDS } from "./data-contract";
import {
  allowPipeLogDelivery,
  allowWorkflowLogDelivery,
  type KeyScopes,
  pipeKeyStatements,
  workflowKeyStatements,
} from "./key-grants";
import {
  type DynamodbPipesMomentoSettings,
  MOMENTO_ENDPOINT_DESCRIPTION,
  MOMENTO_ENDPOINT_PATTERN,
  type PipeLogLevel,
} from "./settings";
import { momentoPaths, workflowDefinition } from "./workflow-definition";

/** Terraform variable names: `TF_VAR_<name>` supplies them at plan and apply time. */
export const API_KEY_VARIABLE = "momento_api_key";
export const ENDPOINT_VARIABLE = "momento_http_endpoint";

/** Pipe log levels → Express workflow log levels (Step Functions has no INFO or TRACE; ALL logs every step). */
const WORKFLOW_LOG_LEVEL: Record<PipeLogLevel, "OFF" | "ERROR" | "ALL"> = {
  OFF: "OFF",
  ERROR: "ERROR",
  INFO: "ALL",
  TRACE: "ALL",
};

/**
 * DynamoDB table stream → ONE EventBridge pipe (the stream's only reader) → an Express workflow, invoked
 * synchronously, that calls Momento's HTTP API through the EventBridge connection: inserts and updates are
 * written to the cache, deletions evict the cached copy, every change is published to the topic, record by
 * record in stream order. See README "dynamodb-pipes-momento" for the design, throughput and DLQ window.
 */
export class DynamodbPipesMomentoStack extends IntegrationStack {
  constructor(scope: Construct, props: StackProps<DynamodbPipesMomentoSettings>, options: StackOptions = {}) {
    super(scope, "dynamodb-pipes-momento", props, options);
    const { common: config, settings } = props;
    // Before anything that alarms: with alarmNotifications "composite-only" only the composite alarm notifies.
    const monitoring = new StackMonitoring(this, {
      settings: settings.alarms,
      readmeAnchor: "dynamodb-pipes-momento",
    });
    const key = this.kms;
    const tableName = settings.tableName ?? this.names.name("dynamodbTable", "weather");
    const connectionName = this.names.name("connection", "momento");
    const queueName = this.names.name("sqsQueue", "dynamodb-pipes-momento-dlq");
    const pipeName = this.names.name("pipe", "momento-stream");
    const stateMachineName = this.names.name("stateMachine", "dynamodb-pipes-momento");
    const scopes: KeyScopes = {
      partition: this.partition,
      region: this.region,
      accountId: this.accountId,
      tableName,
      queueArn: this.arn("sqs", queueName),
      pipeArn: this.arn("pipes", `pipe/${pipeName}`),
      stateMachineArn: this.arn("states", `stateMachine:${stateMachineName}`),
      connectionName,
    };

    // Sensitive, no default: never in cdktf.out. Terraform keeps it in state (see README), and EventBridge
    // keeps it in the Secrets Manager secret it manages for the connection. Deliberately no `validation`
    // block: when one fails, Terraform (1.11) prints the variable's raw value in the error, sensitive or not,
    // and a key with a stray newline is still a real key.
    const apiKey = new TerraformVariable(this, API_KEY_VARIABLE, {
      type: "string",
      description:
        "Momento API key (TF_VAR_momento_api_key). Sensitive: stored in Terraform state and in the " +
        "connection's Secrets Manager secret, never in the synthesized files.",
      sensitive: true,
      nullable: false,
    });
    const endpoint = new TerraformVariable(this, ENDPOINT_VARIABLE, {
      type: "string",
      description:
        "Momento HTTP API endpoint for the region of the API key and cache (TF_VAR_momento_http_endpoint), " +
        "for example https://api.cache.cell-us-east-1-1.prod.a.momentohq.com",
      default: settings.momentoHttpEndpoint,
      nullable: false,
    });
    endpoint.addValidation({
      condition: Fn.can(Fn.regex(MOMENTO_ENDPOINT_PATTERN, endpoint.stringValue)),
      errorMessage: `momento_http_endpoint must be ${MOMENTO_ENDPOINT_DESCRIPTION}.`,
    });

    // prevent_destroy outside dev (protectData): the items are the source of truth, the cache only a copy.
    const table = this.protectData(
      new DynamodbTable(this, "table", {
        name: tableName,
        billingMode: "PAY_PER_REQUEST",
        hashKey: settings.partitionKey,
        attribute: [{ name: settings.partitionKey, type: "S" }],
        // Both images: REMOVE records then still carry the key, and MODIFY records the new values.
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        pointInTimeRecovery: { enabled: true },
        // The stack key in customer mode (the pipe's role may then decrypt through DynamoDB); else the AWS
        // managed key (aws/dynamodb), whose readers need no key grant.
        serverSideEncryption: key.arn ? { enabled: true, kmsKeyArn: key.arn } : { enabled: true },
        // Off unless asked for, and then never on the cache TTL attribute (seconds, not an epoch). Written out
        // when off, so a table that had TTL on `TTL` (earlier versions of this stack) has it turned off.
        ttl: settings.itemExpiryAttribute
          ? { attributeName: settings.itemExpiryAttribute, enabled: true }
          : { enabled: false },
        deletionProtectionEnabled: settings.deletionProtection ?? config.protectData,
      }),
    );

    // EventBridge uses a customer key for a connection's secret only when the key carries this tag.
    // @see https://docs.aws.amazon.com/eventbridge/latest/userguide/encryption-connections.html
    key.tagKey("EventBridgeApiDestinations", "true");
    const connection = new CloudwatchEventConnection(this, "connection", {
      name: connectionName,
      description: "Momento HTTP API, API key in the Authorization header",
      authorizationType: "API_KEY",
      // Momento takes the key in `Authorization` (or a `token` query parameter, which would end up in logs).
      authParameters: { apiKey: { key: "Authorization", value: apiKey.stringValue } },
      kmsKeyIdentifier: key.arn,
    });

    // Pipes send failed batches here with their role; the workflow sends rejected records with its own.
    const dlq = new DeadLetterQueue(this, "pipe-dlq", {
      name: queueName,
      alarmActions: this.alarmActions,
      key,
    });
    const logGroup = managedLogGroup(
      this,
      "pipe-logs",
      `/aws/vendedlogs/pipes/${this.names.name("logGroup", "dynamodb-pipes-momento")}`,
      config.logRetentionDays,
      key,
    );

    const stateMachine = this.workflow(settings, {
      name: stateMachineName,
      endpoint: endpoint.stringValue,
      connection,
      dlq,
      scopes,
    });

    const { logging } = settings;
    if (logging.includeExecutionData) allowPipeLogDelivery(key, scopes);
    const pipe = eventPipe(this, {
      name: pipeName,
      description: "The table stream's one reader: each batch, in order, through the Momento workflow",
      role: {
        name: this.names.name("iamRole", "dynamodb-pipes-momento"),
        description: "EventBridge Pipes read the table stream and run the Momento workflow for each batch",
      },
      source: dynamodbStreamSource(table.streamArn, dlq, {
        startingPosition: settings.startingPosition,
        batchSize: settings.batchSize,
        // Records of one key stay in one ordered sequence at any factor (see README, per-key order).
        parallelizationFactor: settings.parallelizationFactor,
        // Pipes' defaults (-1) retry forever and block the shard; these send the batch to the DLQ instead.
        maximumRetryAttempts: settings.maximumRetryAttempts,
        maximumRecordAgeInSeconds: settings.maximumRecordAgeSeconds,
      }),
      sourceDependsOn: table,
      target: syncStateMachineTarget(stateMachine.arn, "RunMomentoWorkflow"),
      logs: { group: logGroup, level: logging.level, includeExecutionData: logging.includeExecutionData },
      keyStatements: (roleName) => pipeKeyStatements(key, roleName, scopes, logging.includeExecutionData),
    });
    if (logging.level === "OFF") {
      suppressBaseline(
        pipe,
        "LOG-PIPE",
        'pipe logging turned off on purpose with stacks.dynamodb-pipes-momento.logging.level = "OFF"',
      );
    }

    this.watch(monitoring, {
      table: { name: tableName, nameRef: table.name },
      pipe: { name: pipeName, nameRef: pipe.name },
      stateMachine: { name: stateMachineName, arnRef: stateMachine.arn },
      dlq,
    });

    new TerraformOutput(this, "table_name", {
      value: table.name,
      description: "The table to write to (WEATHER_TABLE_NAME for the weather demo)",
    });
    new TerraformOutput(this, "stream_arn", { value: table.streamArn });
    new TerraformOutput(this, "pipe_name", { value: pipeName, description: "The stream's one reader" });
    new TerraformOutput(this, "state_machine_arn", {
      value: stateMachine.arn,
      description: "The Express workflow that calls Momento (npm run momento:dlq -- replay runs it)",
    });
    new TerraformOutput(this, "dlq_url", {
      value: dlq.url,
      description: "Failed batches (pointers into the stream, kept there 24 hours) and rejected records",
    });
    new TerraformOutput(this, "log_group_name", {
      value: logGroup.name,
      description: "Where the pipe logs (errors only by default)",
    });
  }

  /**
   * The alarms, in the order the data flows, onto the monitoring toolkit. The pipe's and the workflow's alarms
   * existed before the toolkit as `aws_cloudwatch_metric_alarm.<id>`: moved, with their names kept, so an upgrade
   * updates them in place instead of replacing them (CloudWatch cannot rename an alarm).
   */
  private watch(
    monitoring: StackMonitoring,
    watched: {
      table: { name: string; nameRef: string };
      pipe: { name: string; nameRef: string };
      stateMachine: { name: string; arnRef: string };
      dlq: DeadLetterQueue;
    },
  ): void {
    const { table, pipe, stateMachine } = watched;
    // Pipes publish no iterator age for a DynamoDB stream source, and DynamoDB Streams none for its readers:
    // the table's own throttles are what AWS exposes here.
    watchTable(monitoring, "Source: DynamoDB table", { id: "table", ...table });
    const [pipeFailed, pipeTimeout] = watchPipe(monitoring, "Router: EventBridge pipe", {
      id: "pipe",
      ...pipe,
      timeouts: true,
      alarmNames: {
        "pipe-execution-failed": `${pipe.name}-failed`,
        "pipe-execution-timeout": `${pipe.name}-timeout`,
      },
    });
    pipeFailed?.moveFromId("aws_cloudwatch_metric_alarm.pipe-failed-alarm");
    pipeTimeout?.moveFromId("aws_cloudwatch_metric_alarm.pipe-timeout-alarm");
    // A stopped or disabled pipe fails nothing: it shows only as writes the pipe never reads.
    watchPipeStall(monitoring, "Router: EventBridge pipe", {
      id: "pipe",
      ...pipe,
      tableNameRef: table.nameRef,
    });
    // Who stopped it, within minutes, when the account has a trail (see README).
    watchPipeStopCalls(monitoring, "Router: EventBridge pipe", {
      id: "pipe",
      name: pipe.name,
      ruleName: this.names.name("eventRule", "momento-stream-stop-calls"),
    });
    const [workflowFailed, workflowTimedOut] = watchStateMachine(monitoring, "Target: Express workflow", {
      id: "workflow",
      ...stateMachine,
      alarmNames: {
        "state-machine-failed": `${stateMachine.name}-failed`,
        "state-machine-timed-out": `${stateMachine.name}-timed-out`,
      },
    });
    workflowFailed?.moveFromId("aws_cloudwatch_metric_alarm.workflow-failed-alarm");
    workflowTimedOut?.moveFromId("aws_cloudwatch_metric_alarm.workflow-timed-out-alarm");
    watchDeadLetterQueue(monitoring, "Failures: dead-letter queue", watched.dlq);
  }

  /** The Express workflow, its role and its log group. */
  private workflow(
    settings: DynamodbPipesMomentoSettings,
    momento: {
      name: string;
      endpoint: string;
      connection: CloudwatchEventConnection;
      dlq: DeadLetterQueue;
      scopes: KeyScopes;
    },
  ): SfnStateMachine {
    const { name, scopes } = momento;
    const key = this.kms;
    // Built from the name: the machine refers to its role, so the role cannot refer to the machine's arn.
    const arn = scopes.stateMachineArn;
    const paths = momentoPaths(settings.cacheName, settings.topicName);
    const logs = managedLogGroup(
      this,
      "workflow-logs",
      `/aws/vendedlogs/states/${name}`,
      this.config.logRetentionDays,
      key,
    );
    const { logging } = settings;
    const logsOn = logging.level !== "OFF";
    const roleName = this.names.name("iamRole", "dynamodb-pipes-momento-sfn");
    if (logsOn) allowWorkflowLogDelivery(key, scopes);
    // What an HTTP Task needs: permission to call exactly these endpoints with these methods, and to read the
    // connection's credentials from the secret EventBridge keeps for it.
    // @see https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html#connect-http-task-permissions
    const role = new ServiceRole(this, "workflow-role", {
      name: roleName,
      description: `Execution role of the ${name} workflow: Momento calls through the connection`,
      service: "states.amazonaws.com",
      guard: { sourceArns: [arn], sourceAccount: this.accountId },
      statements: [
        ...(
          [
            ["WriteAndEvictCache", ["PUT", "DELETE"], paths.cache],
            ["PublishToTopic", ["POST"], paths.topic],
          ] as const
        ).map(([sid, methods, path]) => ({
          sid,
          actions: ["states:InvokeHTTPEndpoint"],
          resources: [arn],
          conditions: [
            { test: "StringEquals", variable: "states:HTTPMethod", values: [...methods] },
            // The endpoint without its query string; "?*" in case a query is ever counted as part of it.
            {
              test: "StringLike",
              variable: "states:HTTPEndpoint",
              values: [`${momento.endpoint}${path}`, `${momento.endpoint}${path}?*`],
            },
          ],
        })),
        {
          sid: "UseMomentoConnection",
          actions: ["events:RetrieveConnectionCredentials"],
          resources: [momento.connection.arn],
        },
        {
          sid: "ReadConnectionSecret",
          actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          resources: [momento.connection.secretArn],
        },
        { sid: "ReportRejectedRecords", actions: ["sqs:SendMessage"], resources: [momento.dlq.arn] },
        { sid: "DeliverExecutionLogs", actions: [...LOG_DELIVERY_ACTIONS], resources: ["*"] },
        ...workflowKeyStatements(key, roleName, scopes, logsOn),
      ],
    });
    const stateMachine = new SfnStateMachine(this, "workflow", {
      name,
      // Express: the only type a pipe can invoke synchronously (REQUEST_RESPONSE), at most 5 minutes a run.
      type: "EXPRESS",
      roleArn: role.arn,
      definition: JSON.stringify(
        workflowDefinition({
          endpoint: momento.endpoint,
          connectionArn: momento.connection.arn,
          cacheName: settings.cacheName,
          topicName: settings.topicName,
          partitionKey: settings.partitionKey,
          cacheTtlAttribute: settings.cacheTtlAttribute,
          defaultCacheTtlSeconds: settings.defaultCacheTtlSeconds,
          ttlRange: { min: MOMENTO_MIN_TTL_SECONDS, max: MOMENTO_MAX_TTL_SECONDS },
          httpRetry: { maxAttempts: settings.httpRetryAttempts, intervalSeconds: 1 },
          rejectedQueueUrl: momento.dlq.url,
        }),
      ),
      loggingConfiguration: {
        level: WORKFLOW_LOG_LEVEL[logging.level],
        includeExecutionData: logging.includeExecutionData,
        // Step Functions wants the log group ARN with its ":*" stream suffix.
        logDestination: `${logs.arn}:*`,
      },
      encryptionConfiguration: key.arn
        ? { type: "CUSTOMER_MANAGED_KMS_KEY", kmsKeyId: key.arn, kmsDataKeyReusePeriodSeconds: 300 }
        : { type: "AWS_OWNED_KEY" },
      dependsOn: [role.policy],
    });
    if (logging.level === "OFF") {
      suppressBaseline(
        stateMachine,
        "LOG-SFN",
        'workflow logging turned off on purpose with stacks.dynamodb-pipes-momento.logging.level = "OFF"',
      );
    }
    return stateMachine;
  }
}
