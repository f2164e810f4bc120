/**
 * What the three DynamoDB-stream → Momento pipes send, as plain data (no cdktf): the stack turns these into
 * `aws_pipes_pipe` target parameters and filter criteria; tests render them against stream records.
 *
 * Input templates leave placeholders for string values UNQUOTED. The Pipes guide says:
 * "Quotes are not required for variables that represent strings. They are permitted, but EventBridge Pipes
 * automatically adds quotes to string variable values during transformation, to ensure the transformation
 * output is valid JSON", and its worked example turns `"instance" : <$.detail.instance-id>` into
 * `"instance" : "i-0123456789"`.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
 * DynamoDB stream images carry numbers as strings (`{"N": "42"}`), so `<$.dynamodb.NewImage.MaxTemp.N>` also
 * becomes the JSON string "42", which is what the original demo's cache and topic show.
 *
 * Query-string and path values are "dynamic path parameters": a value that is entirely a JSON path is read
 * from the ORIGINAL stream record (never from the transformed body).
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-target.html#pipes-targets-dynamic-parms
 */

/** Cache and topic names the original demo uses; the stack may override them. */
export const DEFAULT_CACHE_NAME = "momento-eventbridge-cache";
export const DEFAULT_TOPIC_NAME = "momento-eventbridge-topic";

/** The weather table's attributes, shared by the demo writer and the templates that read the stream. */
export const WEATHER_ATTRIBUTES = {
  /** Partition key (S). */
  location: "Location",
  maxTemp: "MaxTemp",
  minTemp: "MinTemp",
  chancesOfPrecipitation: "ChancesOfPrecipitation",
  /** Epoch seconds (N) when the item expires: the attribute to give DynamoDB's TTL feature. */
  expiresAt: "TTL",
  /**
   * How long Momento keeps the cached copy, in seconds (N). Kept apart from `TTL` because Momento's
   * `ttl_seconds` is a duration ("the number of seconds from when Momento writes the item", hard limit 24 h),
   * while DynamoDB TTL needs an epoch timestamp; one attribute cannot be both.
   * @see https://docs.momentohq.com/cache/develop/api-reference/http-api
   * @see https://docs.momentohq.com/cache/limits
   */
  cacheTtlSeconds: "TtlSeconds",
} as const;

/** Stream-record JSON paths the pipes read. */
export const STREAM_PATHS = {
  eventName: "$.eventName",
  location: `$.dynamodb.Keys.${WEATHER_ATTRIBUTES.location}.S`,
  maxTemp: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.maxTemp}.N`,
  minTemp: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.minTemp}.N`,
  chancesOfPrecipitation: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.chancesOfPrecipitation}.N`,
  cacheTtlSeconds: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.cacheTtlSeconds}.N`,
} as const;

/** An EventBridge Pipes API-destination target, as `TargetParameters` (InputTemplate + HttpParameters). */
export interface ApiDestinationTargetParameters {
  /** Body template; absent means Pipes sends no transformed body (the delete call needs none). */
  readonly inputTemplate?: string;
  /** Values for the `*` wildcards of the API destination's endpoint, in order. */
  readonly pathParameterValues: readonly string[];
  /** Static values or whole-value JSON paths into the stream record. */
  readonly queryStringParameters?: Readonly<Record<string, string>>;
}

/** An EventBridge event pattern used as a pipe filter. */
export type FilterPattern = Readonly<Record<string, readonly string[]>>;

/** The Momento HTTP API operations the API destinations call; `*` is filled from `pathParameterValues`. */
export const MOMENTO_OPERATIONS = {
  cachePut: { httpMethod: "PUT", endpointPath: "/cache/*" },
  topicPublish: { httpMethod: "POST", endpointPath: "/topics/*/*" },
  cacheDelete: { httpMethod: "DELETE", endpointPath: "/cache/*" },
} as const;

/** Builds a one-line JSON object template whose values are unquoted placeholders (see the file comment). */
function jsonObjectTemplate(fields: ReadonlyArray<readonly [string, string]>): string {
  return `{${fields.map(([name, path]) => `${JSON.stringify(name)}: <${path}>`).join(", ")}}`;
}

const WEATHER_FIELDS: ReadonlyArray<readonly [string, string]> = [
  [WEATHER_ATTRIBUTES.location, STREAM_PATHS.location],
  [WEATHER_ATTRIBUTES.maxTemp, STREAM_PATHS.maxTemp],
  [WEATHER_ATTRIBUTES.minTemp, STREAM_PATHS.minTemp],
  [WEATHER_ATTRIBUTES.chancesOfPrecipitation, STREAM_PATHS.chancesOfPrecipitation],
];

/** INSERT/MODIFY → `PUT /cache/{cacheName}?key=<Location>&ttl_seconds=<TtlSeconds>` with the weather as body. */
export function cachePutTarget(cacheName: string): ApiDestinationTargetParameters {
  return {
    inputTemplate: jsonObjectTemplate(WEATHER_FIELDS),
    pathParameterValues: [cacheName],
    queryStringParameters: { key: STREAM_PATHS.location, ttl_seconds: STREAM_PATHS.cacheTtlSeconds },
  };
}

/** Every change → `POST /topics/{cacheName}/{topicName}` with the event type and the new weather. */
export function topicPublishTarget(cacheName: string, topicName: string): ApiDestinationTargetParameters {
  return {
    inputTemplate: jsonObjectTemplate([["EventType", STREAM_PATHS.eventName], ...WEATHER_FIELDS]),
    pathParameterValues: [cacheName, topicName],
  };
}

/** REMOVE → `DELETE /cache/{cacheName}?key=<Location>`; the key is in `Keys`, which REMOVE records keep. */
export function cacheDeleteTarget(cacheName: string): ApiDestinationTargetParameters {
  return {
    pathParameterValues: [cacheName],
    queryStringParameters: { key: STREAM_PATHS.location },
  };
}

/** Only inserts and updates refresh the cached copy. */
export const cachePutFilter: FilterPattern = { eventName: ["INSERT", "MODIFY"] };

/**
 * The topic hears every change, so the pipe has no filter. For REMOVE records `NewImage` is absent, so the
 * weather placeholders have nothing to read (see the tests for what that does to the message).
 */
export const topicPublishFilter: FilterPattern | undefined = undefined;

/** Only deletions evict the cached copy. */
export const cacheDeleteFilter: FilterPattern = { eventName: ["REMOVE"] };
