import { ApiGatewayAccount } from "@cdktf/provider-aws/lib/api-gateway-account";
import { ApiGatewayApiKey } from "@cdktf/provider-aws/lib/api-gateway-api-key";
import { ApiGatewayDeployment } from "@cdktf/provider-aws/lib/api-gateway-deployment";
import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import { ApiGatewayMethodSettings } from "@cdktf/provider-aws/lib/api-gateway-method-settings";
import { ApiGatewayRequestValidator } from "@cdktf/provider-aws/lib/api-gateway-request-validator";
import type { ApiGatewayResource } from "@cdktf/provider-aws/lib/api-gateway-resource";
import { ApiGatewayRestApi } from "@cdktf/provider-aws/lib/api-gateway-rest-api";
import { ApiGatewayStage } from "@cdktf/provider-aws/lib/api-gateway-stage";
import { ApiGatewayUsagePlan } from "@cdktf/provider-aws/lib/api-gateway-usage-plan";
import { ApiGatewayUsagePlanKey } from "@cdktf/provider-aws/lib/api-gateway-usage-plan-key";
import { CloudwatchLogStream } from "@cdktf/provider-aws/lib/cloudwatch-log-stream";
import { KinesisFirehoseDeliveryStream } from "@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream";
import { type ITerraformDependable, TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import type { StackProps } from "../core/stack-props";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { managedLogGroup } from "../shared/log-group";
import { StackMonitoring } from "../shared/monitoring/monitoring";
import { watchDeliveryStream, watchRestApiStage } from "../shared/monitoring/watch";
import type { PolicyStatement } from "../shared/policy-document";
import { SecureBucket } from "../shared/secure-bucket";
import { ServiceRole } from "../shared/service-role";
import {
  ACCESS_LOG_FORMAT,
  type ApiDefinition,
  apiDefinition,
  apiDefinitionHash,
  terraformLiterals,
} from "./api-definition";
import {
  bucketKeyStatement,
  DELIVERY_LOG_STREAM,
  ERRORS_PREFIX,
  firehoseStatements,
  lifecycleRules,
  RECORDS_PREFIX,
} from "./delivery";
import { FirehoseRoute } from "./firehose-route";
import type { ApiFirehoseS3Settings } from "./settings";

export { DELIVERY_LOG_STREAM, ERRORS_PREFIX, RECORDS_PREFIX } from "./delivery";

/**
 * Client → API Gateway REST API (`POST /records`, `POST /records/batch`; API key or IAM; validated against
 * JSON Schema models; throttled) → Firehose PutRecord / PutRecordBatch through AWS service integrations
 * (no Lambda) → S3, one line of compact JSON per record (NDJSON).
 */
export class ApiFirehoseS3Stack extends IntegrationStack {
  constructor(scope: Construct, props: StackProps<ApiFirehoseS3Settings>, options: StackOptions = {}) {
    super(scope, "api-firehose-s3", props, options);
    const { common: config, settings } = props;
    const retention = config.logRetentionDays;
    const monitoring = new StackMonitoring(this, {
      settings: settings.alarms,
      readmeAnchor: "api-firehose-s3",
    });

    // --- Storage and delivery ----------------------------------------------------------------------------

    const bucket = settings.existingBucketName
      ? undefined
      : new SecureBucket(this, "records-bucket", {
          bucketName: this.bucketName("records"),
          forceDestroy: settings.forceDestroy,
          // Outside dev by default: a plan that would delete or replace the bucket fails instead.
          preventDestroy: this.config.protectData,
          lifecycleRules: lifecycleRules(settings.lifecycle),
          // SSE-KMS with a bucket key when the stack key is a customer key; SSE-S3 otherwise.
          kmsKeyArn: this.kms.arn,
        });
    const bucketName = bucket?.name ?? (settings.existingBucketName as string);
    const bucketArn = bucket?.arn ?? `arn:${this.partition}:s3:::${bucketName}`;

    const streamName = this.names.name("firehoseStream", "records");
    const deliveryLogs = managedLogGroup(
      this,
      "delivery-logs",
      `/aws/kinesisfirehose/${streamName}`,
      retention,
      this.kms,
    );
    const deliveryLogStream = new CloudwatchLogStream(this, "delivery-log-stream", {
      name: DELIVERY_LOG_STREAM,
      logGroupName: deliveryLogs.name,
    });

    const firehoseRoleName = this.names.name("iamRole", "records-firehose");
    const firehoseRole = new ServiceRole(this, "firehose-role", {
      name: firehoseRoleName,
      description: `Firehose delivers ${streamName} to its S3 bucket and logs delivery errors`,
      service: "firehose.amazonaws.com",
      guard: { externalId: this.accountId },
      statements: [
        ...firehoseStatements(bucketArn, deliveryLogStream.arn),
        ...(settings.existingBucketKmsKeyArn
          ? [bucketKeyStatement(settings.existingBucketKmsKeyArn, bucketArn, this.region)]
          : []),
        // The bucket the stack creates, on the stack key: the same statement, granted through this.kms.
        ...(bucket ? this.bucketKeyStatements(firehoseRoleName) : []),
      ],
    });

    // Data-bearing too: it holds up to 15 minutes of records the API already acknowledged with a 200.
    const stream = this.protectData(
      new KinesisFirehoseDeliveryStream(this, "delivery-stream", {
        name: streamName,
        destination: "extended_s3",
        // Direct PUT: the stream itself must encrypt what it buffers (no Kinesis stream does it upstream). With
        // the stack key, Firehose creates its own grant on it (with the deployer's credentials) and manages it.
        // @see https://docs.aws.amazon.com/firehose/latest/APIReference/API_DeliveryStreamEncryptionConfigurationInput.html
        serverSideEncryption: this.kms.arn
          ? { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.kms.arn }
          : { enabled: true, keyType: "AWS_OWNED_CMK" },
        extendedS3Configuration: {
          bucketArn,
          roleArn: firehoseRole.arn,
          prefix: RECORDS_PREFIX,
          errorOutputPrefix: ERRORS_PREFIX,
          bufferingSize: settings.buffering.sizeMiB,
          bufferingInterval: settings.buffering.intervalSeconds,
          compressionFormat: settings.compression,
          // Objects say what they hold; replaces Firehose's default extension (".gz" with GZIP, else none).
          fileExtension: settings.compression === "GZIP" ? ".ndjson.gz" : ".ndjson",
          // Explicit, so partitions never shift if Firehose's default changes.
          customTimeZone: "UTC",
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: deliveryLogs.name,
            logStreamName: deliveryLogStream.name,
          },
        },
        // Firehose checks its access to the bucket when the stream is created: grant it first.
        dependsOn: [firehoseRole.policy, ...(bucket ? [bucket.policy] : [])],
      }),
    );

    // --- REST API ---------------------------------------------------------------------------------------

    const apiName = this.names.name("restApi", "records-api");
    const apiRoleName = this.names.name("iamRole", "records-api-firehose");
    const apiRole = new ServiceRole(this, "api-role", {
      name: apiRoleName,
      description: `API Gateway puts records into ${streamName}`,
      service: "apigateway.amazonaws.com",
      guard: {
        none:
          "API Gateway does not set aws:SourceArn or aws:SourceAccount when it assumes an integration's " +
          "credentials role; conditions on them make every call fail",
      },
      statements: [
        {
          sid: "PutRecordsIntoDeliveryStream",
          actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          resources: [stream.arn],
        },
      ],
    });

    const definition = apiDefinition({
      path: settings.path,
      // The literal name, not stream.name: VTL can't resolve a Terraform reference.
      deliveryStreamName: streamName,
      region: this.region,
      partition: this.partition,
      authorization: settings.authorization,
      credentialsRoleName: apiRoleName,
    });
    const api = new ApiGatewayRestApi(this, "api", {
      name: apiName,
      description: `Records posted as JSON are stored in S3 as NDJSON through Firehose ${streamName}`,
      endpointConfiguration: { types: ["REGIONAL"] },
      apiKeySource: "HEADER",
    });
    const apiParts = this.buildApi(api, definition, apiRole);

    const accountSettings = settings.manageAccountCloudWatchRole ? this.accountCloudWatchRole() : undefined;

    const deployment = new ApiGatewayDeployment(this, "deployment", {
      restApiId: api.id,
      // Deployments are snapshots: a new one is needed whenever anything in the definition changes.
      triggers: { "api-definition-sha256": apiDefinitionHash(definition) },
      // The stage moves to the new deployment before the old one is deleted (a stage's deployment can't be).
      lifecycle: { createBeforeDestroy: true },
      dependsOn: apiParts,
    });

    const accessLogs = managedLogGroup(
      this,
      "access-logs",
      `/aws/apigateway/${apiName}/${settings.stageName}/access`,
      retention,
      this.kms,
    );
    // API Gateway creates this group on first use with no retention; owning it sets retention and deletes it
    // with the stack. Its name holds the API id, known only once the API exists; the method settings, which
    // turn execution logging on, wait for it.
    const executionLogs = managedLogGroup(
      this,
      "execution-logs",
      `API-Gateway-Execution-Logs_${api.id}/${settings.stageName}`,
      retention,
      this.kms,
      // The API id is known only once the API exists: the key policy matches any API's group of this stage.
      `API-Gateway-Execution-Logs_*/${settings.stageName}`,
    );
    // Access and execution logging both need the account's CloudWatch role set in this region.
    const loggingPrerequisites = accountSettings ? [accountSettings] : [];
    const stage = new ApiGatewayStage(this, "stage", {
      restApiId: api.id,
      deploymentId: deployment.id,
      stageName: settings.stageName,
      description: `Records API (${settings.authorization === "API_KEY" ? "API key" : "IAM"} authorization)`,
      xrayTracingEnabled: settings.tracingEnabled,
      accessLogSettings: { destinationArn: accessLogs.arn, format: ACCESS_LOG_FORMAT },
      dependsOn: loggingPrerequisites.length > 0 ? loggingPrerequisites : undefined,
    });
    new ApiGatewayMethodSettings(this, "method-settings", {
      restApiId: api.id,
      stageName: stage.stageName,
      methodPath: "*/*",
      settings: {
        metricsEnabled: true,
        loggingLevel: settings.loggingLevel,
        // Data trace would log full request bodies (the records) and Firehose responses.
        dataTraceEnabled: false,
        throttlingRateLimit: settings.throttle.rateLimit,
        throttlingBurstLimit: settings.throttle.burstLimit,
      },
      dependsOn: [executionLogs, ...loggingPrerequisites],
    });

    // --- Alarms, in the order the data flows: the API, then the delivery to S3 ------------------------------

    watchRestApiStage(monitoring, "Source: REST API stage", {
      id: "stage",
      apiName,
      apiNameRef: api.name,
      stageRef: stage.stageName,
    });
    watchDeliveryStream(monitoring, "Target: Firehose delivery to S3", {
      id: "delivery-stream",
      name: streamName,
      nameRef: stream.name,
      bufferingIntervalSeconds: settings.buffering.intervalSeconds,
    });

    // --- Access -----------------------------------------------------------------------------------------

    const [single, batch] = definition.routes.map(
      (route) => `${stage.invokeUrl}/${route.pathParts.join("/")}`,
    );
    new TerraformOutput(this, "invoke_url", {
      value: single,
      description: 'POST {"Data": <any JSON>} here (Content-Type: application/json)',
    });
    new TerraformOutput(this, "batch_invoke_url", {
      value: batch,
      description: 'POST {"Records": [{"Data": <any JSON>}, ...]} here (1 to 500 records)',
    });
    if (settings.authorization === "API_KEY") this.apiKeyAccess(api, stage, settings);
    else {
      new TerraformOutput(this, "execute_api_arns", {
        value: definition.routes.map(
          (route) =>
            `${api.executionArn}/${stage.stageName}/${route.httpMethod}/${route.pathParts.join("/")}`,
        ),
        description: "Grant callers execute-api:Invoke on these ARNs (identity policies, same account)",
      });
    }
    new TerraformOutput(this, "rest_api_id", { value: api.id });
    new TerraformOutput(this, "stage_name", { value: stage.stageName });
    new TerraformOutput(this, "bucket_name", {
      value: bucketName,
      description: "Where the NDJSON objects are",
    });
    new TerraformOutput(this, "delivery_stream_name", { value: stream.name });
    new TerraformOutput(this, "delivery_error_log_group", {
      value: deliveryLogs.name,
      description: "Firehose delivery errors (S3 access, throttling)",
    });
  }

  /**
   * Firehose writes objects to the stack's bucket, which S3 encrypts with the stack key (bucket key): the role
   * may use the key only through S3 and for this bucket (with S3 Bucket Keys the encryption context is the
   * bucket ARN). Empty in aws-managed mode.
   */
  private bucketKeyStatements(roleName: string): PolicyStatement[] {
    if (this.kms.arn === undefined) return [];
    // Built from the name, so `npm run kms:policy` can print it before the bucket exists.
    const literalBucketArn = `arn:${this.partition}:s3:::${this.bucketName("records")}`;
    const statement = bucketKeyStatement(this.kms.arn, literalBucketArn, this.region);
    return this.kms.roleStatements(roleName, statement.sid, statement.actions, statement.conditions ?? []);
  }

  /** Validator, models, resources, methods and integrations; returns everything a deployment snapshots. */
  private buildApi(
    api: ApiGatewayRestApi,
    definition: ApiDefinition,
    role: ServiceRole,
  ): ITerraformDependable[] {
    const validator = new ApiGatewayRequestValidator(this, "body-validator", {
      restApiId: api.id,
      name: definition.validator.name,
      validateRequestBody: definition.validator.validateRequestBody,
      validateRequestParameters: definition.validator.validateRequestParameters,
    });
    const parts: ITerraformDependable[] = [validator];
    const resources = new Map<string, ApiGatewayResource>();
    for (const route of definition.routes) {
      const parentPath = route.pathParts.slice(0, -1).join("/");
      const parent = parentPath === "" ? api.rootResourceId : resources.get(parentPath)?.id;
      if (parent === undefined) throw new Error(`Route ${route.id}: no resource for /${parentPath}`);
      const built = new FirehoseRoute(this, route.id, {
        api,
        parentId: parent,
        route,
        definition,
        validator,
        role,
      });
      resources.set(route.pathParts.join("/"), built.resource);
      parts.push(...built.parts);
    }
    const gatewayResponses = new Construct(this, "gateway-responses");
    for (const spec of definition.gatewayResponses) {
      parts.push(
        new ApiGatewayGatewayResponse(
          gatewayResponses,
          spec.responseType.toLowerCase().replaceAll("_", "-"),
          {
            restApiId: api.id,
            responseType: spec.responseType,
            statusCode: spec.statusCode,
            responseTemplates: terraformLiterals(spec.responseTemplates),
          },
        ),
      );
    }
    return parts;
  }

  /** An API key and a usage plan on the stage: per-key throttling and quota, plus the key's outputs. */
  private apiKeyAccess(
    api: ApiGatewayRestApi,
    stage: ApiGatewayStage,
    settings: ApiFirehoseS3Settings,
  ): void {
    const name = this.names.name("restApi", "records-api");
    // AWS generates the value: it never appears in the synthesized files, only in (sensitive) state.
    const apiKey = new ApiGatewayApiKey(this, "api-key", {
      name,
      description: `Client key of ${name}`,
      enabled: true,
    });
    const plan = new ApiGatewayUsagePlan(this, "usage-plan", {
      name,
      description: `Throttle${settings.quota ? " and quota" : ""} of ${name}'s API key`,
      apiStages: [{ apiId: api.id, stage: stage.stageName }],
      throttleSettings: { rateLimit: settings.throttle.rateLimit, burstLimit: settings.throttle.burstLimit },
      quotaSettings: settings.quota
        ? { limit: settings.quota.limit, period: settings.quota.period }
        : undefined,
    });
    new ApiGatewayUsagePlanKey(this, "usage-plan-key", {
      keyId: apiKey.id,
      keyType: "API_KEY",
      usagePlanId: plan.id,
    });
    new TerraformOutput(this, "api_key_id", {
      value: apiKey.id,
      description: "aws apigateway get-api-key --api-key <id> --include-value --query value --output text",
    });
    new TerraformOutput(this, "api_key_value", {
      value: apiKey.value,
      sensitive: true,
      description: "terraform output -raw api_key_value",
    });
  }

  /**
   * API Gateway's CloudWatch Logs role for this account and region (aws_api_gateway_account). Every API in
   * the region logs through it, so only one stack may own it; on destroy the setting is reset rather than
   * left pointing at a deleted role.
   */
  private accountCloudWatchRole(): ApiGatewayAccount {
    const logGroups = this.arn("logs", "log-group:*");
    const role = new ServiceRole(this, "account-logs-role", {
      name: this.names.name("iamRole", "apigateway-cloudwatch"),
      description: "API Gateway writes execution and access logs of every API in this region",
      service: "apigateway.amazonaws.com",
      guard: {
        none: "The account-level logging role is assumed by API Gateway for every API in the region",
      },
      statements: [
        {
          // AWS's AmazonAPIGatewayPushToCloudWatchLogs actions, limited to this account and region.
          sid: "WriteApiLogs",
          actions: [
            "logs:CreateLogGroup",
            "logs:CreateLogStream",
            "logs:DescribeLogStreams",
            "logs:PutLogEvents",
            "logs:GetLogEvents",
            "logs:FilterLogEvents",
          ],
          resources: [logGroups, `${logGroups}:log-stream:*`],
        },
        // DescribeLogGroups has no resource-level permission.
        { sid: "ListLogGroups", actions: ["logs:DescribeLogGroups"], resources: ["*"] },
      ],
    });
    return new ApiGatewayAccount(this, "account", {
      cloudwatchRoleArn: role.arn,
      resetOnDelete: true,
      // API Gateway checks that it can assume the role when the setting is made.
      dependsOn: [role.policy],
    });
  }
}
