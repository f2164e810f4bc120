import { apiDefinition, apiDefinitionHash } from "../../stacks/api-firehose-s3/api-definition";
import type { ApiFirehoseS3Settings } from "../../stacks/api-firehose-s3/settings";
import { ERRORS_PREFIX, RECORDS_PREFIX } from "../../stacks/api-firehose-s3/stack";
import {
  BATCH_MODEL,
  GATEWAY_RESPONSES,
  METHOD_RESPONSE_STATUS_CODES,
  PUT_RECORD_BATCH_INTEGRATION_RESPONSES,
  PUT_RECORD_INTEGRATION_RESPONSES,
  putRecordBatchRequestTemplate,
  putRecordRequestTemplate,
  RECORD_MODEL,
} from "../../stacks/api-firehose-s3/templates";
import type { ProjectConfig } from "../../stacks/config/project-config";
import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  synthesizedOnce,
  type TerraformJson,
  testConfig,
} from "../support/synth";
import { terraformStringValue, terraformStringValues } from "./terraform-string";

const STACK = "api-firehose-s3";
const ACCOUNT = "111122223333";
const STREAM_ARN = "${aws_kinesis_firehose_delivery_stream.delivery-stream.arn}";
const BUCKET_ARN = "${aws_s3_bucket.records-bucket_bucket.arn}";
const API_ID = "${aws_api_gateway_rest_api.api.id}";
const ROUTES = ["put-record", "put-record-batch"] as const;
const HOURLY = "year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/";

const configWith = (settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  testConfig({ accountId: ACCOUNT, ...top, stacks: { [STACK]: settings } });
const synthConfig = (config: ProjectConfig) => synthesize({ stacks: [STACK], config });
const synthWith = (settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  synthConfig(configWith(settings, top));
/** synthWith for tests that only read the output: each configuration once per file. */
const synthesizedWith = synthesizedOnce(synthWith);

/** Every resource of `type`, by name. */
const ofType = (stack: TerraformJson, type: string): Record<string, TerraformJson> =>
  stack.resource[type] ?? {};

/** The deployment's redeployment trigger. */
const triggerOf = (stack: TerraformJson): string =>
  resource(stack, "aws_api_gateway_deployment", "deployment").triggers["api-definition-sha256"];

/** Every option on (the ALL_OPTIONS entry proposed for __tests__/support/variants.ts). */
const ALL_OPTIONS = {
  path: "events",
  stageName: "prod",
  authorization: "API_KEY",
  throttle: { rateLimit: 500, burstLimit: 1000 },
  quota: { limit: 1_000_000, period: "DAY" },
  loggingLevel: "INFO",
  tracingEnabled: true,
  manageAccountCloudWatchRole: true,
  buffering: { sizeMiB: 64, intervalSeconds: 60 },
  compression: "GZIP",
  lifecycle: { transitionDays: 90, transitionStorageClass: "GLACIER_IR", expirationDays: 365 },
  forceDestroy: true,
  alarms: {
    "api-5xx-rate": { threshold: 0.05, enabled: true },
    "api-latency-p99": { threshold: 5000, enabled: true },
    "api-4xx-rate": { threshold: 0.2, enabled: false },
    "delivery-freshness": { threshold: 1800, enabled: true },
    "delivery-success": { threshold: 0.9, enabled: true },
    "delivery-throttled": { threshold: 10, enabled: true },
  },
};

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    const synthesized = synthesizedWith();
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  // Addresses are the contract with ops: changing one destroys and recreates real infrastructure.
  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual([
      "aws_api_gateway_api_key.api-key",
      "aws_api_gateway_deployment.deployment",
      "aws_api_gateway_gateway_response.gateway-responses_access-denied",
      "aws_api_gateway_gateway_response.gateway-responses_bad-request-body",
      "aws_api_gateway_gateway_response.gateway-responses_default-4xx",
      "aws_api_gateway_gateway_response.gateway-responses_default-5xx",
      "aws_api_gateway_gateway_response.gateway-responses_invalid-api-key",
      "aws_api_gateway_gateway_response.gateway-responses_missing-authentication-token",
      "aws_api_gateway_gateway_response.gateway-responses_quota-exceeded",
      "aws_api_gateway_gateway_response.gateway-responses_throttled",
      "aws_api_gateway_gateway_response.gateway-responses_unsupported-media-type",
      "aws_api_gateway_integration.put-record-batch_integration",
      "aws_api_gateway_integration.put-record_integration",
      "aws_api_gateway_integration_response.put-record-batch_integration-response-200",
      "aws_api_gateway_integration_response.put-record-batch_integration-response-500",
      "aws_api_gateway_integration_response.put-record-batch_integration-response-502",
      "aws_api_gateway_integration_response.put-record_integration-response-200",
      "aws_api_gateway_integration_response.put-record_integration-response-500",
      "aws_api_gateway_integration_response.put-record_integration-response-502",
      "aws_api_gateway_method.put-record-batch_method",
      "aws_api_gateway_method.put-record_method",
      "aws_api_gateway_method_response.put-record-batch_method-response-200",
      "aws_api_gateway_method_response.put-record-batch_method-response-400",
      "aws_api_gateway_method_response.put-record-batch_method-response-500",
      "aws_api_gateway_method_response.put-record-batch_method-response-502",
      "aws_api_gateway_method_response.put-record-batch_method-response-503",
      "aws_api_gateway_method_response.put-record_method-response-200",
      "aws_api_gateway_method_response.put-record_method-response-400",
      "aws_api_gateway_method_response.put-record_method-response-500",
      "aws_api_gateway_method_response.put-record_method-response-502",
      "aws_api_gateway_method_response.put-record_method-response-503",
      "aws_api_gateway_method_settings.method-settings",
      "aws_api_gateway_model.put-record-batch_model",
      "aws_api_gateway_model.put-record_model",
      "aws_api_gateway_request_validator.body-validator",
      "aws_api_gateway_resource.put-record-batch_resource",
      "aws_api_gateway_resource.put-record_resource",
      "aws_api_gateway_rest_api.api",
      "aws_api_gateway_stage.stage",
      "aws_api_gateway_usage_plan.usage-plan",
      "aws_api_gateway_usage_plan_key.usage-plan-key",
      "aws_cloudwatch_composite_alarm.monitoring_unhealthy",
      "aws_cloudwatch_dashboard.monitoring_dashboard",
      "aws_cloudwatch_log_group.access-logs",
      "aws_cloudwatch_log_group.delivery-logs",
      "aws_cloudwatch_log_group.execution-logs",
      "aws_cloudwatch_log_stream.delivery-log-stream",
      "aws_cloudwatch_metric_alarm.monitoring_delivery-stream_data-freshness",
      "aws_cloudwatch_metric_alarm.monitoring_delivery-stream_delivery-success",
      "aws_cloudwatch_metric_alarm.monitoring_delivery-stream_throttled-records",
      "aws_cloudwatch_metric_alarm.monitoring_stage_4xx-rate",
      "aws_cloudwatch_metric_alarm.monitoring_stage_5xx-rate",
      "aws_cloudwatch_metric_alarm.monitoring_stage_latency-p99",
      "aws_iam_role.api-role_role",
      "aws_iam_role.firehose-role_role",
      "aws_iam_role_policy.api-role_policy",
      "aws_iam_role_policy.firehose-role_policy",
      "aws_kinesis_firehose_delivery_stream.delivery-stream",
      "aws_s3_bucket.records-bucket_bucket",
      "aws_s3_bucket_lifecycle_configuration.records-bucket_lifecycle",
      "aws_s3_bucket_ownership_controls.records-bucket_ownership",
      "aws_s3_bucket_policy.records-bucket_policy",
      "aws_s3_bucket_public_access_block.records-bucket_public-access",
      "aws_s3_bucket_server_side_encryption_configuration.records-bucket_encryption",
      "aws_s3_bucket_versioning.records-bucket_versioning",
      "data.aws_iam_policy_document.api-role_permissions",
      "data.aws_iam_policy_document.api-role_trust",
      "data.aws_iam_policy_document.firehose-role_permissions",
      "data.aws_iam_policy_document.firehose-role_trust",
      "data.aws_iam_policy_document.records-bucket_policy-document",
    ]);
  });

  describe("storage", () => {
    test("the bucket name is unique per account, region and environment; force_destroy is off", () => {
      expect(resource(stack, "aws_s3_bucket", "records-bucket_bucket")).toMatchObject({
        bucket: `integ-dev-records-${ACCOUNT}-us-east-1`,
        force_destroy: false,
      });
    });

    test("objects move to STANDARD_IA after 30 days and never expire, beside the baseline rules", () => {
      const rules = resource(stack, "aws_s3_bucket_lifecycle_configuration", "records-bucket_lifecycle").rule;
      expect(rules.map((r: TerraformJson) => r.id)).toEqual([
        "abort-incomplete-multipart-uploads",
        "expire-noncurrent-versions",
        "remove-expired-delete-markers",
        "transition-objects",
      ]);
      expect(rules[3]).toEqual({
        id: "transition-objects",
        status: "Enabled",
        filter: [{}],
        transition: [{ days: 30, storage_class: "STANDARD_IA" }],
      });
    });

    test("the bucket policy only denies non-TLS requests: Firehose writes through its role", () => {
      expect(statementsOf(stack, "records-bucket_policy-document").map((s: TerraformJson) => s.sid)).toEqual([
        "DenyInsecureTransport",
      ]);
    });
  });

  describe("delivery stream", () => {
    test("Direct PUT to S3, encrypted, with date-partitioned data and separate error output", () => {
      const delivery = resource(stack, "aws_kinesis_firehose_delivery_stream", "delivery-stream");
      expect(delivery).toMatchObject({
        name: "integ-dev-records",
        destination: "extended_s3",
        server_side_encryption: { enabled: true, key_type: "AWS_OWNED_CMK" },
        extended_s3_configuration: {
          bucket_arn: BUCKET_ARN,
          role_arn: "${aws_iam_role.firehose-role_role.arn}",
          prefix: `records/${HOURLY}`,
          error_output_prefix: `errors/!{firehose:error-output-type}/${HOURLY}`,
          buffering_size: 5,
          buffering_interval: 300,
          compression_format: "UNCOMPRESSED",
          file_extension: ".ndjson",
          custom_time_zone: "UTC",
          cloudwatch_logging_options: {
            enabled: true,
            log_group_name: "${aws_cloudwatch_log_group.delivery-logs.name}",
            log_stream_name: "${aws_cloudwatch_log_stream.delivery-log-stream.name}",
          },
        },
        depends_on: [
          "aws_iam_role_policy.firehose-role_policy",
          "aws_s3_bucket_policy.records-bucket_policy",
        ],
      });
      expect(delivery.kinesis_source_configuration).toBeUndefined();
      expect(RECORDS_PREFIX.startsWith("records/")).toBe(true);
      expect(ERRORS_PREFIX).toContain("!{firehose:error-output-type}");
    });

    test("delivery errors go to a managed log group and its log stream", () => {
      expect(resource(stack, "aws_cloudwatch_log_group", "delivery-logs")).toMatchObject({
        name: "/aws/kinesisfirehose/integ-dev-records",
        retention_in_days: 30,
      });
      expect(resource(stack, "aws_cloudwatch_log_stream", "delivery-log-stream")).toMatchObject({
        name: "DestinationDelivery",
        log_group_name: "${aws_cloudwatch_log_group.delivery-logs.name}",
      });
    });

    test("only Firehose, for this account (sts:ExternalId), may assume its role", () => {
      expect(statementsOf(stack, "firehose-role_trust")).toEqual([
        {
          sid: "AllowServiceToAssume",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["firehose.amazonaws.com"] }],
          condition: [{ test: "StringEquals", variable: "sts:ExternalId", values: [ACCOUNT] }],
        },
      ]);
    });

    test("Firehose may use only this bucket (its two prefixes) and write only its own log stream", () => {
      expect(statementsOf(stack, "firehose-role_permissions")).toEqual([
        {
          sid: "LocateBucket",
          effect: "Allow",
          actions: ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"],
          resources: [BUCKET_ARN],
        },
        {
          sid: "WriteObjects",
          effect: "Allow",
          actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"],
          resources: [`${BUCKET_ARN}/records/*`, `${BUCKET_ARN}/errors/*`],
        },
        {
          sid: "LogDeliveryErrors",
          effect: "Allow",
          actions: ["logs:PutLogEvents"],
          resources: ["${aws_cloudwatch_log_stream.delivery-log-stream.arn}"],
        },
      ]);
    });
  });

  describe("REST API", () => {
    test("is regional and reads API keys from the x-api-key header", () => {
      expect(resource(stack, "aws_api_gateway_rest_api", "api")).toMatchObject({
        name: "integ-dev-records-api",
        endpoint_configuration: { types: ["REGIONAL"] },
        api_key_source: "HEADER",
      });
    });

    test("POST /records and POST /records/batch", () => {
      expect(resource(stack, "aws_api_gateway_resource", "put-record_resource")).toMatchObject({
        rest_api_id: API_ID,
        parent_id: "${aws_api_gateway_rest_api.api.root_resource_id}",
        path_part: "records",
      });
      expect(resource(stack, "aws_api_gateway_resource", "put-record-batch_resource")).toMatchObject({
        parent_id: "${aws_api_gateway_resource.put-record_resource.id}",
        path_part: "batch",
      });
      for (const route of ROUTES) {
        expect(resource(stack, "aws_api_gateway_method", `${route}_method`).http_method).toBe("POST");
      }
    });

    test.each([
      ["put-record", "PutRecord", RECORD_MODEL],
      ["put-record-batch", "PutRecordBatch", BATCH_MODEL],
    ])("%s requires an API key and a body valid against its model", (route, modelTitle, schema) => {
      expect(resource(stack, "aws_api_gateway_method", `${route}_method`)).toMatchObject({
        authorization: "NONE",
        api_key_required: true,
        request_validator_id: "${aws_api_gateway_request_validator.body-validator.id}",
        request_models: { "application/json": `\${aws_api_gateway_model.${route}_model.name}` },
      });
      const model = resource(stack, "aws_api_gateway_model", `${route}_model`);
      expect(model).toMatchObject({ rest_api_id: API_ID, content_type: "application/json" });
      expect(model.name).toBe(`Firehose${modelTitle.slice("Put".length)}`);
      expect(JSON.parse(terraformStringValue(model.schema))).toEqual(schema);
    });

    test("the validator checks bodies (the methods declare no parameters)", () => {
      expect(resource(stack, "aws_api_gateway_request_validator", "body-validator")).toMatchObject({
        rest_api_id: API_ID,
        validate_request_body: true,
        validate_request_parameters: false,
      });
    });

    test.each([
      ["put-record", "PutRecord"],
      ["put-record-batch", "PutRecordBatch"],
    ])("%s calls Firehose %s directly with the API role, JSON only", (route, action) => {
      const integration = resource(stack, "aws_api_gateway_integration", `${route}_integration`);
      expect(integration).toMatchObject({
        rest_api_id: API_ID,
        resource_id: `\${aws_api_gateway_resource.${route}_resource.id}`,
        http_method: `\${aws_api_gateway_method.${route}_method.http_method}`,
        type: "AWS",
        integration_http_method: "POST",
        uri: `arn:aws:apigateway:us-east-1:firehose:action/${action}`,
        credentials: "${aws_iam_role.api-role_role.arn}",
        passthrough_behavior: "NEVER",
        request_parameters: { "integration.request.header.Content-Type": "'application/x-amz-json-1.1'" },
      });
      const template = action === "PutRecord" ? putRecordRequestTemplate : putRecordBatchRequestTemplate;
      expect(terraformStringValues(integration.request_templates)).toEqual({
        "application/json": template("integ-dev-records"),
      });
    });

    test("API Gateway's role may only put records into this delivery stream", () => {
      expect(statementsOf(stack, "api-role_permissions")).toEqual([
        {
          sid: "PutRecordsIntoDeliveryStream",
          effect: "Allow",
          actions: ["firehose:PutRecord", "firehose:PutRecordBatch"],
          resources: [STREAM_ARN],
        },
      ]);
      expect(statementsOf(stack, "api-role_trust")).toEqual([
        {
          sid: "AllowServiceToAssume",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["apigateway.amazonaws.com"] }],
        },
      ]);
    });

    test.each([
      ["put-record", PUT_RECORD_INTEGRATION_RESPONSES],
      ["put-record-batch", PUT_RECORD_BATCH_INTEGRATION_RESPONSES],
    ])("%s declares a method response for every status and maps Firehose's answers", (route, specs) => {
      const methodResponses = Object.entries(ofType(stack, "aws_api_gateway_method_response"))
        .filter(([name]) => name.startsWith(`${route}_`))
        .map(([, r]) => r.status_code);
      expect(methodResponses.sort()).toEqual([...METHOD_RESPONSE_STATUS_CODES]);
      for (const spec of specs) {
        const response = resource(
          stack,
          "aws_api_gateway_integration_response",
          `${route}_integration-response-${spec.statusCode}`,
        );
        expect(response.status_code).toBe(spec.statusCode);
        expect(response.selection_pattern).toBe(spec.selectionPattern);
        expect(terraformStringValues(response.response_templates)).toEqual(spec.responseTemplates);
        expect(response.depends_on).toEqual(
          expect.arrayContaining([
            `aws_api_gateway_integration.${route}_integration`,
            ...METHOD_RESPONSE_STATUS_CODES.map(
              (s) => `aws_api_gateway_method_response.${route}_method-response-${s}`,
            ),
          ]),
        );
      }
    });

    test("gateway responses answer JSON for 400, 415, 403, 429 and every other error", () => {
      const synthesized = Object.values(ofType(stack, "aws_api_gateway_gateway_response")).map((r) => ({
        responseType: r.response_type,
        statusCode: r.status_code,
        responseTemplates: terraformStringValues(r.response_templates),
      }));
      expect(synthesized).toEqual(
        GATEWAY_RESPONSES.map((r) => ({ ...r })).sort((a, b) => a.responseType.localeCompare(b.responseType)),
      );
      expect(synthesized.map((r) => `${r.responseType}=${r.statusCode ?? "own"}`)).toEqual(
        expect.arrayContaining([
          "BAD_REQUEST_BODY=400",
          "UNSUPPORTED_MEDIA_TYPE=415",
          "INVALID_API_KEY=403",
          "THROTTLED=429",
          "QUOTA_EXCEEDED=429",
          "DEFAULT_4XX=own",
          "DEFAULT_5XX=own",
        ]),
      );
    });
  });

  describe("deployment and stage", () => {
    test("the deployment is redeployed on a hash of the API definition, before the old one goes", () => {
      const deployment = resource(stack, "aws_api_gateway_deployment", "deployment");
      const expected = apiDefinitionHash(
        apiDefinition({
          path: "records",
          deliveryStreamName: "integ-dev-records",
          region: "us-east-1",
          partition: "aws",
          authorization: "API_KEY",
          credentialsRoleName: "integ-dev-records-api-firehose",
        }),
      );
      expect(deployment).toMatchObject({
        rest_api_id: API_ID,
        triggers: { "api-definition-sha256": expected },
        lifecycle: { create_before_destroy: true },
      });
    });

    test("the deployment waits for every part of the API it snapshots", () => {
      const dependsOn: string[] = resource(stack, "aws_api_gateway_deployment", "deployment").depends_on;
      const snapshotted = ["resource", "model", "method", "integration", "method_response"]
        .concat(["integration_response", "gateway_response", "request_validator"])
        .map((type) => `aws_api_gateway_${type}.`);
      const apiParts = addressesOf(stack).filter((address) =>
        snapshotted.some((prefix) => address.startsWith(prefix)),
      );
      expect([...dependsOn].sort()).toEqual(apiParts);
    });

    test("the stage writes JSON access logs to a managed log group", () => {
      const stage = resource(stack, "aws_api_gateway_stage", "stage");
      expect(stage).toMatchObject({
        rest_api_id: API_ID,
        stage_name: "v1",
        deployment_id: "${aws_api_gateway_deployment.deployment.id}",
        xray_tracing_enabled: false,
        access_log_settings: { destination_arn: "${aws_cloudwatch_log_group.access-logs.arn}" },
      });
      const format = JSON.parse(stage.access_log_settings.format);
      expect(format).toMatchObject({
        requestId: "$context.requestId",
        ip: "$context.identity.sourceIp",
        caller: "$context.identity.caller",
        user: "$context.identity.user",
        requestTime: "$context.requestTime",
        httpMethod: "$context.httpMethod",
        resourcePath: "$context.resourcePath",
        status: "$context.status",
        protocol: "$context.protocol",
        responseLength: "$context.responseLength",
        integrationError: "$context.integration.error",
        errorMessage: "$context.error.message",
      });
      expect(resource(stack, "aws_cloudwatch_log_group", "access-logs")).toMatchObject({
        name: "/aws/apigateway/integ-dev-records-api/v1/access",
        retention_in_days: 30,
      });
    });

    test("API Gateway's execution log group is the stack's, with retention, before logging starts", () => {
      expect(resource(stack, "aws_cloudwatch_log_group", "execution-logs")).toMatchObject({
        name: "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.api.id}/v1",
        retention_in_days: 30,
      });
      expect(resource(stack, "aws_api_gateway_method_settings", "method-settings").depends_on).toEqual([
        "aws_cloudwatch_log_group.execution-logs",
      ]);
    });

    test("every method: metrics on, ERROR logging, no data trace, throttled", () => {
      expect(resource(stack, "aws_api_gateway_method_settings", "method-settings")).toMatchObject({
        rest_api_id: API_ID,
        stage_name: "${aws_api_gateway_stage.stage.stage_name}",
        method_path: "*/*",
        settings: {
          metrics_enabled: true,
          logging_level: "ERROR",
          data_trace_enabled: false,
          throttling_rate_limit: 100,
          throttling_burst_limit: 200,
        },
      });
    });

    test("the account-level CloudWatch role is left alone by default", () => {
      expect(stack.resource.aws_api_gateway_account).toBeUndefined();
      expect(resource(stack, "aws_api_gateway_stage", "stage").depends_on).toBeUndefined();
    });
  });

  describe("access", () => {
    test("one API key in a usage plan on the stage, throttled, without a quota by default", () => {
      expect(resource(stack, "aws_api_gateway_usage_plan", "usage-plan")).toMatchObject({
        name: "integ-dev-records-api",
        api_stages: [{ api_id: API_ID, stage: "${aws_api_gateway_stage.stage.stage_name}" }],
        throttle_settings: { rate_limit: 100, burst_limit: 200 },
      });
      expect(resource(stack, "aws_api_gateway_usage_plan", "usage-plan").quota_settings).toBeUndefined();
      expect(resource(stack, "aws_api_gateway_usage_plan_key", "usage-plan-key")).toMatchObject({
        key_id: "${aws_api_gateway_api_key.api-key.id}",
        key_type: "API_KEY",
        usage_plan_id: "${aws_api_gateway_usage_plan.usage-plan.id}",
      });
    });

    test("the key's value is generated by AWS: never in the synthesized file, only in an output", () => {
      const key = resource(stack, "aws_api_gateway_api_key", "api-key");
      expect(key).toMatchObject({ name: "integ-dev-records-api", enabled: true });
      expect(key.value).toBeUndefined();
      expect(stack.output.api_key_value).toMatchObject({
        value: "${aws_api_gateway_api_key.api-key.value}",
        sensitive: true,
      });
      expect(stack.variable).toBeUndefined();
      // Nothing that looks like a key value (API Gateway keys are 20 to 128 characters) outside references.
      const outsideReferences = text.replace(/\$\{[^}]*\}/g, "");
      expect(outsideReferences).not.toMatch(/"value":\s*"[A-Za-z0-9]{20,128}"/);
    });

    test("outputs: invoke URLs, key id and value, bucket and stream", () => {
      expect(Object.keys(stack.output).sort()).toEqual([
        "api_key_id",
        "api_key_value",
        "batch_invoke_url",
        "bucket_name",
        "delivery_error_log_group",
        "delivery_stream_name",
        "invoke_url",
        "rest_api_id",
        "stage_name",
      ]);
      expect(stack.output.invoke_url.value).toBe("${aws_api_gateway_stage.stage.invoke_url}/records");
      expect(stack.output.batch_invoke_url.value).toBe(
        "${aws_api_gateway_stage.stage.invoke_url}/records/batch",
      );
      expect(stack.output.api_key_id.value).toBe("${aws_api_gateway_api_key.api-key.id}");
      expect(stack.output.bucket_name.value).toBe("${aws_s3_bucket.records-bucket_bucket.bucket}");
      expect(stack.output.delivery_stream_name.value).toBe(
        "${aws_kinesis_firehose_delivery_stream.delivery-stream.name}",
      );
    });
  });

  test("no data is protected from destroy in dev", () => {
    expect(resource(stack, "aws_s3_bucket", "records-bucket_bucket").lifecycle).toBeUndefined();
    expect(
      resource(stack, "aws_kinesis_firehose_delivery_stream", "delivery-stream").lifecycle,
    ).toBeUndefined();
  });
});

describe(`${STACK} deployment triggers`, () => {
  let base: string;

  beforeAll(() => {
    base = triggerOf(synthesizedWith().json(STACK));
  });

  test("stay the same for the same configuration", () => {
    expect(triggerOf(synthWith().json(STACK))).toBe(base);
  });

  test("stay the same when only stage, usage plan, stream or bucket settings change", () => {
    const { path: _path, authorization: _authorization, ...nonApi } = ALL_OPTIONS;
    expect(triggerOf(synthWith(nonApi).json(STACK))).toBe(base);
  });

  test.each([
    ["the path", { path: "events" }],
    ["the authorization", { authorization: "AWS_IAM" }],
  ])("change with %s", (_, settings) => {
    expect(triggerOf(synthesizedWith(settings).json(STACK))).not.toBe(base);
  });

  test("change when the stream name in the request templates changes (another environment)", () => {
    const other = synthWith({}, { environment: "staging" }).json(STACK);
    const template = resource(
      other,
      "aws_api_gateway_integration",
      "put-record_integration",
    ).request_templates;
    expect(template["application/json"]).toContain('"integ-staging-records"');
    expect(triggerOf(other)).not.toBe(base);
  });

  test("change when a response template in templates.ts changes", () => {
    let changed: TerraformJson | undefined;
    jest.isolateModules(() => {
      const templatesPath = "../../stacks/api-firehose-s3/templates";
      const actual =
        jest.requireActual<typeof import("../../stacks/api-firehose-s3/templates")>(templatesPath);
      const edited = (specs: typeof actual.PUT_RECORD_INTEGRATION_RESPONSES) =>
        specs.map((spec) =>
          spec.statusCode === "200"
            ? {
                ...spec,
                responseTemplates: { "application/json": '{"recordId": $input.json("$.RecordId")}' },
              }
            : spec,
        );
      jest.doMock(templatesPath, () => ({
        ...actual,
        PUT_RECORD_INTEGRATION_RESPONSES: edited(actual.PUT_RECORD_INTEGRATION_RESPONSES),
      }));
      const { synthesize: isolatedSynthesize } =
        jest.requireActual<typeof import("../support/synth")>("../support/synth");
      changed = isolatedSynthesize({ stacks: [STACK], config: configWith() }).json(STACK);
    });
    if (!changed) throw new Error("no synthesis");
    expect(
      resource(changed, "aws_api_gateway_integration_response", "put-record_integration-response-200")
        .response_templates["application/json"],
    ).toBe('{"recordId": $input.json("$.RecordId")}');
    expect(triggerOf(changed)).not.toBe(base);
  });
});

describe(`${STACK} with IAM authorization`, () => {
  let stack: TerraformJson;

  beforeAll(() => {
    stack = synthesizedWith({ authorization: "AWS_IAM" }).json(STACK);
  });

  test("methods require SigV4 and no API key", () => {
    for (const route of ROUTES) {
      expect(resource(stack, "aws_api_gateway_method", `${route}_method`)).toMatchObject({
        authorization: "AWS_IAM",
        api_key_required: false,
      });
    }
  });

  test("no key, usage plan or key outputs; the methods' execute-api ARNs instead", () => {
    expect(stack.resource.aws_api_gateway_api_key).toBeUndefined();
    expect(stack.resource.aws_api_gateway_usage_plan).toBeUndefined();
    expect(stack.resource.aws_api_gateway_usage_plan_key).toBeUndefined();
    expect(stack.output.api_key_id).toBeUndefined();
    expect(stack.output.api_key_value).toBeUndefined();
    const methods =
      "${aws_api_gateway_rest_api.api.execution_arn}/${aws_api_gateway_stage.stage.stage_name}/POST";
    expect(stack.output.execute_api_arns.value).toEqual([`${methods}/records`, `${methods}/records/batch`]);
  });

  test("the stage is still throttled by its method settings", () => {
    expect(resource(stack, "aws_api_gateway_method_settings", "method-settings").settings).toMatchObject({
      throttling_rate_limit: 100,
      throttling_burst_limit: 200,
    });
  });
});

describe(`${STACK} with every option`, () => {
  let stack: TerraformJson;

  beforeAll(() => {
    stack = synthWith(ALL_OPTIONS).json(STACK);
  });

  test("adds the account-level CloudWatch role at stable addresses", () => {
    expect(addressesOf(stack).filter((a) => a.includes("account"))).toEqual([
      "aws_api_gateway_account.account",
      "aws_iam_role.account-logs-role_role",
      "aws_iam_role_policy.account-logs-role_policy",
      "data.aws_iam_policy_document.account-logs-role_permissions",
      "data.aws_iam_policy_document.account-logs-role_trust",
    ]);
    expect(resource(stack, "aws_api_gateway_account", "account")).toMatchObject({
      cloudwatch_role_arn: "${aws_iam_role.account-logs-role_role.arn}",
      reset_on_delete: true,
      depends_on: ["aws_iam_role_policy.account-logs-role_policy"],
    });
    for (const [type, name] of [
      ["aws_api_gateway_stage", "stage"],
      ["aws_api_gateway_method_settings", "method-settings"],
    ] as const) {
      expect(resource(stack, type, name).depends_on).toContain("aws_api_gateway_account.account");
    }
  });

  test("the account role may write logs of this account and region only", () => {
    const logGroups = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:*`;
    expect(statementsOf(stack, "account-logs-role_permissions")).toEqual([
      expect.objectContaining({
        sid: "WriteApiLogs",
        resources: [logGroups, `${logGroups}:log-stream:*`],
      }),
      expect.objectContaining({
        sid: "ListLogGroups",
        actions: ["logs:DescribeLogGroups"],
        resources: ["*"],
      }),
    ]);
  });

  test("path, stage, logging, tracing, throttle and quota", () => {
    expect(resource(stack, "aws_api_gateway_resource", "put-record_resource").path_part).toBe("events");
    expect(stack.output.batch_invoke_url.value).toBe(
      "${aws_api_gateway_stage.stage.invoke_url}/events/batch",
    );
    expect(resource(stack, "aws_api_gateway_stage", "stage")).toMatchObject({
      stage_name: "prod",
      xray_tracing_enabled: true,
    });
    expect(resource(stack, "aws_api_gateway_method_settings", "method-settings").settings).toMatchObject({
      logging_level: "INFO",
      data_trace_enabled: false,
      throttling_rate_limit: 500,
      throttling_burst_limit: 1000,
    });
    expect(resource(stack, "aws_api_gateway_usage_plan", "usage-plan")).toMatchObject({
      throttle_settings: { rate_limit: 500, burst_limit: 1000 },
      quota_settings: { limit: 1_000_000, period: "DAY" },
    });
  });

  test("GZIP objects with a .ndjson.gz extension and larger buffers", () => {
    expect(
      resource(stack, "aws_kinesis_firehose_delivery_stream", "delivery-stream").extended_s3_configuration,
    ).toMatchObject({
      compression_format: "GZIP",
      file_extension: ".ndjson.gz",
      buffering_size: 64,
      buffering_interval: 60,
    });
  });

  test("transition to GLACIER_IR, expiry and force_destroy as configured", () => {
    expect(resource(stack, "aws_s3_bucket", "records-bucket_bucket").force_destroy).toBe(true);
    const rules = resource(stack, "aws_s3_bucket_lifecycle_configuration", "records-bucket_lifecycle").rule;
    expect(rules.slice(3)).toEqual([
      {
        id: "transition-objects",
        status: "Enabled",
        filter: [{}],
        transition: [{ days: 90, storage_class: "GLACIER_IR" }],
      },
      { id: "expire-objects", status: "Enabled", filter: [{}], expiration: [{ days: 365 }] },
    ]);
  });

  test("no transition when transitionDays is null", () => {
    const other = synthWith({ lifecycle: { transitionDays: null, expirationDays: 7 } }).json(STACK);
    const rules = resource(other, "aws_s3_bucket_lifecycle_configuration", "records-bucket_lifecycle").rule;
    expect(rules.map((r: TerraformJson) => r.id)).toEqual([
      "abort-incomplete-multipart-uploads",
      "expire-noncurrent-versions",
      "remove-expired-delete-markers",
      "expire-objects",
    ]);
  });
});

describe(`${STACK} with an existing bucket`, () => {
  const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10`;
  const EXISTING = "arn:aws:s3:::acme-data-lake";
  let stack: TerraformJson;
  let defaults: TerraformJson;

  beforeAll(() => {
    stack = synthWith({ existingBucketName: "acme-data-lake", existingBucketKmsKeyArn: KEY }).json(STACK);
    defaults = synthesizedWith().json(STACK);
  });

  test("creates no bucket; every other address stays the same", () => {
    const bucketAddresses = addressesOf(defaults).filter((a) => a.includes("records-bucket"));
    expect(bucketAddresses).toHaveLength(8);
    expect(addressesOf(stack)).toEqual(addressesOf(defaults).filter((a) => !bucketAddresses.includes(a)));
  });

  test("Firehose delivers to it, and may write only its records/ and errors/ prefixes", () => {
    const delivery = resource(stack, "aws_kinesis_firehose_delivery_stream", "delivery-stream");
    expect(delivery.extended_s3_configuration.bucket_arn).toBe(EXISTING);
    expect(delivery.depends_on).toEqual(["aws_iam_role_policy.firehose-role_policy"]);
    const statements = statementsOf(stack, "firehose-role_permissions");
    expect(statements.slice(0, 2).map((s: TerraformJson) => s.resources)).toEqual([
      [EXISTING],
      [`${EXISTING}/records/*`, `${EXISTING}/errors/*`],
    ]);
    expect(stack.output.bucket_name.value).toBe("acme-data-lake");
  });

  test("its customer managed key may be used only through S3, for this bucket's objects", () => {
    expect(statementsOf(stack, "firehose-role_permissions")[3]).toEqual({
      sid: "EncryptObjectsWithBucketKey",
      effect: "Allow",
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resources: [KEY],
      condition: [
        { test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] },
        {
          test: "StringLike",
          variable: "kms:EncryptionContext:aws:s3:arn",
          values: [EXISTING, `${EXISTING}/records/*`, `${EXISTING}/errors/*`],
        },
      ],
    });
  });

  test("without a key, the role gets no KMS permission", () => {
    const plain = synthWith({ existingBucketName: "acme-data-lake" }).json(STACK);
    expect(statementsOf(plain, "firehose-role_permissions").map((s: TerraformJson) => s.sid)).toEqual([
      "LocateBucket",
      "WriteObjects",
      "LogDeliveryErrors",
    ]);
  });
});

describe(`${STACK} outside dev`, () => {
  test("the bucket and the delivery stream are protected from destroy", () => {
    const stack = synthWith({}, { environment: "prod" }).json(STACK);
    expect(resource(stack, "aws_s3_bucket", "records-bucket_bucket").lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(resource(stack, "aws_kinesis_firehose_delivery_stream", "delivery-stream").lifecycle).toEqual({
      prevent_destroy: true,
    });
  });

  test("without an account id in configuration, the role's external id is the caller's account", () => {
    const stack = synthConfig(testConfig()).json(STACK);
    expect(statementsOf(stack, "firehose-role_trust")[0].condition).toEqual([
      {
        test: "StringEquals",
        variable: "sts:ExternalId",
        values: ["${data.aws_caller_identity.current.account_id}"],
      },
    ]);
  });
});

describe(`${STACK} settings`, () => {
  test("defaults are the documented ones", () => {
    const expected: ApiFirehoseS3Settings = {
      path: "records",
      stageName: "v1",
      authorization: "API_KEY",
      throttle: { rateLimit: 100, burstLimit: 200 },
      quota: undefined,
      loggingLevel: "ERROR",
      tracingEnabled: false,
      manageAccountCloudWatchRole: false,
      buffering: { sizeMiB: 5, intervalSeconds: 300 },
      compression: "UNCOMPRESSED",
      lifecycle: { transitionDays: 30, transitionStorageClass: "STANDARD_IA", expirationDays: null },
      forceDestroy: false,
      alarms: {
        "api-5xx-rate": { threshold: 0.01, enabled: true },
        "api-latency-p99": { threshold: 2000, enabled: true },
        "api-4xx-rate": { threshold: 0.05, enabled: true },
        "delivery-freshness": { threshold: 600, enabled: true },
        "delivery-success": { threshold: 1, enabled: true },
        "delivery-throttled": { threshold: 0, enabled: true },
      },
    };
    expect(testConfig().stacks[STACK]).toEqual(expected);
  });

  test("every option is read as given", () => {
    expect(configWith(ALL_OPTIONS).stacks[STACK]).toEqual(ALL_OPTIONS);
  });

  const field = (name: string) => `stacks\\.api-firehose-s3\\.${name.replaceAll(".", "\\.")}`;

  test.each([
    [{ path: "records/batch" }, `${field("path")} = "records/batch": one URL path segment`],
    [{ path: "" }, `${field("path")} = "": one URL path segment`],
    [{ stageName: "v 1" }, `${field("stageName")} = "v 1": an API Gateway stage name`],
    [{ authorization: "COGNITO" }, `${field("authorization")} = "COGNITO": one of "API_KEY", "AWS_IAM"`],
    [{ throttle: { rateLimit: 0 } }, `${field("throttle.rateLimit")} = 0: a whole number from 1 to 10000`],
    [
      { throttle: { burstLimit: 5001 } },
      `${field("throttle.burstLimit")} = 5001: a whole number from 1 to 5000`,
    ],
    [
      { throttle: { rate: 1 } },
      `${field("throttle.rate")} = 1: unknown setting; known settings are rateLimit`,
    ],
    [{ quota: 1000 }, `${field("quota")} = 1000: an object with limit and period`],
    [{ quota: { limit: 0, period: "DAY" } }, `${field("quota.limit")} = 0: a whole number from 1`],
    [{ quota: { limit: 10 } }, `${field("quota.period")} = \\(missing\\): required with quota`],
    [
      { quota: { limit: 10, period: "YEAR" } },
      `${field("quota.period")} = "YEAR": one of "DAY", "WEEK", "MONTH"`,
    ],
    [
      { authorization: "AWS_IAM", quota: { limit: 10, period: "DAY" } },
      `${field("quota")} = .*: only used with authorization "API_KEY"`,
    ],
    [{ loggingLevel: "DEBUG" }, `${field("loggingLevel")} = "DEBUG": one of "OFF", "ERROR", "INFO"`],
    [{ tracingEnabled: "yes" }, `${field("tracingEnabled")} = "yes": true or false`],
    [{ manageAccountCloudWatchRole: 1 }, `${field("manageAccountCloudWatchRole")} = 1: true or false`],
    [
      { buffering: { sizeMiB: 129 } },
      `${field("buffering.sizeMiB")} = 129: a whole number from 1 to 128 MiB`,
    ],
    [
      { buffering: { intervalSeconds: 901 } },
      `${field("buffering.intervalSeconds")} = 901: a whole number from 0 to 900 seconds`,
    ],
    [{ compression: "ZIP" }, `${field("compression")} = "ZIP": one of "UNCOMPRESSED", "GZIP"`],
    [
      { lifecycle: { transitionDays: 10 } },
      `${field("lifecycle.transitionDays")} = 10: at least 30 days with STANDARD_IA`,
    ],
    [
      { lifecycle: { transitionStorageClass: "ONEZONE_IA" } },
      `${field("lifecycle.transitionStorageClass")} = "ONEZONE_IA": one of "STANDARD_IA", "INTELLIGENT_TIER`,
    ],
    [
      { lifecycle: { transitionDays: null, transitionStorageClass: "GLACIER" } },
      `${field("lifecycle.transitionStorageClass")} = "GLACIER": only used when transitionDays is a number`,
    ],
    [
      { lifecycle: { expirationDays: 30 } },
      `${field("lifecycle.expirationDays")} = 30: more days than transitionDays \\(30\\)`,
    ],
    [
      { lifecycle: { expirationDays: 0 } },
      `${field("lifecycle.expirationDays")} = 0: a whole number of days from 1 to 36500, or null`,
    ],
    [{ forceDestroy: "true" }, `${field("forceDestroy")} = "true": true or false`],
    [{ bufferSize: 5 }, `${field("bufferSize")} = 5: unknown setting; known settings are path, stageName`],
    [
      { existingBucketName: "Acme_Bucket" },
      `${field("existingBucketName")} = "Acme_Bucket": an S3 bucket name`,
    ],
    [
      { existingBucketName: "acme-data", forceDestroy: true },
      `${field("forceDestroy")} = true: only used when the stack creates the bucket \\(no existingBucketName\\)`,
    ],
    [
      { existingBucketName: "acme-data", lifecycle: { expirationDays: 400 } },
      `${field("lifecycle")} = .*: only used when the stack creates the bucket`,
    ],
    [
      { existingBucketKmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/abc" },
      `${field("existingBucketKmsKeyArn")} = .*: only used with existingBucketName`,
    ],
    [
      { existingBucketName: "acme-data", existingBucketKmsKeyArn: "alias/aws/s3" },
      `${field("existingBucketKmsKeyArn")} = "alias/aws/s3": a KMS key ARN`,
    ],
  ])("%j", (settings, message) => {
    expect(() => configWith(settings)).toThrow(new RegExp(message));
  });

  test("every problem is reported at once", () => {
    expect(() => configWith({ path: "a/b", compression: "ZIP", throttle: { rateLimit: -1 } })).toThrow(
      /Invalid configuration \(3 problems\)/,
    );
  });

  test("a transition to GLACIER_IR may come sooner than 30 days", () => {
    expect(
      configWith({ lifecycle: { transitionDays: 1, transitionStorageClass: "GLACIER_IR" } }).stacks[STACK]
        .lifecycle,
    ).toEqual({ transitionDays: 1, transitionStorageClass: "GLACIER_IR", expirationDays: null });
  });
});
