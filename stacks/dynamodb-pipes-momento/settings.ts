import type { z } from "zod";
import { boolean, integer, oneOf, optional, section, text, withRules } from "../core/settings-schema";
import { alarmSettings } from "../shared/monitoring/alarm-settings";
import {
  DEFAULT_CACHE_NAME,
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_TOPIC_NAME,
  MOMENTO_MAX_TTL_SECONDS,
  MOMENTO_MIN_TTL_SECONDS,
  READING_ATTRIBUTES,
  WEATHER_ATTRIBUTES,
} from "./data-contract";

/**
 * An https URL without trailing slash, query or fragment: the workflow appends the `/cache/` and
 * `/topics/` paths to it. Written without backslashes or lookarounds so the same text is a valid JavaScript
 * RegExp and a valid Terraform (RE2) `regex()` pattern: synth and the variable's validation agree.
 */
export const MOMENTO_ENDPOINT_PATTERN = "^https://[A-Za-z0-9.-]+(:[0-9]{1,5})?(/[A-Za-z0-9._~%-]+)*$";
export const MOMENTO_ENDPOINT_DESCRIPTION =
  "an https:// URL without trailing slash, query or fragment, such as https://api.cache.cell-us-east-1-1.prod.a.momentohq.com";

/** The alarms of this stack (`alarms.<kind>`), in the order the data flows. */
export const DYNAMODB_PIPES_MOMENTO_ALARMS = [
  "table-write-throttled",
  "pipe-execution-failed",
  "pipe-execution-timeout",
  "pipe-target-failed",
  "pipe-stalled",
  "pipe-stopped",
  "state-machine-failed",
  "state-machine-timed-out",
  "state-machine-throttled",
] as const;

/** Pipes log levels; OFF writes nothing (the baseline then needs an explicit, listed exception). */
export const PIPE_LOG_LEVELS = ["OFF", "ERROR", "INFO", "TRACE"] as const;
export type PipeLogLevel = (typeof PIPE_LOG_LEVELS)[number];

/** How the pipe and the workflow log. */
const loggingSettings = section({
  /**
   * What the pipe and the workflow log to their log groups. ERROR logs failures only; INFO and TRACE log
   * every step of every record (the workflow logs ALL for both).
   */
  level: oneOf(PIPE_LOG_LEVELS).default("ERROR"),
  /**
   * Also log the payload and the request and response of each step. The payload is the table item (user
   * data), so this is off by default; turn it on only while debugging.
   */
  includeExecutionData: boolean().default(false),
}).superRefine((logging, ctx) => {
  if (logging.level === "OFF" && logging.includeExecutionData)
    ctx.addIssue({
      code: "custom",
      path: ["includeExecutionData"],
      input: true,
      message: 'only used when logging.level is not "OFF"',
    });
});

/**
 * A bound on records per execution. Step Functions takes at most 262 144 characters of input, and a stream
 * record carries both images of an item of up to 400 KB, so batches stay small; the Map runs them in sequence.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html
 */
export const MAX_BATCH_SIZE = 10;

/** Setting names a user might try for the API key: refused without echoing their value. */
const SECRET_LIKE = /api.?key|token|secret|password|credential/i;

/** Momento cache and topic names go into the request path unencoded, so only URL-safe characters. */
const MOMENTO_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/** Attribute names go into JSONata `$lookup` calls as string literals, and into DynamoDB's TTL setting. */
const attributeName = text("an attribute name of letters, digits, _ . - (at most 255)", {
  pattern: /^[A-Za-z0-9_.-]{1,255}$/,
});

const momentoName = (what: string) =>
  text(`a Momento ${what} name: 1 to 255 letters, digits, _ . - (it goes into the request path)`, {
    pattern: MOMENTO_NAME,
  });

const settings = section({
  /** The table's name (default: `<prefix>-<environment>-weather`). */
  tableName: optional(
    text("a DynamoDB table name: 3 to 255 letters, digits, _ . -", {
      pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
    }),
  ),
  /** The table's partition key (type S): the Momento cache key and the topic message's key field. */
  partitionKey: text(
    "an attribute name of letters, digits, _ and - (Pipes JSON paths allow no other characters)",
    { pattern: /^[A-Za-z0-9_-]{1,255}$/ },
  ).default(WEATHER_ATTRIBUTES.location),
  /**
   * Refuse to delete the table (DynamoDB deletion protection); `terraform destroy` fails until it is off.
   * Default: `protectData` (true, except in the "dev" environment): one setting decides data protection.
   */
  deletionProtection: boolean().optional(),
  /**
   * Momento's HTTP API endpoint for the region of the API key and cache. Becomes the default of the Terraform
   * variable `momento_http_endpoint`; without it the variable has no default and must be given at plan time
   * (`TF_VAR_momento_http_endpoint`). Not a secret.
   */
  momentoHttpEndpoint: text(MOMENTO_ENDPOINT_DESCRIPTION, {
    pattern: new RegExp(MOMENTO_ENDPOINT_PATTERN),
  }).optional(),
  /** The Momento cache the workflow writes to and publishes through. */
  cacheName: momentoName("cache").default(DEFAULT_CACHE_NAME),
  /** The Momento topic every change is published to. */
  topicName: momentoName("topic").default(DEFAULT_TOPIC_NAME),
  /** The attribute (type N) holding the cache lifetime in seconds, Momento's `ttl_seconds`: the seed's contract. */
  cacheTtlAttribute: attributeName.default(WEATHER_ATTRIBUTES.cacheTtl),
  /** Cache lifetime of an item without the TTL attribute, in seconds (Momento allows 1 to 86 400). */
  defaultCacheTtlSeconds: integer(
    MOMENTO_MIN_TTL_SECONDS,
    MOMENTO_MAX_TTL_SECONDS,
    "seconds (Momento's TTL limit is 24 hours)",
  ).default(DEFAULT_CACHE_TTL_SECONDS),
  /**
   * Turn on DynamoDB's own TTL expiry on this attribute (epoch seconds). Off by default; never the cache TTL
   * attribute, which holds a duration. An expired item's REMOVE evicts the cached copy like any delete.
   */
  itemExpiryAttribute: optional(attributeName),
  /**
   * Records per workflow execution. They run one after another inside it, so a larger batch saves per-call
   * overhead, not latency; the batch (both images of every record) must stay under Step Functions' 256 KB input.
   */
  batchSize: integer(
    1,
    MAX_BATCH_SIZE,
    "records (each execution's input, both images of every record, must stay under 256 KB)",
  ).default(1),
  /**
   * Concurrent batches per stream shard (Pipes allows 1 to 10); raise it when one shard's throughput is too
   * low. The Pipes guide says only that a pipe keeps the stream's order; that records of one key stay in order
   * above 1 is what AWS documents for the same stream poller in Lambda event source mappings.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
   */
  parallelizationFactor: integer(
    1,
    10,
    "concurrent batches per shard (EventBridge Pipes' range for DynamoDB streams)",
  ).default(1),
  /**
   * Retries of a failed Momento call (throttled, 5xx, timeout) inside one execution, with exponential backoff
   * from 1 second, before the execution fails and the pipe's own retries take over.
   */
  httpRetryAttempts: integer(
    0,
    10,
    "retries per Momento call (each waits up to twice as long as the one before)",
  ).default(3),
  /**
   * Where a new pipe starts reading the stream: LATEST (changes after the pipe starts) or TRIM_HORIZON (the
   * oldest record the stream still holds, up to 24 hours back).
   */
  startingPosition: oneOf(["LATEST", "TRIM_HORIZON"]).default("LATEST"),
  /**
   * Pipe retries of a batch whose execution failed before it goes to the dead-letter queue. A failing batch
   * blocks its shard while it is retried (that is what keeps per-key order), so the number is finite.
   */
  maximumRetryAttempts: integer(
    0,
    10000,
    "(finite: a failing record blocks its shard while it is retried)",
  ).default(10),
  /**
   * Records older than this go to the dead-letter queue instead of being sent. DynamoDB Streams keeps records
   * for 24 hours, so a larger value would never apply.
   */
  maximumRecordAgeSeconds: integer(60, 86400, "seconds (DynamoDB Streams keeps records 24 hours)").default(
    3600,
  ),
  logging: loggingSettings,
  /** Threshold and on/off of each alarm (defaults: every alarm on, with the thresholds in the README). */
  alarms: alarmSettings(DYNAMODB_PIPES_MOMENTO_ALARMS),
}).superRefine((parsed, ctx) => {
  const fail = (key: string, message: string) =>
    ctx.addIssue({ code: "custom", path: [key], input: parsed[key as keyof typeof parsed], message });
  const taken: readonly string[] = READING_ATTRIBUTES;
  if (taken.includes(parsed.partitionKey))
    return fail("partitionKey", `an attribute the weather item does not already use (${taken.join(", ")})`);
  // The cache lifetime and the DynamoDB expiry: each distinct from the key and the readings, and never the
  // same attribute, since one holds a duration and the other an epoch timestamp.
  const used: readonly string[] = [parsed.partitionKey, ...READING_ATTRIBUTES];
  if (used.includes(parsed.cacheTtlAttribute))
    fail("cacheTtlAttribute", `not the key or a reading (${used.join(", ")})`);
  const expiry = parsed.itemExpiryAttribute;
  if (expiry !== undefined && [...used, parsed.cacheTtlAttribute].includes(expiry))
    fail(
      "itemExpiryAttribute",
      `an attribute other than the cache lifetime ${parsed.cacheTtlAttribute} (seconds, not an epoch), the key and the readings`,
    );
});

const KEYS = Object.keys(settings.unwrap().shape);

export const dynamodbPipesMomentoSettings = withRules(settings, (raw, fail) => {
  // A setting that looks like a place for the API key (apiKey, momentoApiKey, token, ...) is refused without
  // its value in the message, which ends up in terminals and CI logs. The key is a Terraform variable.
  for (const key of Object.keys(raw))
    if (!KEYS.includes(key) && SECRET_LIKE.test(key))
      fail(
        key,
        "not a setting: the Momento API key is the sensitive Terraform variable momento_api_key " +
          "(TF_VAR_momento_api_key at plan and apply time); never put it in configuration",
        "[redacted]",
      );
  // A pasted URL may carry `?token=<api key>`: report it without its query or fragment.
  const endpoint = raw.momentoHttpEndpoint;
  if (
    endpoint !== undefined &&
    !(typeof endpoint === "string" && new RegExp(MOMENTO_ENDPOINT_PATTERN).test(endpoint))
  )
    fail(
      "momentoHttpEndpoint",
      MOMENTO_ENDPOINT_DESCRIPTION,
      typeof endpoint === "string" ? endpoint.replace(/[?#].*$/s, "?[redacted]") : endpoint,
    );
});

export type DynamodbPipesMomentoSettings = z.output<typeof dynamodbPipesMomentoSettings>;
