import { READING_ATTRIBUTES } from "./data-contract";

/**
 * The Express workflow the pipe runs for every batch of stream records, as Amazon States Language data
 * (JSONata query language; no cdktf imports: the stack serialises it, tests evaluate it).
 *
 * Pipes hands a Step Functions target the batch as a JSON array, even for a batch of one. The Map runs one
 * record at a time, in array order (MaxConcurrency 1), so the changes of one key reach Momento in the order
 * DynamoDB Streams recorded them. Per record:
 *   Describe change (Pass) → Route (Choice on eventName, and on a bad TTL)
 *     INSERT, MODIFY → Put into cache (PUT /cache/{cache}?key&ttl_seconds) → Publish change
 *     REMOVE         → Delete from cache (DELETE /cache/{cache}?key, no body) → Publish change
 *     bad TTL        → Reject record (the reason and the record's position to the DLQ; cache untouched)
 *     anything else  → Fail (the pipe retries, then its DLQ)
 * A failed HTTP call is retried here with backoff; when the retries run out the execution fails, the pipe
 * retries the whole batch (re-applying it in order, which leaves the same final state), then sends it to the
 * pipe's DLQ.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-batching-concurrency.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html (JSONata in Step Functions)
 */

/** Any JSON value, and a JSON object. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export interface WorkflowSpec {
  /** Momento HTTP endpoint, without trailing slash (may be a Terraform reference). */
  readonly endpoint: string;
  /** The EventBridge connection that holds the API key. */
  readonly connectionArn: string;
  readonly cacheName: string;
  readonly topicName: string;
  /** Partition key attribute (type S): the cache key. */
  readonly partitionKey: string;
  /** Attribute with the cache lifetime in seconds (type N). */
  readonly cacheTtlAttribute: string;
  /** Lifetime of an item without that attribute. */
  readonly defaultCacheTtlSeconds: number;
  /** The accepted TTL range (Momento's). */
  readonly ttlRange: { readonly min: number; readonly max: number };
  /** Retries of a failed Momento call inside one execution. */
  readonly httpRetry: { readonly maxAttempts: number; readonly intervalSeconds: number };
  /** Where rejected records are reported (SQS queue URL). */
  readonly rejectedQueueUrl: string;
}

export const STATE_NAMES = {
  map: "Each record in order",
  describe: "Describe change",
  route: "Route",
  put: "Put into cache",
  remove: "Delete from cache",
  publish: "Publish change",
  reject: "Reject record",
  unknown: "Unknown event",
} as const;

/** The error an execution fails with when a record is neither INSERT, MODIFY nor REMOVE. */
export const UNKNOWN_EVENT_ERROR = "Momento.UnknownEventName";

/**
 * Momento answers these when the call may succeed later (throttling, server trouble); States.Http.Socket is
 * the HTTP Task's own timeout or connection failure. Other 4xx (401 revoked key, 404 missing cache) would
 * fail the same way again, so they are left to the pipe's retries and DLQ, where an alarm sees them.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html#connect-http-task-errors
 */
export const RETRIED_HTTP_ERRORS = [
  "States.Http.StatusCode.429",
  "States.Http.StatusCode.500",
  "States.Http.StatusCode.502",
  "States.Http.StatusCode.503",
  "States.Http.StatusCode.504",
  "States.Http.Socket",
] as const;

/** Seconds each HTTP call may take; the HTTP Task's own hard limit is 60. */
export const HTTP_TIMEOUT_SECONDS = 15;

const jsonata = (expression: string) => `{% ${expression} %}`;

/** A JSONata string literal (JSON's quoting is valid JSONata). */
const literal = (text: string) => JSON.stringify(text);

/** `$lookup` reads an attribute by name, whatever characters the name holds. */
const attribute = (map: string, name: string) => `$lookup(${map}, ${literal(name)})`;

/**
 * The Pass state's expression: one stream record in, the change to apply out, with only what Momento needs.
 * DynamoDB writes numbers normalised (`120`, never `120.0` or `1.2E2`), so a whole number is all digits.
 */
function describeChange(spec: WorkflowSpec): string {
  const readings = READING_ATTRIBUTES.map((name) => {
    const value = attribute("$image", name);
    // A reading the image lacks (always, for REMOVE) is "", so every value has the same fields.
    return `${literal(name)}: $exists(${value}.N) ? ${value}.N : ""`;
  });
  const { min, max } = spec.ttlRange;
  return [
    "(",
    "$record := $states.input;",
    "$image := $record.dynamodb.NewImage;",
    `$key := ${attribute("$record.dynamodb.Keys", spec.partitionKey)}.S;`,
    `$ttl := ${attribute("$image", spec.cacheTtlAttribute)};`,
    "$ttlText := $ttl.N;",
    `$ttlValid := $exists($ttlText) and $contains($ttlText, /^[0-9]+$/) and $number($ttlText) >= ${min} and $number($ttlText) <= ${max};`,
    `$writes := $record.eventName in ["INSERT", "MODIFY"];`,
    "{",
    '"eventName": $record.eventName,',
    '"eventID": $record.eventID,',
    '"sequenceNumber": $record.dynamodb.SequenceNumber,',
    '"key": $key,',
    `"ttlSeconds": $exists($ttl) and $ttlValid ? $number($ttlText) : ${spec.defaultCacheTtlSeconds},`,
    `"rejection": $writes and $exists($ttl) and $not($ttlValid) ? ${literal(`${spec.cacheTtlAttribute} `)} & ($exists($ttlText) ? $ttlText : $string($ttl)) & ${literal(` is not a cache lifetime: ${spec.cacheTtlAttribute} must be a Number attribute holding whole seconds from ${min} to ${max} (Momento's limit), not an epoch timestamp`)} : null,`,
    `"value": {${literal(spec.partitionKey)}: $key, ${readings.join(", ")}},`,
    `"message": {"EventType": $record.eventName, ${literal(spec.partitionKey)}: $key, ${readings.join(", ")}}`,
    "}",
    ")",
  ].join(" ");
}

function momentoCall(
  spec: WorkflowSpec,
  method: "PUT" | "DELETE" | "POST",
  path: string,
  extra: JsonObject,
  next: JsonObject,
): JsonObject {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::http:invoke",
    Arguments: {
      ApiEndpoint: `${spec.endpoint}${path}`,
      Method: method,
      Authentication: { ConnectionArn: spec.connectionArn },
      ...extra,
    },
    TimeoutSeconds: HTTP_TIMEOUT_SECONDS,
    Retry: [
      {
        ErrorEquals: [...RETRIED_HTTP_ERRORS],
        IntervalSeconds: spec.httpRetry.intervalSeconds,
        MaxAttempts: spec.httpRetry.maxAttempts,
        BackoffRate: 2,
        JitterStrategy: "FULL",
      },
    ],
    ...next,
  };
}

/** The cache and publish paths: the names are validated URL-safe settings. */
export function momentoPaths(cacheName: string, topicName: string) {
  return { cache: `/cache/${cacheName}`, topic: `/topics/${cacheName}/${topicName}` } as const;
}

export function workflowDefinition(spec: WorkflowSpec): JsonObject {
  const paths = momentoPaths(spec.cacheName, spec.topicName);
  // The change travels on unchanged: each Task's own result (the HTTP response) is not needed later.
  const keepChange = { Output: jsonata("$states.input"), Next: STATE_NAMES.publish };
  return {
    Comment: "DynamoDB stream records, in order, to a Momento cache and topic",
    QueryLanguage: "JSONata",
    StartAt: STATE_NAMES.map,
    States: {
      [STATE_NAMES.map]: {
        Type: "Map",
        Items: jsonata("$states.input"),
        MaxConcurrency: 1,
        ItemProcessor: {
          ProcessorConfig: { Mode: "INLINE" },
          StartAt: STATE_NAMES.describe,
          States: {
            [STATE_NAMES.describe]: {
              Type: "Pass",
              Output: jsonata(describeChange(spec)),
              Next: STATE_NAMES.route,
            },
            [STATE_NAMES.route]: {
              Type: "Choice",
              Choices: [
                { Condition: jsonata("$states.input.rejection != null"), Next: STATE_NAMES.reject },
                { Condition: jsonata('$states.input.eventName = "REMOVE"'), Next: STATE_NAMES.remove },
                {
                  Condition: jsonata('$states.input.eventName in ["INSERT", "MODIFY"]'),
                  Next: STATE_NAMES.put,
                },
              ],
              Default: STATE_NAMES.unknown,
            },
            [STATE_NAMES.put]: momentoCall(
              spec,
              "PUT",
              paths.cache,
              {
                QueryParameters: {
                  key: jsonata("$states.input.key"),
                  ttl_seconds: jsonata("$string($states.input.ttlSeconds)"),
                },
                RequestBody: jsonata("$states.input.value"),
              },
              keepChange,
            ),
            // A deletion sends the key only: no item data leaves AWS.
            [STATE_NAMES.remove]: momentoCall(
              spec,
              "DELETE",
              paths.cache,
              { QueryParameters: { key: jsonata("$states.input.key") } },
              keepChange,
            ),
            // Momento's topic API wants text/plain for UTF-8 messages; subscribers then get {"text": ...}.
            [STATE_NAMES.publish]: momentoCall(
              spec,
              "POST",
              paths.topic,
              {
                Headers: { "Content-Type": "text/plain" },
                RequestBody: jsonata("$states.input.message"),
              },
              {
                Output: jsonata(
                  '{"key": $states.input.key, "eventName": $states.input.eventName, "outcome": "applied"}',
                ),
                End: true,
              },
            ),
            // Retrying cannot fix a bad TTL, and evicting would hide the mistake: report it, leave the cache.
            [STATE_NAMES.reject]: {
              Type: "Task",
              Resource: "arn:aws:states:::sqs:sendMessage",
              Arguments: {
                QueueUrl: spec.rejectedQueueUrl,
                MessageBody: jsonata(
                  '{"rejected": "invalid-ttl", "reason": $states.input.rejection, "key": $states.input.key, ' +
                    '"eventName": $states.input.eventName, "eventID": $states.input.eventID, ' +
                    '"sequenceNumber": $states.input.sequenceNumber}',
                ),
              },
              Output: jsonata(
                '{"key": $states.input.key, "eventName": $states.input.eventName, "outcome": "rejected"}',
              ),
              End: true,
            },
            [STATE_NAMES.unknown]: {
              Type: "Fail",
              Error: UNKNOWN_EVENT_ERROR,
              Cause: "A stream record whose eventName is not INSERT, MODIFY or REMOVE",
            },
          },
        },
        Output: jsonata("$states.result"),
        End: true,
      },
    },
  };
}
