import { type Checker, isPlainObject } from "../core/checks";
import { type AlarmSettings, readAlarmSettings } from "../shared/monitoring/alarm-settings";
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

export interface PipeLoggingSettings {
  /**
   * What the pipe and the workflow log to their log groups. ERROR logs failures only; INFO and TRACE log
   * every step of every record (the workflow logs ALL for both).
   * @default "ERROR"
   */
  readonly level: PipeLogLevel;
  /**
   * Also log the payload and the request and response of each step. The payload is the table item (user
   * data), so this is off by default; turn it on only while debugging.
   * @default false
   */
  readonly includeExecutionData: boolean;
}

export interface DynamodbPipesMomentoSettings {
  /** The table's name. @default "<prefix>-<environment>-weather" */
  readonly tableName?: string;
  /**
   * The table's partition key (type S): the Momento cache key and the topic message's key field.
   * @default "Location" (what the weather demo writes)
   */
  readonly partitionKey: string;
  /**
   * Refuse to delete the table (DynamoDB deletion protection); `terraform destroy` fails until it is off.
   * @default `protectData` (true, except in the "dev" environment): one setting decides data protection
   */
  readonly deletionProtection?: boolean;
  /**
   * Momento's HTTP API endpoint for the region of the API key and cache. Becomes the default of the Terraform
   * variable `momento_http_endpoint`; without it the variable has no default and must be given at plan time
   * (`TF_VAR_momento_http_endpoint`). Not a secret.
   * @default none
   */
  readonly momentoHttpEndpoint?: string;
  /** The Momento cache the workflow writes to and publishes through. @default "momento-eventbridge-cache" */
  readonly cacheName: string;
  /** The Momento topic every change is published to. @default "momento-eventbridge-topic" */
  readonly topicName: string;
  /**
   * The attribute (type N) holding the cache lifetime in seconds, Momento's `ttl_seconds`: the seed's contract.
   * @default "TTL"
   */
  readonly cacheTtlAttribute: string;
  /**
   * Cache lifetime of an item without the TTL attribute, in seconds (Momento allows 1 to 86 400).
   * @default 3600
   */
  readonly defaultCacheTtlSeconds: number;
  /**
   * Turn on DynamoDB's own TTL expiry on this attribute (epoch seconds). Off by default; never the cache TTL
   * attribute, which holds a duration. An expired item's REMOVE evicts the cached copy like any delete.
   * @default none (DynamoDB TTL off)
   */
  readonly itemExpiryAttribute?: string;
  /**
   * Records per workflow execution. They run one after another inside it, so a larger batch saves per-call
   * overhead, not latency; the batch (both images of every record) must stay under Step Functions' 256 KB input.
   * @default 1
   */
  readonly batchSize: number;
  /**
   * Concurrent batches per stream shard (Pipes allows 1 to 10); raise it when one shard's throughput is too
   * low. The Pipes guide says only that a pipe keeps the stream's order; that records of one key stay in order
   * above 1 is what AWS documents for the same stream poller in Lambda event source mappings.
   * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
   * @default 1
   */
  readonly parallelizationFactor: number;
  /**
   * Retries of a failed Momento call (throttled, 5xx, timeout) inside one execution, with exponential backoff
   * from 1 second, before the execution fails and the pipe's own retries take over.
   * @default 3
   */
  readonly httpRetryAttempts: number;
  /**
   * Where a new pipe starts reading the stream: LATEST (changes after the pipe starts) or TRIM_HORIZON (the
   * oldest record the stream still holds, up to 24 hours back).
   * @default "LATEST"
   */
  readonly startingPosition: "LATEST" | "TRIM_HORIZON";
  /**
   * Pipe retries of a batch whose execution failed before it goes to the dead-letter queue. A failing batch
   * blocks its shard while it is retried (that is what keeps per-key order), so the number is finite.
   * @default 10
   */
  readonly maximumRetryAttempts: number;
  /**
   * Records older than this go to the dead-letter queue instead of being sent. DynamoDB Streams keeps records
   * for 24 hours, so a larger value would never apply.
   * @default 3600
   */
  readonly maximumRecordAgeSeconds: number;
  /** How the pipe and the workflow log. @default { level: "ERROR", includeExecutionData: false } */
  readonly logging: PipeLoggingSettings;
  /** Threshold and on/off of each alarm. @default every alarm on, with the thresholds in the README */
  readonly alarms: AlarmSettings<(typeof DYNAMODB_PIPES_MOMENTO_ALARMS)[number]>;
}

const KEYS = [
  "tableName",
  "partitionKey",
  "deletionProtection",
  "momentoHttpEndpoint",
  "cacheName",
  "topicName",
  "cacheTtlAttribute",
  "defaultCacheTtlSeconds",
  "itemExpiryAttribute",
  "batchSize",
  "parallelizationFactor",
  "httpRetryAttempts",
  "startingPosition",
  "maximumRetryAttempts",
  "maximumRecordAgeSeconds",
  "logging",
  "alarms",
];

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

export function readDynamodbPipesMomentoSettings(
  field: string,
  value: unknown,
  check: Checker,
): DynamodbPipesMomentoSettings {
  const raw = check.section(field, withoutSecrets(field, value, check), KEYS);
  const endpoint = raw.momentoHttpEndpoint;
  const endpointOk = typeof endpoint === "string" && new RegExp(MOMENTO_ENDPOINT_PATTERN).test(endpoint);
  if (endpoint !== undefined && !endpointOk) {
    // A pasted URL may carry `?token=<api key>`: report it without its query or fragment.
    const shown = typeof endpoint === "string" ? endpoint.replace(/[?#].*$/s, "?[redacted]") : endpoint;
    check.fail(`${field}.momentoHttpEndpoint`, shown, MOMENTO_ENDPOINT_DESCRIPTION);
  }
  const partitionKey = readPartitionKey(`${field}.partitionKey`, raw.partitionKey, check);
  return {
    tableName: check.optionalString(`${field}.tableName`, raw.tableName, {
      pattern: /^[a-zA-Z0-9_.-]{3,255}$/,
      describe: "a DynamoDB table name: 3 to 255 letters, digits, _ . -",
    }),
    partitionKey,
    deletionProtection:
      raw.deletionProtection === undefined
        ? undefined
        : check.boolean(`${field}.deletionProtection`, raw.deletionProtection, true),
    momentoHttpEndpoint: endpointOk ? endpoint : undefined,
    cacheName: check.string(`${field}.cacheName`, raw.cacheName, DEFAULT_CACHE_NAME, {
      pattern: MOMENTO_NAME,
      describe: "a Momento cache name: 1 to 255 letters, digits, _ . - (it goes into the request path)",
    }),
    topicName: check.string(`${field}.topicName`, raw.topicName, DEFAULT_TOPIC_NAME, {
      pattern: MOMENTO_NAME,
      describe: "a Momento topic name: 1 to 255 letters, digits, _ . - (it goes into the request path)",
    }),
    ...readAttributes(field, raw, partitionKey, check),
    defaultCacheTtlSeconds: check.integer(
      `${field}.defaultCacheTtlSeconds`,
      raw.defaultCacheTtlSeconds,
      DEFAULT_CACHE_TTL_SECONDS,
      {
        min: MOMENTO_MIN_TTL_SECONDS,
        max: MOMENTO_MAX_TTL_SECONDS,
        unit: "seconds (Momento's TTL limit is 24 hours)",
      },
    ),
    batchSize: check.integer(`${field}.batchSize`, raw.batchSize, 1, {
      min: 1,
      max: MAX_BATCH_SIZE,
      unit: "records (each execution's input, both images of every record, must stay under 256 KB)",
    }),
    parallelizationFactor: check.integer(`${field}.parallelizationFactor`, raw.parallelizationFactor, 1, {
      min: 1,
      max: 10,
      unit: "concurrent batches per shard (EventBridge Pipes' range for DynamoDB streams)",
    }),
    httpRetryAttempts: check.integer(`${field}.httpRetryAttempts`, raw.httpRetryAttempts, 3, {
      min: 0,
      max: 10,
      unit: "retries per Momento call (each waits up to twice as long as the one before)",
    }),
    startingPosition: check.oneOf(`${field}.startingPosition`, raw.startingPosition, "LATEST", [
      "LATEST",
      "TRIM_HORIZON",
    ] as const),
    maximumRetryAttempts: check.integer(`${field}.maximumRetryAttempts`, raw.maximumRetryAttempts, 10, {
      min: 0,
      max: 10000,
      unit: "(finite: a failing record blocks its shard while it is retried)",
    }),
    maximumRecordAgeSeconds: check.integer(
      `${field}.maximumRecordAgeSeconds`,
      raw.maximumRecordAgeSeconds,
      3600,
      { min: 60, max: 86400, unit: "seconds (DynamoDB Streams keeps records 24 hours)" },
    ),
    logging: readLogging(`${field}.logging`, raw.logging, check),
    alarms: readAlarmSettings(`${field}.alarms`, raw.alarms, DYNAMODB_PIPES_MOMENTO_ALARMS, check),
  };
}

/**
 * Refuses settings that look like a place for the API key (apiKey, momentoApiKey, token, ...) without putting
 * their value into the error message, which ends up in terminals and CI logs. The key is a Terraform variable.
 */
function withoutSecrets(field: string, value: unknown, check: Checker): unknown {
  if (!isPlainObject(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    if (KEYS.includes(key) || !SECRET_LIKE.test(key)) {
      kept[key] = entry;
      continue;
    }
    check.fail(
      `${field}.${key}`,
      "[redacted]",
      "not a setting: the Momento API key is the sensitive Terraform variable momento_api_key " +
        "(TF_VAR_momento_api_key at plan and apply time); never put it in configuration",
    );
  }
  return kept;
}

function readPartitionKey(field: string, value: unknown, check: Checker): string {
  const key = check.string(field, value, WEATHER_ATTRIBUTES.location, {
    pattern: /^[A-Za-z0-9_-]{1,255}$/,
    describe: "an attribute name of letters, digits, _ and - (Pipes JSON paths allow no other characters)",
  });
  const taken: readonly string[] = READING_ATTRIBUTES;
  if (taken.includes(key)) {
    check.fail(field, key, `an attribute the weather item does not already use (${taken.join(", ")})`);
    return WEATHER_ATTRIBUTES.location;
  }
  return key;
}

/** Attribute names go into JSONata `$lookup` calls as string literals, and into DynamoDB's TTL setting. */
const ATTRIBUTE_NAME = /^[A-Za-z0-9_.-]{1,255}$/;

/**
 * The cache-lifetime attribute and the optional DynamoDB expiry attribute: each distinct from the key and the
 * readings, and never the same attribute, since one holds a duration and the other an epoch timestamp.
 */
function readAttributes(field: string, raw: Record<string, unknown>, partitionKey: string, check: Checker) {
  const describe = "an attribute name of letters, digits, _ . - (at most 255)";
  const cacheTtlAttribute = check.string(
    `${field}.cacheTtlAttribute`,
    raw.cacheTtlAttribute,
    WEATHER_ATTRIBUTES.cacheTtl,
    { pattern: ATTRIBUTE_NAME, describe },
  );
  const itemExpiryAttribute = check.optionalString(`${field}.itemExpiryAttribute`, raw.itemExpiryAttribute, {
    pattern: ATTRIBUTE_NAME,
    describe,
  });
  const used: readonly string[] = [partitionKey, ...READING_ATTRIBUTES];
  if (used.includes(cacheTtlAttribute)) {
    check.fail(
      `${field}.cacheTtlAttribute`,
      cacheTtlAttribute,
      `not the key or a reading (${used.join(", ")})`,
    );
  }
  if (itemExpiryAttribute !== undefined && [...used, cacheTtlAttribute].includes(itemExpiryAttribute)) {
    check.fail(
      `${field}.itemExpiryAttribute`,
      itemExpiryAttribute,
      `an attribute other than the cache lifetime ${cacheTtlAttribute} (seconds, not an epoch), the key and the readings`,
    );
    return { cacheTtlAttribute, itemExpiryAttribute: undefined };
  }
  return { cacheTtlAttribute, itemExpiryAttribute };
}

function readLogging(field: string, value: unknown, check: Checker): PipeLoggingSettings {
  const raw = check.section(field, value, ["level", "includeExecutionData"]);
  const level = check.oneOf(`${field}.level`, raw.level, "ERROR", PIPE_LOG_LEVELS);
  const includeExecutionData = check.boolean(
    `${field}.includeExecutionData`,
    raw.includeExecutionData,
    false,
  );
  if (level === "OFF" && includeExecutionData) {
    check.fail(`${field}.includeExecutionData`, true, 'only used when logging.level is not "OFF"');
    return { level, includeExecutionData: false };
  }
  return { level, includeExecutionData };
}
