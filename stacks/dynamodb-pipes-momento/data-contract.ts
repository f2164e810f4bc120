/**
 * The data contract of the dynamodb-pipes-momento stack, as Momento's EventBridge sample defines it and its
 * own web and CLI clients write items: plain data, no cdktf, shared by the stack, the weather demo and tests.
 *
 * - The partition key (`Location`, type S) is the Momento cache key.
 * - `TTL` (type N) is the cache lifetime in SECONDS: the sample sends `ttl_seconds=$.dynamodb.NewImage.TTL.N`.
 *   It is not a DynamoDB TTL epoch; DynamoDB's own expiry is optional and uses another attribute.
 * - The cache value and the topic message are JSON objects of the key and the readings, every reading the
 *   DynamoDB `N` string as it is (`"MaxTemp": "42"`), the topic message led by `"EventType"`.
 * @see ../../../shared/seeds/001_d81ee2e4bf621191.txt (the sample's stack and its CLI output)
 */

/** Cache and topic names the original demo uses; the stack may override them. */
export const DEFAULT_CACHE_NAME = "momento-eventbridge-cache";
export const DEFAULT_TOPIC_NAME = "momento-eventbridge-topic";

/** The weather table's attributes, shared by the demo writer and the workflow that reads the stream. */
export const WEATHER_ATTRIBUTES = {
  /** Partition key (S). */
  location: "Location",
  maxTemp: "MaxTemp",
  minTemp: "MinTemp",
  chancesOfPrecipitation: "ChancesOfPrecipitation",
  /** Cache lifetime in seconds (N): Momento's `ttl_seconds` for the cached copy. */
  cacheTtl: "TTL",
} as const;

/** The readings every cache value and topic message carries, in this order, after the key. */
export const READING_ATTRIBUTES = [
  WEATHER_ATTRIBUTES.maxTemp,
  WEATHER_ATTRIBUTES.minTemp,
  WEATHER_ATTRIBUTES.chancesOfPrecipitation,
] as const;

/**
 * Momento's limit for an item's TTL: 24 hours on on-demand caches ("Maximum TTL: 24 hours"). The Set call
 * also needs a positive `ttl_seconds`, so the range is 1 to 86 400.
 * @see https://docs.momentohq.com/cache/manage/limits
 * @see https://docs.momentohq.com/cache/develop/api-reference/http-api
 */
export const MOMENTO_MIN_TTL_SECONDS = 1;
export const MOMENTO_MAX_TTL_SECONDS = 86_400;

/** The cache lifetime of an item without a `TTL` attribute, unless configured otherwise. */
export const DEFAULT_CACHE_TTL_SECONDS = 3_600;
