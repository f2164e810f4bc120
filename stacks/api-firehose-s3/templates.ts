/**
 * API Gateway → Firehose (PutRecord / PutRecordBatch) mapping templates, request models and response
 * mappings, as plain data: the stack turns them into aws_api_gateway_* resources.
 *
 * Contract: each `Data` value a client posts is stored in S3 as one line, its compact JSON followed by "\n".
 */
import { NAME_RULES } from "../core/naming";

/** The only content type with templates; with {@link PASSTHROUGH_BEHAVIOR} any other one gets 415. */
export const JSON_CONTENT_TYPE = "application/json";

/** Reject (415) request content types without a template instead of passing the body to Firehose unchecked. */
export const PASSTHROUGH_BEHAVIOR = "NEVER";

/** The Firehose API actions the two methods call. */
export type FirehoseAction = "PutRecord" | "PutRecordBatch";

/**
 * `uri` of an AWS service integration calling a Firehose action (integration_http_method POST), in the
 * region's partition (`aws-cn`, `aws-us-gov` ARNs differ).
 */
export function firehoseIntegrationUri(region: string, action: FirehoseAction, partition = "aws"): string {
  return `arn:${partition}:apigateway:${region}:firehose:action/${action}`;
}

/** Firehose speaks the AWS JSON 1.1 protocol; the action-style integration doesn't set its content type. */
export const INTEGRATION_REQUEST_PARAMETERS: Readonly<Record<string, string>> = {
  "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
};

// ---------------------------------------------------------------------------------------------------------
// Request models (JSON Schema draft 4, the only draft API Gateway models support)
// ---------------------------------------------------------------------------------------------------------

/** A JSON Schema document, as aws_api_gateway_model's `schema` takes it once JSON.stringify'd. */
export type JsonSchema = Readonly<Record<string, unknown>>;

/** `$schema` of every model. */
export const JSON_SCHEMA_DRAFT_04 = "http://json-schema.org/draft-04/schema#";

/** Records per PutRecordBatch call: a Firehose hard limit. */
export const MAX_BATCH_RECORDS = 500;

/** aws_api_gateway_model names (alphanumeric only). */
export const RECORD_MODEL_NAME = "FirehoseRecord";
export const BATCH_MODEL_NAME = "FirehoseRecordBatch";

// An empty schema accepts any JSON value (object, array, string, number, boolean or null).
const ANY_VALUE: JsonSchema = {};

const RECORD: JsonSchema = {
  type: "object",
  properties: { Data: ANY_VALUE },
  required: ["Data"],
  additionalProperties: false,
};

/** Body of `POST /records`: `{"Data": <any JSON>}`. */
export const RECORD_MODEL: JsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_04,
  title: RECORD_MODEL_NAME,
  ...RECORD,
};

/** Body of `POST /records/batch`: `{"Records": [{"Data": <any JSON>}, ...]}` with 1 to 500 records. */
export const BATCH_MODEL: JsonSchema = {
  $schema: JSON_SCHEMA_DRAFT_04,
  title: BATCH_MODEL_NAME,
  type: "object",
  properties: {
    Records: { type: "array", minItems: 1, maxItems: MAX_BATCH_RECORDS, items: RECORD },
  },
  required: ["Records"],
  additionalProperties: false,
};

// ---------------------------------------------------------------------------------------------------------
// Integration request templates
// ---------------------------------------------------------------------------------------------------------

// The newline comes from urlDecode rather than a string literal holding a raw line break, which survives
// Velocity but not every editor, formatter or copy-paste.
const LINE_BREAKS = ['#set($nl = $util.urlDecode("%0A"))', '#set($cr = $util.urlDecode("%0D"))'];

/**
 * VTL for one S3 line: `$input.json` of `path` (a VTL string literal) plus "\n".
 * API Gateway doesn't document `$input.json`'s whitespace. JSON text can't hold a raw CR or LF inside a
 * string (they are escaped), so any it contains is formatting; removing it keeps each record on one line.
 */
function recordLine(path: string): string {
  return `$input.json(${path}).replace($cr, "").replace($nl, "").concat($nl)`;
}

/**
 * The stream name as a JSON string literal. Names Firehose accepts hold only letters, digits and `_ . -`,
 * none special to JSON or VTL; anything else (including "" or an unresolved Terraform token) is refused
 * rather than escaped, since it would fail in AWS anyway.
 */
function streamNameLiteral(deliveryStreamName: string): string {
  const rule = NAME_RULES.firehoseStream;
  const { length } = deliveryStreamName;
  if (length < rule.min || length > rule.max || !rule.pattern.test(deliveryStreamName)) {
    throw new RangeError(
      `Firehose delivery stream name ${JSON.stringify(deliveryStreamName)} is invalid: ` +
        `${rule.min} to ${rule.max} ${rule.characters} (pass the literal name, not a Terraform reference)`,
    );
  }
  return JSON.stringify(deliveryStreamName);
}

/** Integration request template for `POST /records` → Firehose PutRecord. */
export function putRecordRequestTemplate(deliveryStreamName: string): string {
  const name = streamNameLiteral(deliveryStreamName);
  return [
    ...LINE_BREAKS,
    `#set($line = ${recordLine("'$.Data'")})`,
    `{"DeliveryStreamName": ${name}, "Record": {"Data": "$util.base64Encode($line)"}}`,
  ].join("\n");
}

/** Integration request template for `POST /records/batch` → Firehose PutRecordBatch, one line per record. */
export function putRecordBatchRequestTemplate(deliveryStreamName: string): string {
  const name = streamNameLiteral(deliveryStreamName);
  return [
    ...LINE_BREAKS,
    `{"DeliveryStreamName": ${name}, "Records": [`,
    "#foreach($record in $input.path('$.Records'))",
    // $input.json by index: VTL can't serialize the Map/List that $record is back to JSON.
    `#set($line = ${recordLine('"$.Records[${foreach.index}].Data"')})`,
    '{"Data": "$util.base64Encode($line)"}#if($foreach.hasNext),#end',
    "#end",
    "]}",
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------------
// Integration responses
// ---------------------------------------------------------------------------------------------------------

/** 200 body for PutRecord: Firehose's record id. */
export const PUT_RECORD_RESPONSE_TEMPLATE = `{"RecordId": $input.json('$.RecordId')}`;

/**
 * 200 body for PutRecordBatch, as Firehose returns it: per-record `RecordId` or `ErrorCode`/`ErrorMessage`.
 * A partly failed batch is still a 200 (as in Firehose): clients must check `FailedPutCount`.
 */
export const PUT_RECORD_BATCH_RESPONSE_TEMPLATE =
  `{"FailedPutCount": $input.json('$.FailedPutCount'), ` +
  `"RequestResponses": $input.json('$.RequestResponses')}`;

/**
 * The API's status for a Firehose error `__type`. Types not listed get the fallback of their
 * integration response: 500 for a Firehose 4xx (our request was rejected), 502 for a Firehose 5xx.
 */
export const FIREHOSE_ERROR_STATUS: Readonly<Record<string, number>> = {
  // The client's data: a record over 1,000 KiB, a batch over 4 MiB, ...
  InvalidArgumentException: 400,
  ValidationException: 400,
  // Firehose throttling: retryable. 503, not 429, so clients can tell it from API Gateway's own throttling.
  ServiceUnavailableException: 503,
  ThrottlingException: 503,
  // Our misconfiguration (stream, KMS key, IAM role), not the client's fault.
  ResourceNotFoundException: 500,
  InvalidKMSResourceException: 500,
  InvalidSourceException: 500,
  AccessDeniedException: 500,
};

/** `type` in the error body when Firehose's response has no usable `__type`. */
export const UNKNOWN_ERROR_TYPE = "UnknownError";

/** `message` in the error body when Firehose's response has none. */
export const UNKNOWN_ERROR_MESSAGE = "Firehose request failed";

// escapeJavaScript turns ' into \' (valid JavaScript, invalid JSON); the docs' remedy turns it back.
const jsonEscaped = (ref: string): string => `$util.escapeJavaScript(${ref}).replaceAll("\\\\'", "'")`;

/**
 * Integration response template for a Firehose error (`{"__type": "...", "message": "..."}`): answers
 * `{"message": <Firehose message>, "type": <__type>}` with the status from {@link FIREHOSE_ERROR_STATUS},
 * else `fallbackStatus`, through `$context.responseOverride.status`.
 */
export function firehoseErrorResponseTemplate(fallbackStatus: number): string {
  const byStatus = new Map<number, string[]>();
  for (const [type, status] of Object.entries(FIREHOSE_ERROR_STATUS)) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), type]);
  }
  const branches = [...byStatus].flatMap(([status, types], i) => [
    `#${i === 0 ? "if" : "elseif"}(${types.map((t) => `$type == "${t}"`).join(" || ")})`,
    `#set($status = ${status})`,
  ]);
  return [
    '#set($type = "")',
    '#set($message = "")',
    // A non-JSON body (say, a proxy's HTML 503 page) must not break the template.
    '#if($input.body.trim().startsWith("{"))',
    "#set($error = $input.path('$'))",
    "#set($type = \"$!error.get('__type')\")",
    // AWS JSON errors may qualify the type ("ns#Type", "Type:uri"); AWS SDKs strip both, and so do we.
    "#set($type = $type.replaceAll('^.*#', '').replaceAll(':.*$', ''))",
    '#set($message = "$!error.message")',
    '#if($message == "")',
    '#set($message = "$!error.Message")',
    "#end",
    "#end",
    `#if($type == "")`,
    `#set($type = "${UNKNOWN_ERROR_TYPE}")`,
    "#end",
    `#if($message == "")`,
    `#set($message = "${UNKNOWN_ERROR_MESSAGE}")`,
    "#end",
    ...branches,
    "#else",
    `#set($status = ${fallbackStatus})`,
    "#end",
    // Set once, at the end: API Gateway answers 5XX when a template overrides the same value twice.
    "#set($context.responseOverride.status = $status)",
    `{"message": "${jsonEscaped("$message")}", "type": "${jsonEscaped("$type")}"}`,
  ].join("\n");
}

/** One aws_api_gateway_integration_response. */
export interface IntegrationResponseSpec {
  /** Method response status, before the template's `$context.responseOverride.status`. */
  readonly statusCode: string;
  /** Regex over Firehose's HTTP status code (for AWS integrations); undefined marks the default response. */
  readonly selectionPattern: string | undefined;
  readonly responseTemplates: Readonly<Record<string, string>>;
}

function integrationResponses(successTemplate: string): readonly IntegrationResponseSpec[] {
  return [
    {
      statusCode: "200",
      selectionPattern: undefined,
      responseTemplates: { [JSON_CONTENT_TYPE]: successTemplate },
    },
    {
      statusCode: "500",
      selectionPattern: "4\\d{2}",
      responseTemplates: { [JSON_CONTENT_TYPE]: firehoseErrorResponseTemplate(500) },
    },
    {
      statusCode: "502",
      selectionPattern: "5\\d{2}",
      responseTemplates: { [JSON_CONTENT_TYPE]: firehoseErrorResponseTemplate(502) },
    },
  ];
}

/** Integration responses of `POST /records`. */
export const PUT_RECORD_INTEGRATION_RESPONSES = integrationResponses(PUT_RECORD_RESPONSE_TEMPLATE);

/** Integration responses of `POST /records/batch`. */
export const PUT_RECORD_BATCH_INTEGRATION_RESPONSES = integrationResponses(
  PUT_RECORD_BATCH_RESPONSE_TEMPLATE,
);

/** Every status the integration responses can answer with: declare a method response for each. */
export const METHOD_RESPONSE_STATUS_CODES: readonly string[] = [
  ...new Set([
    ...PUT_RECORD_INTEGRATION_RESPONSES.map((r) => r.statusCode),
    ...Object.values(FIREHOSE_ERROR_STATUS).map(String),
  ]),
].sort();

// ---------------------------------------------------------------------------------------------------------
// Gateway responses (errors API Gateway answers itself; plain variable substitution, not VTL)
// ---------------------------------------------------------------------------------------------------------

/**
 * BAD_REQUEST_BODY (the model rejected the body): the default `Invalid request body` message plus
 * the validator's details, in the same `{message, type}` shape as Firehose errors.
 */
export const BAD_REQUEST_BODY_RESPONSE_TEMPLATE =
  '{"message": $context.error.messageString, "type": "$context.error.responseType", ' +
  '"validationErrors": "$context.error.validationErrorString"}';

/** UNSUPPORTED_MEDIA_TYPE (a content type other than application/json), in the same shape. */
export const UNSUPPORTED_MEDIA_TYPE_RESPONSE_TEMPLATE =
  '{"message": $context.error.messageString, "type": "$context.error.responseType"}';

/**
 * Every other error API Gateway answers itself (403 without a valid key or signature, 429 when throttled or
 * over quota, 413, 504, ...), in the same `{message, type}` shape, so clients parse one error format.
 */
export const GATEWAY_ERROR_RESPONSE_TEMPLATE =
  '{"message": $context.error.messageString, "type": "$context.error.responseType"}';

/** One aws_api_gateway_gateway_response. */
export interface GatewayResponseSpec {
  readonly responseType: string;
  /**
   * Undefined keeps each response type's own status. Set on DEFAULT_4XX / DEFAULT_5XX it would replace the
   * status of every response type they cover.
   */
  readonly statusCode?: string;
  readonly responseTemplates: Readonly<Record<string, string>>;
}

const errorResponse = (responseType: string, statusCode?: string): GatewayResponseSpec => ({
  responseType,
  statusCode,
  responseTemplates: { [JSON_CONTENT_TYPE]: GATEWAY_ERROR_RESPONSE_TEMPLATE },
});

/** Gateway responses the API customizes. */
export const GATEWAY_RESPONSES: readonly GatewayResponseSpec[] = [
  {
    responseType: "BAD_REQUEST_BODY",
    statusCode: "400",
    responseTemplates: { [JSON_CONTENT_TYPE]: BAD_REQUEST_BODY_RESPONSE_TEMPLATE },
  },
  {
    responseType: "UNSUPPORTED_MEDIA_TYPE",
    statusCode: "415",
    responseTemplates: { [JSON_CONTENT_TYPE]: UNSUPPORTED_MEDIA_TYPE_RESPONSE_TEMPLATE },
  },
  // Named explicitly, with their (default) status, as clients act on them: fix the credentials or back off.
  // x-api-key missing, unknown, disabled or not in this stage's usage plan.
  errorResponse("INVALID_API_KEY", "403"),
  // No SigV4 signature (AWS_IAM), and also API Gateway's answer to an unknown path or method.
  errorResponse("MISSING_AUTHENTICATION_TOKEN", "403"),
  // A signed caller without execute-api:Invoke on the method (AWS_IAM).
  errorResponse("ACCESS_DENIED", "403"),
  errorResponse("THROTTLED", "429"),
  errorResponse("QUOTA_EXCEEDED", "429"),
  errorResponse("DEFAULT_4XX"),
  errorResponse("DEFAULT_5XX"),
];
