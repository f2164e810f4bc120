import type { DynamoDBRecord } from "aws-lambda";
import { UNKNOWN_EVENT_ERROR } from "../../stacks/dynamodb-pipes-momento/workflow-definition";
import { aslValidator } from "../support/asl-validator";
import type { TerraformJson } from "../support/synth";
import { CONNECTION_ARN, MomentoFake } from "./momento-fake";
import { insertRecord, modifyRecord, removeRecord, weatherRow } from "./records";
import { resolvedWorkflow, synthesizedWorkflow, synthesizedWorkflowText } from "./synthesized-workflow";
import { startSyncExecution } from "./workflow-engine";

const CACHE = "momento-eventbridge-cache";
const TOPIC = "momento-eventbridge-topic";

const definitionOf = (settings: Record<string, unknown> = {}) => synthesizedWorkflow(settings);

let definition: TerraformJson;
/** The shipped configuration's definition as synthesized, before its references are resolved. */
let synthesizedText: string;
beforeAll(() => {
  synthesizedText = synthesizedWorkflowText();
  definition = resolvedWorkflow(synthesizedText);
});

/** One pipe invocation: the batch as the JSON array Pipes sends a Step Functions target. */
async function run(records: readonly DynamoDBRecord[], momento: MomentoFake, asl = definition) {
  return startSyncExecution(asl, records, momento.handler);
}

const SAN_DIEGO_VALUE = { Location: "San Diego", MaxTemp: "42", MinTemp: "31", ChancesOfPrecipitation: "91" };
const CACHE_PATH = `/cache/${CACHE}`;
const TOPIC_PATH = `/topics/${CACHE}/${TOPIC}`;

describe("the synthesized workflow definition", () => {
  test("is valid Amazon States Language (asl-validator), with Terraform references in it or resolved", () => {
    for (const candidate of [JSON.parse(synthesizedText), definition]) {
      const result = aslValidator(structuredClone(candidate), { checkPaths: true, checkArn: true });
      expect({ valid: result.isValid, errors: result.errorsText() }).toEqual({ valid: true, errors: "" });
    }
    // The validator does look inside: a Choice pointing nowhere is refused.
    const broken = structuredClone(definition);
    broken.States["Each record in order"].ItemProcessor.States.Route.Default = "Nowhere";
    expect(aslValidator(broken, { checkPaths: true, checkArn: true }).isValid).toBe(false);
  });

  test("every Momento call uses the connection (the API key never appears in the definition)", () => {
    const momento = new MomentoFake(CACHE);
    return run([insertRecord(weatherRow()), removeRecord(weatherRow())], momento).then(() => {
      expect(momento.calls).toHaveLength(4);
      for (const call of momento.calls) expect(call.connectionArn).toBe(CONNECTION_ARN);
    });
  });
});

describe("AWS-shaped stream records reach exactly the right Momento calls", () => {
  test("INSERT with TTL 120 (the sample's item): PUT with ttl_seconds=120, then publish INSERT", async () => {
    const momento = new MomentoFake(CACHE);
    const execution = await run([insertRecord(weatherRow())], momento);
    expect(execution.status).toBe("SUCCEEDED");
    expect(momento.calls).toEqual([
      {
        method: "PUT",
        path: CACHE_PATH,
        query: { key: "San Diego", ttl_seconds: "120" },
        headers: {},
        body: JSON.stringify(SAN_DIEGO_VALUE),
        connectionArn: CONNECTION_ARN,
      },
      {
        method: "POST",
        path: TOPIC_PATH,
        query: {},
        headers: { "Content-Type": "text/plain" },
        body: JSON.stringify({ EventType: "INSERT", ...SAN_DIEGO_VALUE }),
        connectionArn: CONNECTION_ARN,
      },
    ]);
    // The shapes the sample's CLI prints: "Item from cache" and "Received item from topic subscription".
    expect(JSON.parse(momento.cache.get("San Diego")?.value ?? "")).toEqual(SAN_DIEGO_VALUE);
    expect(momento.cache.get("San Diego")?.ttlSeconds).toBe(120);
    expect(JSON.parse(momento.topic[0].text)).toEqual({ EventType: "INSERT", ...SAN_DIEGO_VALUE });
  });

  test("MODIFY: the new image is cached with its own TTL and published as MODIFY", async () => {
    const momento = new MomentoFake(CACHE);
    const after = weatherRow({ maxTemp: "35", minTemp: "-2.5", ttl: { N: "900" } });
    await run([modifyRecord(weatherRow(), after)], momento);
    expect(momento.calls.map((c) => [c.method, c.query, JSON.parse(c.body ?? "null")])).toEqual([
      [
        "PUT",
        { key: "San Diego", ttl_seconds: "900" },
        { ...SAN_DIEGO_VALUE, MaxTemp: "35", MinTemp: "-2.5" },
      ],
      ["POST", {}, { EventType: "MODIFY", ...SAN_DIEGO_VALUE, MaxTemp: "35", MinTemp: "-2.5" }],
    ]);
  });

  test("an item without TTL is cached for the default lifetime (3600 s, or as configured)", async () => {
    const momento = new MomentoFake(CACHE);
    await run([insertRecord(weatherRow({ location: "Seattle", ttl: undefined }))], momento);
    expect(momento.calls[0].query).toEqual({ key: "Seattle", ttl_seconds: "3600" });

    const configured = new MomentoFake(CACHE);
    await run(
      [insertRecord(weatherRow({ ttl: undefined }))],
      configured,
      definitionOf({ defaultCacheTtlSeconds: 600 }),
    );
    expect(configured.calls[0].query.ttl_seconds).toBe("600");
  });

  test.each([
    ["a fraction", { N: "120.5" }, "120.5"],
    ["zero", { N: "0" }, "0"],
    ["negative", { N: "-5" }, "-5"],
    ["over Momento's 24 hours", { N: "86401" }, "86401"],
    ["an epoch timestamp (the old contract)", { N: "1717322400" }, "1717322400"],
    ["a string attribute", { S: "120" }, '{"S":"120"}'],
  ])(
    "an invalid TTL (%s) goes to the DLQ with its reason; the cache is not touched",
    async (_, ttl, shown) => {
      const momento = new MomentoFake(CACHE);
      momento.cache.set("San Diego", { value: "earlier", ttlSeconds: 60 });
      const record = insertRecord(weatherRow({ ttl }));
      const execution = await run([record], momento);
      expect(execution.status).toBe("SUCCEEDED");
      expect(momento.calls).toEqual([]);
      expect(momento.cache.get("San Diego")?.value).toBe("earlier");
      expect(momento.rejected).toEqual([
        {
          rejected: "invalid-ttl",
          reason: `TTL ${shown} is not a cache lifetime: TTL must be a Number attribute holding whole seconds from 1 to 86400 (Momento's limit), not an epoch timestamp`,
          key: "San Diego",
          eventName: "INSERT",
          eventID: record.eventID,
          sequenceNumber: record.dynamodb?.SequenceNumber,
        },
      ]);
    },
  );

  test("TTL 86400 and TTL 1 are within Momento's range", async () => {
    const momento = new MomentoFake(CACHE);
    await run(
      [insertRecord(weatherRow({ ttl: { N: "86400" } })), insertRecord(weatherRow({ ttl: { N: "1" } }))],
      momento,
    );
    expect(momento.calls.filter((c) => c.method === "PUT").map((c) => c.query.ttl_seconds)).toEqual([
      "86400",
      "1",
    ]);
  });

  test.each([
    ["by a user", false],
    ["by DynamoDB TTL expiry (userIdentity dynamodb.amazonaws.com)", true],
  ])("REMOVE %s: DELETE with the key only, no item data, then publish REMOVE", async (_, expiredByTtl) => {
    const momento = new MomentoFake(CACHE);
    momento.cache.set("São Paulo", { value: "cached", ttlSeconds: 60 });
    const row = weatherRow({ location: "São Paulo", ttl: { N: "not-even-checked" } });
    await run([removeRecord(row, { expiredByTtl })], momento);
    expect(momento.calls).toEqual([
      {
        method: "DELETE",
        path: CACHE_PATH,
        query: { key: "São Paulo" },
        headers: {},
        body: undefined,
        connectionArn: CONNECTION_ARN,
      },
      {
        method: "POST",
        path: TOPIC_PATH,
        query: {},
        headers: { "Content-Type": "text/plain" },
        body: JSON.stringify({
          EventType: "REMOVE",
          Location: "São Paulo",
          MaxTemp: "",
          MinTemp: "",
          ChancesOfPrecipitation: "",
        }),
        connectionArn: CONNECTION_ARN,
      },
    ]);
    expect(momento.cache.has("São Paulo")).toBe(false);
  });

  test("only the key and the readings leave AWS: other attributes and the old image are never sent", async () => {
    const momento = new MomentoFake(CACHE);
    const record = modifyRecord(weatherRow(), weatherRow({ maxTemp: "44" }));
    const images = record.dynamodb as Record<string, Record<string, unknown>>;
    images.NewImage.Email = { S: "owner@example.com" };
    images.OldImage.Email = { S: "previous@example.com" };
    await run([record], momento);
    expect(momento.calls).toHaveLength(2);
    expect(JSON.stringify(momento.calls)).not.toMatch(/example\.com|"31".*"31"/);
  });

  test("a record that is neither INSERT, MODIFY nor REMOVE fails the execution (the pipe retries, then DLQ)", async () => {
    const momento = new MomentoFake(CACHE);
    const odd = { ...insertRecord(weatherRow()), eventName: "TRUNCATE" } as unknown as DynamoDBRecord;
    const execution = await run([odd], momento);
    expect(execution).toMatchObject({ status: "FAILED", error: { error: UNKNOWN_EVENT_ERROR } });
    expect(momento.calls).toEqual([]);
  });

  test("a configured partition key and TTL attribute are read from the record by name", async () => {
    const asl = definitionOf({ partitionKey: "City", cacheTtlAttribute: "CacheSeconds" });
    const momento = new MomentoFake(CACHE);
    const record = insertRecord(weatherRow({ ttl: undefined }));
    const dynamodb = record.dynamodb as Record<string, Record<string, unknown>>;
    dynamodb.Keys = { City: { S: "Lyon" } };
    dynamodb.NewImage = { ...dynamodb.NewImage, City: { S: "Lyon" }, CacheSeconds: { N: "45" } };
    delete dynamodb.NewImage.Location;
    await run([record], momento, asl);
    expect(momento.calls[0].query).toEqual({ key: "Lyon", ttl_seconds: "45" });
    expect(JSON.parse(momento.calls[0].body ?? "")).toEqual({
      ...SAN_DIEGO_VALUE,
      Location: undefined,
      City: "Lyon",
    });
  });
});

describe("retries inside one execution", () => {
  test("throttling and 5xx are retried with exponential backoff, then the call succeeds", async () => {
    const momento = new MomentoFake(CACHE);
    momento.failNext.push(429, 503);
    const execution = await run([insertRecord(weatherRow())], momento);
    expect(execution.status).toBe("SUCCEEDED");
    expect(execution.trace.retries).toEqual([
      { state: "Put into cache", error: "States.Http.StatusCode.429", waitSeconds: 1 },
      { state: "Put into cache", error: "States.Http.StatusCode.503", waitSeconds: 2 },
    ]);
    expect(momento.cache.has("San Diego")).toBe(true);
  });

  test("a revoked key (401) or a missing cache (404) is not retried here: the execution fails", async () => {
    const momento = new MomentoFake(CACHE);
    momento.failNext.push(401);
    const revoked = await run([insertRecord(weatherRow())], momento);
    expect(revoked).toMatchObject({ status: "FAILED", error: { error: "States.Http.StatusCode.401" } });
    expect(revoked.trace.retries).toEqual([]);

    const wrongCache = await run([insertRecord(weatherRow())], new MomentoFake("another-cache"));
    expect(wrongCache).toMatchObject({ status: "FAILED", error: { error: "States.Http.StatusCode.404" } });
  });

  test("after httpRetryAttempts retries the execution fails", async () => {
    const momento = new MomentoFake(CACHE);
    momento.failNext.push(500, 500, 500, 500);
    const execution = await run([insertRecord(weatherRow())], momento);
    expect(execution).toMatchObject({ status: "FAILED", error: { error: "States.Http.StatusCode.500" } });
    expect(execution.trace.retries).toHaveLength(3);
  });
});

/**
 * The pipe's side, as the Pipes docs describe it for stream sources: one batch in flight per shard (and per
 * parallelization slot), the next batch only after the target answered; a failed batch is retried up to
 * maximumRetryAttempts, then its pointer goes to the DLQ and the shard moves on.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
 */
async function pipeShard(
  records: readonly DynamoDBRecord[],
  momento: MomentoFake,
  batchSize = 1,
  maximumRetryAttempts = 10,
) {
  const deadLettered: DynamoDBRecord[][] = [];
  for (let start = 0; start < records.length; start += batchSize) {
    const batch = records.slice(start, start + batchSize);
    let attempt = 0;
    while ((await run(batch, momento)).status === "FAILED") {
      if (++attempt > maximumRetryAttempts) {
        deadLettered.push(batch);
        break;
      }
    }
  }
  return deadLettered;
}

describe("per-key order through the pipe and the workflow", () => {
  test("INSERT → MODIFY → REMOVE → INSERT of one key leaves the cache in the state of the last change", async () => {
    const momento = new MomentoFake(CACHE);
    const v1 = weatherRow();
    const v2 = weatherRow({ maxTemp: "50" });
    const v3 = weatherRow({ maxTemp: "60", ttl: { N: "300" } });
    const sequence = [insertRecord(v1), modifyRecord(v1, v2), removeRecord(v2), insertRecord(v3)];
    for (const batchSize of [1, 2, 4]) {
      momento.cache.clear();
      momento.topic.length = 0;
      expect(await pipeShard(sequence, momento, batchSize)).toEqual([]);
      expect(momento.cache.get("San Diego")).toEqual({
        value: JSON.stringify({ ...SAN_DIEGO_VALUE, MaxTemp: "60" }),
        ttlSeconds: 300,
      });
      expect(momento.topic.map((m) => JSON.parse(m.text).EventType)).toEqual([
        "INSERT",
        "MODIFY",
        "REMOVE",
        "INSERT",
      ]);
    }
  });

  test("a PUT that fails beyond the workflow's retries is retried by the pipe before the DELETE behind it", async () => {
    const momento = new MomentoFake(CACHE);
    // Four 503s exhaust the first execution's three retries; the pipe's retry then succeeds.
    momento.failNext.push(503, 503, 503, 503);
    const row = weatherRow();
    expect(await pipeShard([insertRecord(row), removeRecord(row)], momento)).toEqual([]);
    expect(momento.cache.has("San Diego")).toBe(false);
    expect(momento.calls.map((c) => c.method)).toEqual([
      "PUT",
      "PUT",
      "PUT",
      "PUT",
      "PUT",
      "POST",
      "DELETE",
      "POST",
    ]);
  });

  test("a retried batch is re-applied in order and converges (a PUT's publish failed after the cache write)", async () => {
    const momento = new MomentoFake(CACHE);
    const v1 = weatherRow();
    const v2 = weatherRow({ maxTemp: "70" });
    // The batch's first execution: PUT v1 ok, publish fails 4 times → failed; the retry re-applies both.
    momento.failNext.push(204, 500, 500, 500, 500);
    expect(await pipeShard([insertRecord(v1), modifyRecord(v1, v2)], momento, 2)).toEqual([]);
    expect(JSON.parse(momento.cache.get("San Diego")?.value ?? "").MaxTemp).toBe("70");
  });
});
