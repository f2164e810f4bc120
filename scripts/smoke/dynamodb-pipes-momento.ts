import { type AttributeValue, DeleteItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { normalizeMomentoEndpoint } from "../lib/weather-demo/config";
import {
  getCacheValue,
  type MomentoHttpClient,
  redact,
  subscribeTopic,
} from "../lib/weather-demo/momento-http";
import type { StackSmoke } from "./context";
import { stringOutput } from "./outputs";
import { CheckFailure, mismatch, waitFor } from "./runner";

/** The cache lifetime the smoke item asks for (its `TTL` attribute, in seconds, as in Momento's sample). */
export const SMOKE_TTL_SECONDS = 300;

/** The weather values of the two writes: INSERT, then MODIFY. */
const READINGS = [
  { MaxTemp: "75", MinTemp: "60", ChancesOfPrecipitation: "10" },
  { MaxTemp: "81", MinTemp: "62", ChancesOfPrecipitation: "0" },
] as const;
type Reading = (typeof READINGS)[number];

const CHECKS = {
  insert: "INSERT is cached",
  modify: "MODIFY updates the cache",
  remove: "REMOVE evicts the cache, and it stays evicted",
  topic: "topic hears INSERT, MODIFY, REMOVE in order",
} as const;

/**
 * Writes an item with a unique key and `TTL`, reads it back from Momento's HTTP API, modifies it,
 * deletes it, and checks that the cache follows in that order and that the topic received INSERT,
 * MODIFY and REMOVE for the key (long poll). The item and the cache entry are removed at the end.
 * Only the data contract is checked (key = partition key, `TTL` = cache lifetime in seconds), not how
 * the stack moves the data.
 */
export const smokeDynamodbPipesMomento: StackSmoke = async (input) => {
  const { outputs, config, clients, checks, run, env } = input;
  const stack = "dynamodb-pipes-momento";
  const settings = config.stacks[stack];
  const table = stringOutput(outputs, stack, "table_name");
  const where =
    [outputs.log_group_name, outputs.dlq_url].filter((x) => typeof x === "string").join(" and ") || undefined;

  const momento = await checks.check("Momento endpoint and API key", async () => {
    const apiKey = env.MOMENTO_API_KEY || env.TF_VAR_momento_api_key;
    const endpoint =
      env.TF_VAR_momento_http_endpoint || env.MOMENTO_HTTP_ENDPOINT || settings.momentoHttpEndpoint;
    const missing = [
      ...(apiKey ? [] : ["MOMENTO_API_KEY (or TF_VAR_momento_api_key)"]),
      ...(endpoint ? [] : ["TF_VAR_momento_http_endpoint (or the momentoHttpEndpoint setting)"]),
    ];
    if (!apiKey || !endpoint) throw new CheckFailure(`set ${missing.join(" and ")} to read the cache`);
    const client: MomentoHttpClient = {
      endpoint: normalizeMomentoEndpoint(endpoint),
      apiKey,
      fetch: input.fetch,
    };
    return client;
  });
  if (!momento) {
    for (const name of Object.values(CHECKS)) checks.skip(name, "no Momento endpoint or API key");
    return;
  }

  const key = run.runId;
  const keyAttribute = settings.partitionKey;
  const { cacheName, topicName } = settings;
  run.cleanup.add(`item ${keyAttribute}=${key} in ${table} and its cache entry`, async () => {
    await clients.dynamodb.send(
      new DeleteItemCommand({ TableName: table, Key: { [keyAttribute]: { S: key } } }),
    );
    await deleteCacheValue(momento, cacheName, key);
  });

  // Subscribe before the first write: the topic only delivers what is published while someone listens.
  const listening = new AbortController();
  const stop = () => listening.abort();
  run.signal.addEventListener("abort", stop);
  const heard: string[] = [];
  let topicError: unknown;
  const subscription = (async () => {
    try {
      for await (const event of subscribeTopic(momento, cacheName, topicName, listening.signal)) {
        if (event.kind === "message" && event.value.includes(key)) heard.push(event.value);
      }
    } catch (error) {
      if (!listening.signal.aborted) topicError = error;
    }
  })();

  try {
    const item = (reading: Reading): Record<string, AttributeValue> => ({
      [keyAttribute]: { S: key },
      MaxTemp: { N: reading.MaxTemp },
      MinTemp: { N: reading.MinTemp },
      ChancesOfPrecipitation: { N: reading.ChancesOfPrecipitation },
      [settings.cacheTtlAttribute]: { N: String(SMOKE_TTL_SECONDS) },
    });
    const cached = (reading: Reading) => async () => {
      const result = await getCacheValue(momento, cacheName, key, run.signal);
      lastSeen = result.kind === "hit" ? result.value : `a miss (${result.detail})`;
      if (result.kind === "miss" && result.cacheMissing)
        throw new CheckFailure(`Momento cache "${cacheName}" does not exist`);
      return result.kind === "hit" && sameReading(result.value, reading) ? true : undefined;
    };
    let lastSeen = "nothing yet";
    const cacheWait = (what: string, probe: () => Promise<true | undefined>) =>
      waitFor(run, what, probe, {
        defaultTimeoutSeconds: 120,
        where,
        lastSeen: () => redact(lastSeen, momento.apiKey),
      });

    const inserted = await checks.check(CHECKS.insert, async () => {
      await clients.dynamodb.send(new PutItemCommand({ TableName: table, Item: item(READINGS[0]) }));
      return cacheWait(
        `cache ${cacheName} key ${key} with MaxTemp ${READINGS[0].MaxTemp}`,
        cached(READINGS[0]),
      );
    });
    const modified =
      inserted &&
      (await checks.check(CHECKS.modify, async () => {
        await clients.dynamodb.send(new PutItemCommand({ TableName: table, Item: item(READINGS[1]) }));
        return cacheWait(
          `cache ${cacheName} key ${key} with MaxTemp ${READINGS[1].MaxTemp}`,
          cached(READINGS[1]),
        );
      }));
    const removed =
      modified &&
      (await checks.check(CHECKS.remove, async () => {
        await clients.dynamodb.send(
          new DeleteItemCommand({ TableName: table, Key: { [keyAttribute]: { S: key } } }),
        );
        const miss = async () => {
          const result = await getCacheValue(momento, cacheName, key, run.signal);
          lastSeen = result.kind === "hit" ? result.value : "a miss";
          return result.kind === "miss" ? true : undefined;
        };
        await cacheWait(`cache ${cacheName} key ${key} evicted`, miss);
        // A write delivered out of order would bring the entry back after the eviction.
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, run.pollMs * 5)));
        if ((await miss()) !== true)
          throw mismatch(`cache key ${key} after REMOVE`, "a miss", lastSeen, where);
        return true;
      }));
    if (!removed) {
      checks.skip(CHECKS.topic, "the cache checks did not all pass");
      return;
    }
    await checks.check(CHECKS.topic, async () => {
      await waitFor(
        run,
        `3 messages for ${key} on topic ${topicName}`,
        async () => {
          if (topicError) throw topicError;
          return heard.length >= 3 ? true : undefined;
        },
        { defaultTimeoutSeconds: 60, where, lastSeen: () => `${heard.length} message(s)` },
      );
      const types = heard.map(eventTypeOf);
      if (JSON.stringify(types) !== JSON.stringify(["INSERT", "MODIFY", "REMOVE"]))
        throw mismatch(
          `event types on topic ${topicName} for ${key}`,
          ["INSERT", "MODIFY", "REMOVE"],
          types,
          where,
        );
    });
  } finally {
    stop();
    run.signal.removeEventListener("abort", stop);
    await subscription;
  }
};

/** The cached JSON carries the written values (as numbers or strings: the contract is the value). */
function sameReading(text: string, reading: Reading): boolean {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    return Object.entries(reading).every(([field, expected]) => String(value[field]) === expected);
  } catch {
    return false;
  }
}

function eventTypeOf(message: string): string {
  try {
    const value = JSON.parse(message) as { EventType?: unknown; eventName?: unknown };
    return String(value.EventType ?? value.eventName ?? "?");
  } catch {
    return `not JSON: ${message.slice(0, 80)}`;
  }
}

/** `DELETE /cache/{cacheName}?key=...`: idempotent, a missing key is not an error. */
async function deleteCacheValue(client: MomentoHttpClient, cacheName: string, key: string): Promise<void> {
  const url = `${client.endpoint}/cache/${encodeURIComponent(cacheName)}?key=${encodeURIComponent(key)}`;
  const response = await client.fetch(url, {
    method: "DELETE",
    headers: { Authorization: client.apiKey },
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok && response.status !== 404)
    throw new Error(
      redact(`Momento DELETE /cache/${cacheName} failed with HTTP ${response.status}`, client.apiKey),
    );
}
