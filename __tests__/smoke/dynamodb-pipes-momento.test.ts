import { setTimeout as sleep } from "node:timers/promises";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { SMOKE_TTL_SECONDS, smokeDynamodbPipesMomento } from "../../scripts/smoke/dynamodb-pipes-momento";
import { DEFAULT_CACHE_NAME, DEFAULT_TOPIC_NAME } from "../../stacks/dynamodb-pipes-momento/data-contract";
import { localWeatherTable, RUN_ID, runStack, standIn, testClients } from "./harness";

const TABLE = "integ-dev-weather";
const API_KEY = "test-momento-key.c2VjcmV0LW5ldmVyLXByaW50ZWQ";
const outputs = {
  table_name: TABLE,
  dlq_url: "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-pipes-dlq",
};

/**
 * How the stand-in moves a table change to Momento: "in order" is the contract; "late put" delivers a
 * cache write again after the eviction (a put retried after the delete); "topic out of order"
 * publishes MODIFY after REMOVE.
 */
type Delivery = "in order" | "late put" | "topic out of order";

let dynamo: Awaited<ReturnType<typeof localWeatherTable>>;
let clients: ReturnType<typeof testClients>;
let delivery: Delivery = "in order";
const cache = new Map<string, { value: string; ttlSeconds: number }>();
const topic: string[] = [];
let momento: Awaited<ReturnType<typeof standIn>>;

/** Momento's HTTP API: GET/PUT/DELETE /cache/{cache}?key=, and GET /topics/{cache}/{topic} long polls. */
async function momentoStandIn() {
  return standIn(async (request, _body, response) => {
    const url = new URL(request.url ?? "", "http://stand-in");
    const reply = (status: number, text = "") => response.writeHead(status).end(text);
    if (request.headers.authorization !== API_KEY) return reply(401, "Invalid token");
    const [, kind, cacheName, topicName] = url.pathname.split("/").map(decodeURIComponent);
    if (cacheName !== DEFAULT_CACHE_NAME) return reply(404, "Cache Not Found");
    if (kind === "topics" && topicName === DEFAULT_TOPIC_NAME) {
      const from = Number(url.searchParams.get("sequence_number"));
      const start = Math.max(from, 1);
      // A long poll, as Momento's: held until there is a message to send or the subscriber goes (5 s at most).
      // An empty answer makes the client pause half a second before it asks again.
      for (let waited = 0; topic.length < start && !request.socket.destroyed && waited < 5000; waited += 20)
        await sleep(20);
      const items = topic.slice(start - 1).map((text, i) => ({
        item: { topic_sequence_number: start + i, sequence_page: 1, value: { text } },
      }));
      return reply(200, JSON.stringify({ items }));
    }
    const key = url.searchParams.get("key") ?? "";
    if (request.method === "GET") {
      const entry = cache.get(key);
      if (entry) return reply(200, entry.value);
      // The late put lands just after a reader saw the eviction: deterministic, whatever the timing.
      const late = latePuts.get(key);
      if (late) cache.set(key, late);
      latePuts.delete(key);
      return reply(404, "Key Not Found");
    }
    if (request.method === "DELETE") {
      cache.delete(key);
      return reply(204);
    }
    return reply(405);
  });
}

/** What the deployed pipeline does with one table change (the contract, or a broken variant). */
function deliver(
  change: "INSERT" | "MODIFY" | "REMOVE",
  key: string,
  image?: Record<string, { N?: string }>,
) {
  const weather = {
    Location: key,
    MaxTemp: image?.MaxTemp?.N ?? "",
    MinTemp: image?.MinTemp?.N ?? "",
    ChancesOfPrecipitation: image?.ChancesOfPrecipitation?.N ?? "",
  };
  const publish = () => topic.push(JSON.stringify({ EventType: change, ...weather }));
  if (change === "REMOVE") {
    const last = cache.get(key);
    cache.delete(key);
    publish();
    if (delivery === "late put" && last) latePuts.set(key, last);
    if (delivery === "topic out of order") topic.push(deferredModify.splice(0).join(""));
    return;
  }
  cache.set(key, { value: JSON.stringify(weather), ttlSeconds: Number(image?.TTL?.N) });
  if (delivery === "topic out of order" && change === "MODIFY")
    deferredModify.push(JSON.stringify({ EventType: change, ...weather }));
  else publish();
}
const deferredModify: string[] = [];
const latePuts = new Map<string, { value: string; ttlSeconds: number }>();

beforeAll(async () => {
  dynamo = await localWeatherTable(TABLE);
  momento = await momentoStandIn();
  clients = testClients({ dynamodb: dynamo.url });
  // The table's stream, in miniature: every successful write is handed to `deliver` after it lands.
  const existing = new Set<string>();
  clients.dynamodb.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const input = args.input as {
        Item?: Record<string, { S?: string; N?: string }>;
        Key?: Record<string, { S?: string }>;
      };
      if (context.commandName === "PutItemCommand" && input.Item) {
        const key = input.Item.Location?.S ?? "";
        deliver(existing.has(key) ? "MODIFY" : "INSERT", key, input.Item);
        existing.add(key);
      }
      if (
        context.commandName === "DeleteItemCommand" &&
        input.Key &&
        existing.delete(input.Key.Location?.S ?? "")
      )
        deliver("REMOVE", input.Key.Location?.S ?? "");
      return result;
    },
    { step: "initialize", name: "stand-in-stream" },
  );
});

afterAll(async () => {
  await momento.close();
  await dynamo.close();
});

beforeEach(() => {
  cache.clear();
  topic.length = 0;
  deferredModify.length = 0;
});

const momentoEnv = () => ({ MOMENTO_API_KEY: API_KEY, TF_VAR_momento_http_endpoint: momento.url });
const smoke = (env: NodeJS.ProcessEnv = momentoEnv()) =>
  runStack("dynamodb-pipes-momento", { outputs, clients, env, smoke: smokeDynamodbPipesMomento });

async function leftInTable(): Promise<unknown> {
  const found = await clients.dynamodb.send(
    new GetItemCommand({ TableName: TABLE, Key: { Location: { S: RUN_ID } } }),
  );
  return found.Item;
}

test("a pipeline that keeps the contract passes; the item and the cache entry are gone afterwards", async () => {
  delivery = "in order";
  const run = await smoke();
  expect(run.lines).toEqual([
    "Momento endpoint and API key: ok",
    "INSERT is cached: ok",
    "MODIFY updates the cache: ok",
    "REMOVE evicts the cache, and it stays evicted: ok",
    "topic hears INSERT, MODIFY, REMOVE in order: ok",
  ]);
  expect(run.summary).toMatchObject({ failed: 0, leftBehind: [] });
  expect(await leftInTable()).toBeUndefined();
  expect(cache.has(RUN_ID)).toBe(false);
});

test("the item's TTL attribute is the cache lifetime in seconds, the key is the partition key", async () => {
  delivery = "in order";
  const lifetimes: number[] = [];
  const spy = cache.set.bind(cache);
  cache.set = (key, entry) => {
    if (key === RUN_ID) lifetimes.push(entry.ttlSeconds);
    return spy(key, entry);
  };
  await smoke();
  cache.set = spy;
  expect(lifetimes).toEqual([SMOKE_TTL_SECONDS, SMOKE_TTL_SECONDS]);
});

test("a cache write delivered after the eviction fails the ordering check, and cleanup still evicts it", async () => {
  delivery = "late put";
  const run = await smoke();
  const check = "REMOVE evicts the cache, and it stays evicted";
  expect(run.lines).toContain(`${check}: FAIL`);
  expect(run.detail(check)).toContain(`cache key ${RUN_ID} after REMOVE: expected "a miss", saw "{`);
  expect(run.detail(check)).toContain('\\"MaxTemp\\":\\"81\\"');

  expect(run.detail(check)).toContain(`look at ${outputs.dlq_url}`);
  expect(cache.has(RUN_ID)).toBe(false);
  expect(await leftInTable()).toBeUndefined();
});

test("topic messages out of order fail, naming the order seen", async () => {
  delivery = "topic out of order";
  const run = await smoke();
  expect(run.detail("topic hears INSERT, MODIFY, REMOVE in order")).toMatch(
    /expected \["INSERT","MODIFY","REMOVE"\], saw \["INSERT","REMOVE","MODIFY"\]/,
  );
});

test("without a Momento API key the check says which variable to set and writes nothing", async () => {
  const run = await smoke({ TF_VAR_momento_http_endpoint: momento.url });
  expect(run.detail("Momento endpoint and API key")).toBe(
    "set MOMENTO_API_KEY (or TF_VAR_momento_api_key) to read the cache",
  );
  expect(run.lines.slice(1).every((line) => line.endsWith(": skipped"))).toBe(true);
  expect(topic).toEqual([]);
});
