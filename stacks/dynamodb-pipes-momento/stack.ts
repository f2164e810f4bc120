import { CloudwatchEventApiDestination } from "@cdktf/provider-aws/lib/cloudwatch-event-api-destination";
import { CloudwatchEventConnection } from "@cdktf/provider-aws/lib/cloudwatch-event-connection";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { PipesPipe } from "@cdktf/provider-aws/lib/pipes-pipe";
import { Fn, TerraformOutput, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
import { suppressBaseline } from "../baseline/suppress";
import type { ProjectConfig } from "../config/project-config";
import { DeadLetterQueue } from "../shared/dead-letter-queue";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { managedLogGroup } from "../shared/log-group";
import { ServiceRole } from "../shared/service-role";
import { MOMENTO_ENDPOINT_DESCRIPTION, MOMENTO_ENDPOINT_PATTERN } from "./settings";
import {
  type ApiDestinationTargetParameters,
  cacheDeleteFilters,
  cacheDeleteTarget,
  cachePutFilters,
  cachePutTarget,
  type FilterPattern,
  MOMENTO_OPERATIONS,
  type MomentoOperation,
  topicPublishFilters,
  topicPublishOperation,
  topicPublishTarget,
  WEATHER_ATTRIBUTES,
} from "./templates";

/** Terraform variable names: `TF_VAR_<name>` supplies them at plan and apply time. */
export const API_KEY_VARIABLE = "momento_api_key";
export const ENDPOINT_VARIABLE = "momento_http_endpoint";

/**
 * API destinations accept no batches: "If you configure a pipe with an enrichment or target that doesn't
 * support batching, you won't be able to activate batching on the source." (API destinations are not in the
 * guide's list of batchable targets.) One record per call, so the batch size is fixed, not a setting.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html
 */
const BATCH_SIZE = 1;

/** One pipe: which records (filters), which Momento call, and what it sends. */
interface PipeSpec {
  /** Construct id of the scope holding the pipe and its API destination; also the end of both names. */
  readonly id: "cache-put" | "topic-publish" | "cache-delete";
  readonly description: string;
  readonly operation: MomentoOperation;
  readonly target: ApiDestinationTargetParameters;
  /** Alternatives; empty means every record. */
  readonly filters: readonly FilterPattern[];
}

/**
 * DynamoDB table stream → three EventBridge pipes → API destinations → Momento's HTTP API: inserts and updates
 * are written to a cache, every change is published to a topic, deletions evict the cached copy.
 */
export class DynamodbPipesMomentoStack extends IntegrationStack {
  constructor(scope: Construct, config: ProjectConfig, options: StackOptions = {}) {
    super(scope, "dynamodb-pipes-momento", config, options);
    const settings = config.stacks["dynamodb-pipes-momento"];

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
        name: settings.tableName ?? this.names.name("dynamodbTable", "weather"),
        billingMode: "PAY_PER_REQUEST",
        hashKey: settings.partitionKey,
        attribute: [{ name: settings.partitionKey, type: "S" }],
        // Both images: REMOVE records then still carry the key, and MODIFY records the new values.
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        pointInTimeRecovery: { enabled: true },
        // KMS with the AWS managed key (aws/dynamodb): readers of the stream need no key policy grant.
        serverSideEncryption: { enabled: true },
        // Epoch seconds; expiry deletes the item, and its REMOVE record evicts the cached copy too.
        ttl: { attributeName: WEATHER_ATTRIBUTES.expiresAt, enabled: true },
        deletionProtectionEnabled: settings.deletionProtection ?? config.environment !== "dev",
      }),
    );

    const connection = new CloudwatchEventConnection(this, "connection", {
      name: this.names.name("connection", "momento"),
      description: "Momento HTTP API, API key in the Authorization header",
      authorizationType: "API_KEY",
      // Momento takes the key in `Authorization` (or a `token` query parameter, which would end up in logs).
      authParameters: { apiKey: { key: "Authorization", value: apiKey.stringValue } },
    });

    const pipes: readonly PipeSpec[] = [
      {
        id: "cache-put",
        description: "Inserts and updates with a TtlSeconds attribute: PUT the item into the Momento cache",
        operation: MOMENTO_OPERATIONS.cachePut,
        target: cachePutTarget(settings.cacheName, settings.partitionKey),
        filters: cachePutFilters,
      },
      {
        id: "topic-publish",
        description: "Every change: publish the event type and the new item to the Momento topic",
        operation: topicPublishOperation(settings.cacheName),
        target: topicPublishTarget(settings.topicName, settings.partitionKey),
        filters: topicPublishFilters,
      },
      {
        id: "cache-delete",
        description:
          "Deletions, and changes without a TtlSeconds attribute: DELETE the key from the Momento cache",
        operation: MOMENTO_OPERATIONS.cacheDelete,
        target: cacheDeleteTarget(settings.cacheName, settings.partitionKey),
        filters: cacheDeleteFilters,
      },
    ];
    const pipeNames = pipes.map((pipe) => this.names.name("pipe", `momento-${pipe.id}`));
    // One scope per edge: `aws_pipes_pipe.cache-put_pipe`, `aws_cloudwatch_event_api_destination.cache-put_destination`.
    const scopes = pipes.map((pipe) => new Construct(this, pipe.id));

    const destinations = pipes.map(
      (pipe, index) =>
        new CloudwatchEventApiDestination(scopes[index], "destination", {
          name: this.names.name("apiDestination", `momento-${pipe.id}`),
          description: `Momento ${pipe.operation.httpMethod} ${pipe.operation.endpointPath}`,
          connectionArn: connection.arn,
          httpMethod: pipe.operation.httpMethod,
          invocationEndpoint: `${endpoint.stringValue}${pipe.operation.endpointPath}`,
          invocationRateLimitPerSecond: settings.invocationRateLimitPerSecond,
        }),
    );

    // Pipes send failed records here with their own role (no queue policy for a service needed).
    const dlq = new DeadLetterQueue(this, "pipe-dlq", {
      name: this.names.name("sqsQueue", "dynamodb-pipes-momento-dlq"),
      alarmActions: this.alarmActions,
    });
    const logGroup = managedLogGroup(
      this,
      "pipe-logs",
      `/aws/vendedlogs/pipes/${this.names.name("logGroup", "dynamodb-pipes-momento")}`,
      config.logRetentionDays,
    );

    const role = new ServiceRole(this, "pipe-role", {
      name: this.names.name("iamRole", "dynamodb-pipes-momento"),
      description: "EventBridge Pipes read the table stream and call Momento through the API destinations",
      service: "pipes.amazonaws.com",
      // Built from the names: the pipes refer to the role, so their arn attributes cannot be used here.
      guard: {
        sourceArns: pipeNames.map((name) => this.arn("pipes", `pipe/${name}`)),
        sourceAccount: this.accountId,
      },
      statements: [
        {
          sid: "ReadTableStream",
          actions: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          resources: [table.streamArn],
        },
        {
          sid: "InvokeMomentoDestinations",
          actions: ["events:InvokeApiDestination"],
          resources: destinations.map((destination) => destination.arn),
        },
        { sid: "SendFailedRecords", actions: ["sqs:SendMessage"], resources: [dlq.arn] },
        {
          // Pipes write their CloudWatch logs with the pipe's role.
          sid: "WritePipeLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${logGroup.arn}:*`],
        },
      ],
    });
    // A pipe whose role cannot read the stream yet fails to start: create the permissions first.
    const rolePolicy = role.policy;

    const { logging } = settings;
    pipes.forEach((spec, index) => {
      const { target } = spec;
      const pipe = new PipesPipe(scopes[index], "pipe", {
        name: pipeNames[index],
        description: spec.description,
        desiredState: "RUNNING",
        roleArn: role.arn,
        source: table.streamArn,
        sourceParameters: {
          dynamodbStreamParameters: {
            startingPosition: settings.startingPosition,
            batchSize: BATCH_SIZE,
            // Pipes' defaults (-1) retry forever and block the shard; these send the record to the DLQ instead.
            maximumRetryAttempts: settings.maximumRetryAttempts,
            maximumRecordAgeInSeconds: settings.maximumRecordAgeSeconds,
            deadLetterConfig: { arn: dlq.arn },
          },
          filterCriteria:
            spec.filters.length > 0
              ? { filter: spec.filters.map((pattern) => ({ pattern: JSON.stringify(pattern) })) }
              : undefined,
        },
        target: destinations[index].arn,
        targetParameters: {
          inputTemplate: target.inputTemplate,
          httpParameters: {
            pathParameterValues: [...target.pathParameterValues],
            queryStringParameters: target.queryStringParameters
              ? { ...target.queryStringParameters }
              : undefined,
            headerParameters: target.headerParameters ? { ...target.headerParameters } : undefined,
          },
        },
        logConfiguration: {
          level: logging.level,
          // The payload is the table item (user data): logged only when asked for.
          includeExecutionData: logging.includeExecutionData ? ["ALL"] : undefined,
          cloudwatchLogsLogDestination: { logGroupArn: logGroup.arn },
        },
        dependsOn: [rolePolicy],
      });
      if (logging.level === "OFF") {
        suppressBaseline(
          pipe,
          "LOG-PIPE",
          'pipe logging turned off on purpose with stacks.dynamodb-pipes-momento.logging.level = "OFF"',
        );
      }
    });

    new TerraformOutput(this, "table_name", {
      value: table.name,
      description: "The table to write to (WEATHER_TABLE_NAME for the weather demo)",
    });
    new TerraformOutput(this, "stream_arn", { value: table.streamArn });
    pipes.forEach((spec, index) => {
      new TerraformOutput(this, `${spec.id.replaceAll("-", "_")}_pipe_name`, { value: pipeNames[index] });
    });
    new TerraformOutput(this, "dlq_url", {
      value: dlq.url,
      description: "Stream records the pipes could not deliver to Momento",
    });
    new TerraformOutput(this, "log_group_name", {
      value: logGroup.name,
      description: "Where the pipes log (errors only by default)",
    });
  }
}
