/**
 * What the three DynamoDB-stream → Momento pipes send, as plain data (no cdktf): the stack turns these into
 * `aws_pipes_pipe` target parameters and filter criteria; tests render them against stream records.
 *
 * Placeholder quoting. The Pipes guide says: "Quotes are not required for variables that represent strings.
 * They are permitted, but EventBridge Pipes automatically adds quotes to string variable values during
 * transformation, to ensure the transformation output is valid JSON", and its worked example turns
 * `"instance" : <$.detail.instance-id>` into `"instance" : "i-0123456789"`. Earlier versions of the same page
 * asked for quotes around variables that refer to JSON path parameters (never around objects or arrays), so a
 * quoted string placeholder is valid under every version of the guide. The templates use two rules:
 * 1. A path present in EVERY record the pipe sees (`eventName`, `dynamodb.Keys.<key>.S`) is left UNQUOTED:
 *    Pipes adds the quotes.
 * 2. A path that may be ABSENT (any `NewImage` attribute: REMOVE records have no NewImage, and an item may lack
 *    an attribute) is written INSIDE quotes. The guide says a variable whose path matches nothing "isn't created
 *    and won't appear in the output": unquoted, that leaves `"MaxTemp": ,` (invalid JSON); quoted, it leaves
 *    `"MaxTemp": ""`. Only DynamoDB `N` values go inside quotes; they are digit strings (`{"N": "42"}`), so
 *    they need no escaping and render as the JSON string "42", as they do unquoted and in the original demo.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
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

/** Momento's hard limit for an item's TTL on on-demand caches (24 hours). */
export const MOMENTO_MAX_TTL_SECONDS = 86_400;

/** Stream-record JSON paths the pipes read, for a table whose partition key is `keyAttribute` (type S). */
export function streamPaths(keyAttribute: string = WEATHER_ATTRIBUTES.location) {
  return {
    eventName: "$.eventName",
    key: `$.dynamodb.Keys.${keyAttribute}.S`,
    maxTemp: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.maxTemp}.N`,
    minTemp: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.minTemp}.N`,
    chancesOfPrecipitation: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.chancesOfPrecipitation}.N`,
    cacheTtlSeconds: `$.dynamodb.NewImage.${WEATHER_ATTRIBUTES.cacheTtlSeconds}.N`,
  } as const;
}

/** The paths for the default `Location` key. */
export const STREAM_PATHS = streamPaths();

/** An EventBridge Pipes API-destination target, as `TargetParameters` (InputTemplate + HttpParameters). */
export interface ApiDestinationTargetParameters {
  /** Body template; absent means Pipes sends no transformed body (the delete call needs none). */
  readonly inputTemplate?: string;
  /** Values for the `*` wildcards of the API destination's endpoint, in order. */
  readonly pathParameterValues: readonly string[];
  /** Static values or whole-value JSON paths into the stream record. */
  readonly queryStringParameters?: Readonly<Record<string, string>>;
  /** Static request headers (API destinations send `Content-Type: application/json; charset=utf-8` otherwise). */
  readonly headerParameters?: Readonly<Record<string, string>>;
}

/** An EventBridge event pattern used as a pipe filter (JSON). */
export type FilterPattern = Readonly<Record<string, unknown>>;

/** A Momento HTTP API call as an API destination makes it: `*` is filled from `pathParameterValues`. */
export interface MomentoOperation {
  readonly httpMethod: "PUT" | "POST" | "DELETE";
  /** Appended to the Momento endpoint. */
  readonly endpointPath: string;
}

/**
 * hashicorp/aws (5.x) accepts at most ONE `path_parameter_values` entry on a pipe target (`MaxItems: 1` in its
 * schema; the Pipes API has no such limit), so every destination has exactly one wildcard.
 */
export const MAX_PATH_PARAMETERS = 1;

/** The cache calls: `/cache/{cacheName}`, the cache name being the one path parameter. */
export const MOMENTO_OPERATIONS = {
  cachePut: { httpMethod: "PUT", endpointPath: "/cache/*" },
  cacheDelete: { httpMethod: "DELETE", endpointPath: "/cache/*" },
} as const satisfies Record<string, MomentoOperation>;

/**
 * Momento's publish route is `/topics/{cacheName}/{topicName}`: two wildcards, one more than the provider allows
 * (see {@link MAX_PATH_PARAMETERS}). The cache name is a validated, URL-safe setting, so it is written into the
 * destination's endpoint and only the topic name stays a path parameter.
 */
export function topicPublishOperation(cacheName: string): MomentoOperation {
  return { httpMethod: "POST", endpointPath: `/topics/${cacheName}/*` };
}

/** A template field: a JSON path, quoted (rule 2 above: may be absent) or not (rule 1: always present). */
type TemplateField = readonly [name: string, path: string, quoting: "unquoted" | "quoted"];

/** Builds a one-line JSON object template (see the file comment for the two quoting rules). */
function jsonObjectTemplate(fields: readonly TemplateField[]): string {
  const value = (path: string, quoting: TemplateField[2]) =>
    quoting === "quoted" ? `"<${path}>"` : `<${path}>`;
  return `{${fields.map(([name, path, quoting]) => `${JSON.stringify(name)}: ${value(path, quoting)}`).join(", ")}}`;
}

/** The weather as the original demo shows it: the key, then the new image's readings. */
function weatherFields(keyAttribute: string): TemplateField[] {
  const paths = streamPaths(keyAttribute);
  return [
    [keyAttribute, paths.key, "unquoted"],
    [WEATHER_ATTRIBUTES.maxTemp, paths.maxTemp, "quoted"],
    [WEATHER_ATTRIBUTES.minTemp, paths.minTemp, "quoted"],
    [WEATHER_ATTRIBUTES.chancesOfPrecipitation, paths.chancesOfPrecipitation, "quoted"],
  ];
}

/**
 * INSERT/MODIFY → `PUT /cache/{cacheName}?key=<key>&ttl_seconds=<TtlSeconds>` with the weather as body.
 * `ttl_seconds` is required by Momento's Set Value call, so the filter below only lets through records whose
 * new image has `TtlSeconds`. The body is documented as octet-stream (Momento stores the bytes as they are).
 * @see https://docs.momentohq.com/cache/develop/api-reference/http-api (Set Value: ttl_seconds "yes")
 */
export function cachePutTarget(
  cacheName: string,
  keyAttribute: string = WEATHER_ATTRIBUTES.location,
): ApiDestinationTargetParameters {
  const paths = streamPaths(keyAttribute);
  return {
    inputTemplate: jsonObjectTemplate(weatherFields(keyAttribute)),
    pathParameterValues: [cacheName],
    queryStringParameters: { key: paths.key, ttl_seconds: paths.cacheTtlSeconds },
    headerParameters: { "Content-Type": "application/octet-stream" },
  };
}

/**
 * Every change → `POST /topics/{cacheName}/{topicName}` with the event type and the new weather (the cache name
 * is in the destination's endpoint, see {@link topicPublishOperation}). Built so the
 * message is valid JSON for every event type: REMOVE records have no NewImage, so their weather values are ""
 * (quoting rule 2) and the message still says which key was removed. `Content-Type: text/plain` because the
 * Topics HTTP API requires the header ("To publish plain text data (UTF-8), specify text/plain. To publish
 * binary data, specify application/octet-stream") and subscribers then receive `{"text": ...}` values.
 * API destinations accept a custom Content-Type from pipes since 2024-02-29.
 * @see https://docs.momentohq.com/topics/api-reference/http-api
 * @see https://aws.amazon.com/about-aws/whats-new/2024/02/amazon-eventbridge-api-destinations-content-type-header-customization/
 */
export function topicPublishTarget(
  topicName: string,
  keyAttribute: string = WEATHER_ATTRIBUTES.location,
): ApiDestinationTargetParameters {
  const paths = streamPaths(keyAttribute);
  return {
    inputTemplate: jsonObjectTemplate([
      ["EventType", paths.eventName, "unquoted"],
      ...weatherFields(keyAttribute),
    ]),
    pathParameterValues: [topicName],
    headerParameters: { "Content-Type": "text/plain" },
  };
}

/** `DELETE /cache/{cacheName}?key=<key>`; the key is in `Keys`, which every record keeps. */
export function cacheDeleteTarget(
  cacheName: string,
  keyAttribute: string = WEATHER_ATTRIBUTES.location,
): ApiDestinationTargetParameters {
  return {
    pathParameterValues: [cacheName],
    queryStringParameters: { key: streamPaths(keyAttribute).key },
  };
}

/** `{"dynamodb": {"NewImage": {"TtlSeconds": {"N": [...]}}}}`: a condition on the new image's TtlSeconds. */
function cacheTtlIs(condition: { exists: boolean }): FilterPattern {
  return { dynamodb: { NewImage: { [WEATHER_ATTRIBUTES.cacheTtlSeconds]: { N: [condition] } } } };
}

/**
 * Inserts and updates that carry a cache TTL refresh the cached copy. Momento refuses a Set without
 * `ttl_seconds`, so an item without a numeric `TtlSeconds` is not sent here (see {@link cacheDeleteFilters}).
 * A pipe's filters are alternatives: a record passes when any one matches.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-filtering.html
 */
export const cachePutFilters: readonly FilterPattern[] = [
  { eventName: ["INSERT", "MODIFY"], ...cacheTtlIs({ exists: true }) },
];

/** The topic hears every change, so the pipe has no filter. */
export const topicPublishFilters: readonly FilterPattern[] = [];

/**
 * Deletions evict the cached copy; so do inserts and updates WITHOUT a numeric `TtlSeconds`. Such an item
 * cannot be cached (Momento requires ttl_seconds), and evicting keeps an earlier cached version from being
 * served after the item changed. Deleting a key that is not cached succeeds (204), so an insert costs nothing.
 */
export const cacheDeleteFilters: readonly FilterPattern[] = [
  { eventName: ["REMOVE"] },
  { eventName: ["INSERT", "MODIFY"], ...cacheTtlIs({ exists: false }) },
];
