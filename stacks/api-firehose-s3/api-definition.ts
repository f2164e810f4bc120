/**
 * The REST API as plain data: routes, models, templates, responses and authorization. The stack builds its
 * aws_api_gateway_* resources from this object and hashes the same object into the deployment's triggers, so
 * every change API Gateway only serves after a redeployment redeploys, and nothing else does.
 */
import * as crypto from "node:crypto";
import type { AuthorizationMode } from "./settings";
import {
  BATCH_MODEL,
  BATCH_MODEL_NAME,
  type FirehoseAction,
  firehoseIntegrationUri,
  GATEWAY_RESPONSES,
  type GatewayResponseSpec,
  INTEGRATION_REQUEST_PARAMETERS,
  type IntegrationResponseSpec,
  JSON_CONTENT_TYPE,
  type JsonSchema,
  METHOD_RESPONSE_STATUS_CODES,
  PASSTHROUGH_BEHAVIOR,
  PUT_RECORD_BATCH_INTEGRATION_RESPONSES,
  PUT_RECORD_INTEGRATION_RESPONSES,
  putRecordBatchRequestTemplate,
  putRecordRequestTemplate,
  RECORD_MODEL,
  RECORD_MODEL_NAME,
} from "./templates";

/** Path part of the batch resource, under the single-record one. */
export const BATCH_PATH_PART = "batch";

/** One method: `POST /<pathParts...>` → one Firehose action. */
export interface RouteDefinition {
  /** Construct id of the route: part of every address it creates. */
  readonly id: "put-record" | "put-record-batch";
  /** Path parts from the API root; each route's parent resource is the route before it. */
  readonly pathParts: readonly string[];
  readonly httpMethod: "POST";
  readonly action: FirehoseAction;
  readonly integrationUri: string;
  readonly model: { readonly name: string; readonly schema: JsonSchema };
  /** Content type → VTL (application/json only: everything else is refused with 415). */
  readonly requestTemplates: Readonly<Record<string, string>>;
  readonly integrationResponses: readonly IntegrationResponseSpec[];
  readonly methodResponseStatusCodes: readonly string[];
}

export interface ApiDefinition {
  /** Method authorization: `NONE` plus a required API key, or SigV4. */
  readonly authorization: "NONE" | "AWS_IAM";
  readonly apiKeyRequired: boolean;
  /** The integrations' credentials role (by name: its ARN is only known at apply time). */
  readonly credentialsRoleName: string;
  readonly integrationRequestParameters: Readonly<Record<string, string>>;
  readonly passthroughBehavior: string;
  readonly validator: {
    readonly name: string;
    readonly validateRequestBody: boolean;
    readonly validateRequestParameters: boolean;
  };
  readonly routes: readonly RouteDefinition[];
  readonly gatewayResponses: readonly GatewayResponseSpec[];
}

export interface ApiDefinitionInput {
  readonly path: string;
  /** The literal stream name: the templates embed it (a Terraform reference would not resolve in VTL). */
  readonly deliveryStreamName: string;
  readonly region: string;
  readonly partition: string;
  readonly authorization: AuthorizationMode;
  readonly credentialsRoleName: string;
}

export function apiDefinition(input: ApiDefinitionInput): ApiDefinition {
  const route = (
    id: RouteDefinition["id"],
    pathParts: readonly string[],
    action: FirehoseAction,
    model: RouteDefinition["model"],
    requestTemplate: string,
    integrationResponses: readonly IntegrationResponseSpec[],
  ): RouteDefinition => ({
    id,
    pathParts,
    httpMethod: "POST",
    action,
    integrationUri: firehoseIntegrationUri(input.region, action, input.partition),
    model,
    requestTemplates: { [JSON_CONTENT_TYPE]: requestTemplate },
    integrationResponses,
    methodResponseStatusCodes: METHOD_RESPONSE_STATUS_CODES,
  });
  return {
    authorization: input.authorization === "AWS_IAM" ? "AWS_IAM" : "NONE",
    apiKeyRequired: input.authorization === "API_KEY",
    credentialsRoleName: input.credentialsRoleName,
    integrationRequestParameters: INTEGRATION_REQUEST_PARAMETERS,
    passthroughBehavior: PASSTHROUGH_BEHAVIOR,
    // Parameters are not validated: the methods declare none, and the body is all Firehose gets.
    validator: { name: "body", validateRequestBody: true, validateRequestParameters: false },
    routes: [
      route(
        "put-record",
        [input.path],
        "PutRecord",
        { name: RECORD_MODEL_NAME, schema: RECORD_MODEL },
        putRecordRequestTemplate(input.deliveryStreamName),
        PUT_RECORD_INTEGRATION_RESPONSES,
      ),
      route(
        "put-record-batch",
        [input.path, BATCH_PATH_PART],
        "PutRecordBatch",
        { name: BATCH_MODEL_NAME, schema: BATCH_MODEL },
        putRecordBatchRequestTemplate(input.deliveryStreamName),
        PUT_RECORD_BATCH_INTEGRATION_RESPONSES,
      ),
    ],
    gatewayResponses: GATEWAY_RESPONSES,
  };
}

/** sha256 of the definition's canonical JSON (sorted keys): the deployment's redeployment trigger. */
export function apiDefinitionHash(definition: ApiDefinition): string {
  return crypto.createHash("sha256").update(canonicalJson(definition)).digest("hex");
}

/** JSON with object keys sorted at every level, so the hash doesn't depend on property order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/**
 * A literal string for Terraform JSON, where string values are templates: `${` starts an interpolation and
 * `%{` a directive. VTL uses `${name}` too (the batch template's `${foreach.index}`), so both are escaped
 * (`$${`, `%%{`) and reach API Gateway exactly as written.
 */
export function terraformLiteral(text: string): string {
  // Replacer functions: in a replacement string, "$$" would itself mean one "$".
  return text.replaceAll("${", () => "$${").replaceAll("%{", () => "%%{");
}

/** {@link terraformLiteral} over every value of a map. */
export function terraformLiterals(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, terraformLiteral(value)]));
}

/**
 * Stage access log line: one JSON object per request. Every value is quoted: API Gateway writes "-" for an
 * empty number. `apiKeyId` is the key's id, never `$context.identity.apiKey` (the secret value). The
 * validator's details are left out: they quote property names, which would break the line's JSON; clients
 * get them in the 400 body.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/
 *   api-gateway-variables-for-access-logging.html
 */
export const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: "$context.requestId",
  extendedRequestId: "$context.extendedRequestId",
  ip: "$context.identity.sourceIp",
  caller: "$context.identity.caller",
  user: "$context.identity.user",
  userArn: "$context.identity.userArn",
  apiKeyId: "$context.identity.apiKeyId",
  userAgent: "$context.identity.userAgent",
  requestTime: "$context.requestTime",
  requestTimeEpoch: "$context.requestTimeEpoch",
  httpMethod: "$context.httpMethod",
  resourcePath: "$context.resourcePath",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integration.status",
  integrationLatency: "$context.integration.latency",
  integrationError: "$context.integration.error",
  errorMessage: "$context.error.message",
  errorResponseType: "$context.error.responseType",
});
