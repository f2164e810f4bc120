import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { promisify } from "node:util";
import {
  type AttributeValue,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
} from "@aws-sdk/client-dynamodb";
import { runWeatherDemo } from "../../scripts/lib/weather-demo/run";
import { DEFAULT_CACHE_NAME, DEFAULT_TOPIC_NAME } from "../../stacks/dynamodb-pipes-momento/data-contract";
import { httpTaskOverFetch } from "../dynamodb-pipes-momento/momento-fake";
import { STREAM_ARN } from "../dynamodb-pipes-momento/records";
import { synthesizedWorkflow } from "../dynamodb-pipes-momento/synthesized-workflow";
import { startSyncExecution } from "../dynamodb-pipes-momento/workflow-engine";

// dynalite ships no type declarations; this is the part of its API the test uses.
type Dynalite = (options: { createTableMs: number }) => Server;
const dynalite = require("dynalite") as Dynalite;

const PROJECT_ROOT = path.resolve(__dirname, "../..");
const TABLE = "weather-stats-demo";
const API_KEY = "test-momento-key.c2VjcmV0LW5ldmVyLXByaW50ZWQ";

let dynamoServer: Server;
let momentoServer: Server;
let dynamoEndpoint: string;
let momentoEndpoint: string;
let dynamo: DynamoDBClient;

// --- A stand-in for Momento's HTTP API: an in-memory cache, and a scripted topic. ---------------------------

interface SeenRequest {
  readonly method: string;
  /** Path and query exactly as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}
const seen: SeenRequest[] = [];
const cache = new Map<string, string>();
let topicResponses: unknown[] = [];
/** What was published (POST /topics/...): the request bodies. */
const published: string[] = [];

function cacheKey(cacheName: string, key: string): string {
  return `${cacheName}\u0000${key}`;
}

function startMomentoStandIn(): Server {
  return createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const rawUrl = request.url ?? "";
      seen.push({ method: request.method ?? "", url: rawUrl, headers: request.headers, body });
      const url = new URL(rawUrl, "http://stand-in");
      const reply = (status: number, text = "") => response.writeHead(status).end(text);
      // Echoes the credential back, like a careless proxy might: the demo must not print it.
      if (url.searchParams.get("key") === "Leaky")
        return reply(401, `bad token ${request.headers.authorization}`);
      if (request.headers.authorization !== API_KEY) return reply(401, "Invalid token");
      const [, kind, cacheName, topicName] = url.pathname.split("/").map(decodeURIComponent);
      if (kind === "topics" && request.method === "GET") {
        return reply(200, JSON.stringify(topicResponses.shift() ?? { items: [] }));
      }
      if (kind === "topics" && request.method === "POST") {
        published.push(body);
        return reply(204);
      }
      if (kind !== "cache" || topicName !== undefined) return reply(404, "Not Found");
      if (cacheName !== DEFAULT_CACHE_NAME && cacheName !== "other-cache")
        return reply(404, "Cache Not Found");
      const key = url.searchParams.get("key") ?? "";
      if (request.method === "GET") {
        const value = cache.get(cacheKey(cacheName, key));
        return value === undefined ? reply(404, "Key Not Found") : reply(200, value);
      }
      if (request.method === "PUT") {
        const ttl = Number(url.searchParams.get("ttl_seconds"));
        // Momento's hard limit on TTL is 24 hours.
        if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) return reply(400, "Invalid ttl_seconds");
        cache.set(cacheKey(cacheName, key), body);
        return reply(204);
      }
      if (request.method === "DELETE") {
        cache.delete(cacheKey(cacheName, key));
        return reply(204);
      }
      return reply(405);
    });
  });
}

async function listen(server: Server): Promise<string> {
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server | undefined): Promise<void> {
  if (!server?.listening) return;
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

// --- Running the demo ---------------------------------------------------------------------------------------

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}
const allOutput: string[] = [];

function awsEnv(): Record<string, string> {
  return {
    WEATHER_TABLE_NAME: TABLE,
    AWS_REGION: "us-east-1",
    DYNAMODB_ENDPOINT: dynamoEndpoint,
    AWS_ACCESS_KEY_ID: "AKIDLOCALTEST",
    AWS_SECRET_ACCESS_KEY: "local-test-secret",
  };
}

function momentoEnv(): Record<string, string> {
  return { MOMENTO_API_KEY: API_KEY, MOMENTO_HTTP_ENDPOINT: momentoEndpoint };
}

async function demo(argv: string[], env: Record<string, string | undefined>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runWeatherDemo(argv, {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  const run = { code, stdout: out.join("\n"), stderr: err.join("\n") };
  allOutput.push(run.stdout, run.stderr);
  return run;
}

async function getItem(location: string): Promise<Record<string, AttributeValue> | undefined> {
  const result = await dynamo.send(
    new GetItemCommand({ TableName: TABLE, Key: { Location: { S: location } } }),
  );
  return result.Item;
}

beforeAll(async () => {
  dynamoServer = dynalite({ createTableMs: 0 });
  momentoServer = startMomentoStandIn();
  [dynamoEndpoint, momentoEndpoint] = await Promise.all([listen(dynamoServer), listen(momentoServer)]);
  dynamo = new DynamoDBClient({
    region: "us-east-1",
    endpoint: dynamoEndpoint,
    credentials: { accessKeyId: "AKIDLOCALTEST", secretAccessKey: "local-test-secret" },
  });
  await dynamo.send(
    new CreateTableCommand({
      TableName: TABLE,
      AttributeDefinitions: [{ AttributeName: "Location", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "Location", KeyType: "HASH" }],
      BillingMode: "PAY_PER_REQUEST",
    }),
  );
});

afterAll(async () => {
  dynamo?.destroy();
  await Promise.all([close(dynamoServer), close(momentoServer)]);
});

beforeEach(() => {
  seen.length = 0;
  topicResponses = [];
});

// --- put / delete against dynalite --------------------------------------------------------------------------

describe("put", () => {
  it("writes the item Momento's sample clients write: TTL is the cache lifetime in seconds", async () => {
    const run = await demo(["put", "San Diego", "42", "31", "91", "--ttl-seconds", "120"], awsEnv());
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain(`Wrote weather for "San Diego" to table ${TABLE}`);
    expect(run.stdout).toContain("MaxTemp 42, MinTemp 31, ChancesOfPrecipitation 91; TTL 120 (seconds");
    expect(await getItem("San Diego")).toEqual({
      Location: { S: "San Diego" },
      MaxTemp: { N: "42" },
      MinTemp: { N: "31" },
      ChancesOfPrecipitation: { N: "91" },
      TTL: { N: "120" },
    });
  });

  it("writes TTL 3600 when none is given", async () => {
    await demo(["put", "Denver", "60", "30", "10"], awsEnv());
    expect((await getItem("Denver"))?.TTL).toEqual({ N: "3600" });
  });

  it("overwrites the same location and normalises numbers", async () => {
    await demo(["put", "Seattle", "50", "40", "80"], awsEnv());
    const run = await demo(["put", "Seattle", "055.50", "-3", "0", "--ttl-seconds=86400"], awsEnv());
    expect(run.code).toBe(0);
    expect(await getItem("Seattle")).toMatchObject({
      MaxTemp: { N: "55.5" },
      MinTemp: { N: "-3" },
      ChancesOfPrecipitation: { N: "0" },
      TTL: { N: "86400" },
    });
  });

  it("works through the real CLI entry point", async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        "scripts/bundled.js",
        "scripts/demo-weather.ts",
        "put",
        "São Paulo",
        "30",
        "20",
        "10",
        "--ttl-seconds",
        "120",
      ],
      { cwd: PROJECT_ROOT, env: { PATH: process.env.PATH, ...awsEnv() }, timeout: 30_000 },
    );
    // stderr may carry the AWS SDK's Node-version deprecation notice on Node 20; nothing else belongs there.
    expect(stderr).not.toMatch(/error/i);
    expect(stdout).toContain('Wrote weather for "São Paulo"');
    expect(await getItem("São Paulo")).toMatchObject({ MaxTemp: { N: "30" }, TTL: { N: "120" } });
  });
});

describe("delete", () => {
  it("deletes the item, then reports that there was nothing to delete", async () => {
    await demo(["put", "Chicago", "70", "60", "20"], awsEnv());
    const first = await demo(["delete", "Chicago"], awsEnv());
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain('Deleted the weather for "Chicago"');
    expect(await getItem("Chicago")).toBeUndefined();
    const second = await demo(["delete", "Chicago"], awsEnv());
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('had no weather for "Chicago"; nothing changed');
  });

  it("reports a missing table as a failure naming it", async () => {
    const run = await demo(["delete", "Chicago"], { ...awsEnv(), WEATHER_TABLE_NAME: "no-such-table" });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DeleteItem on table "no-such-table" failed: ResourceNotFoundException/);
  });
});

// --- get / subscribe against the Momento stand-in -----------------------------------------------------------

describe("get", () => {
  beforeAll(() => {
    cache.set(cacheKey(DEFAULT_CACHE_NAME, "San Diego"), '{"Location": "San Diego", "MaxTemp": "42"}');
  });

  it("sends exactly GET /cache/<cache>?key=<location> with the key in the Authorization header", async () => {
    const run = await demo(["get", "San Diego"], momentoEnv());
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe("GET");
    expect(seen[0].url).toBe(`/cache/${DEFAULT_CACHE_NAME}?key=San%20Diego`);
    expect(seen[0].headers.authorization).toBe(API_KEY);
    expect(seen[0].url).not.toContain("token");
    expect(run).toEqual({
      code: 0,
      stdout: `Cache ${DEFAULT_CACHE_NAME}, key "San Diego":\n${JSON.stringify(
        { Location: "San Diego", MaxTemp: "42" },
        null,
        2,
      )}`,
      stderr: "",
    });
  });

  it.each([
    ["São Paulo", "S%C3%A3o%20Paulo"],
    ["A&B=C+D/E?", "A%26B%3DC%2BD%2FE%3F"],
    // The WHATWG URL parser (fetch) also escapes ' in the query of http(s) URLs.
    ['Joe\'s "Best"', "Joe%27s%20%22Best%22"],
  ])("URL-encodes the key %s", async (location, encoded) => {
    await demo(["get", location], momentoEnv());
    expect(seen[0].url).toBe(`/cache/${DEFAULT_CACHE_NAME}?key=${encoded}`);
  });

  it("uses MOMENTO_CACHE_NAME and tolerates a trailing slash on the endpoint", async () => {
    await demo(["get", "X"], {
      ...momentoEnv(),
      MOMENTO_CACHE_NAME: "other-cache",
      MOMENTO_HTTP_ENDPOINT: `${momentoEndpoint}/`,
    });
    expect(seen[0].url).toBe("/cache/other-cache?key=X");
  });

  it("exits 1 on a miss, and explains a missing cache", async () => {
    const miss = await demo(["get", "Nowhere"], momentoEnv());
    expect(miss).toMatchObject({ code: 1, stdout: "" });
    expect(miss.stderr).toContain(`Cache miss: ${DEFAULT_CACHE_NAME} has no key "Nowhere"`);
    const noCache = await demo(["get", "Nowhere"], { ...momentoEnv(), MOMENTO_CACHE_NAME: "no-such-cache" });
    expect(noCache.code).toBe(1);
    expect(noCache.stderr).toContain("Momento has no cache named no-such-cache (Cache Not Found)");
  });

  it("reports HTTP errors without ever printing the API key", async () => {
    const run = await demo(["get", "Leaky"], momentoEnv());
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(
      `Error: Momento GET /cache/${DEFAULT_CACHE_NAME} failed with HTTP 401: bad token [redacted]`,
    );
  });

  it("reads what the synthesized workflow writes for a demo put (the sample's item, end to end)", async () => {
    await demo(["put", "Phoenix", "101", "80", "5", "--ttl-seconds", "600"], awsEnv());
    const item = await getItem("Phoenix");
    // The INSERT record DynamoDB Streams emits for that item, as the pipe hands it over: a batch of one.
    const record = {
      eventID: "7de3041dd709b024af6f29e4fa13d34c",
      eventName: "INSERT",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      dynamodb: {
        ApproximateCreationDateTime: 1735689600,
        Keys: { Location: { S: "Phoenix" } },
        NewImage: item,
        SequenceNumber: "111100000000012345678901",
        SizeBytes: 120,
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
      eventSourceARN: STREAM_ARN,
    };
    published.length = 0;
    const execution = await startSyncExecution(
      synthesizedWorkflow({}, momentoEndpoint),
      [record],
      httpTaskOverFetch(API_KEY),
    );
    expect(execution.status).toBe("SUCCEEDED");
    const phoenix = { Location: "Phoenix", MaxTemp: "101", MinTemp: "80", ChancesOfPrecipitation: "5" };
    expect(seen.filter((r) => r.method === "PUT").map((r) => r.url)).toEqual([
      `/cache/${DEFAULT_CACHE_NAME}?key=Phoenix&ttl_seconds=600`,
    ]);
    expect(published.map((text) => JSON.parse(text))).toEqual([{ EventType: "INSERT", ...phoenix }]);

    const run = await demo(["get", "Phoenix"], momentoEnv());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.slice(run.stdout.indexOf("\n") + 1))).toEqual(phoenix);
  });

  it("says why a request could not be made: the cause and the URL, not a bare 'fetch failed'", async () => {
    const closed = createServer();
    const closedEndpoint = await listen(closed);
    await close(closed);
    const refused = await demo(["get", "San Diego"], {
      ...momentoEnv(),
      MOMENTO_HTTP_ENDPOINT: closedEndpoint,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      new RegExp(`^Error: GET ${closedEndpoint}/cache/${DEFAULT_CACHE_NAME} failed: .*ECONNREFUSED`),
    );
    expect(refused.stderr).not.toContain("key=");

    // What fetch throws when the host name does not resolve (undici's shape), without needing DNS here.
    const unresolved = Object.assign(new Error("getaddrinfo ENOTFOUND api.cache.example.invalid"), {
      code: "ENOTFOUND",
    });
    const out: string[] = [];
    const err: string[] = [];
    const code = await runWeatherDemo(["get", "San Diego"], {
      env: { ...momentoEnv(), MOMENTO_HTTP_ENDPOINT: "https://api.cache.example.invalid" },
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: unresolved });
      },
    });
    expect(code).toBe(1);
    expect(err).toEqual([
      `Error: GET https://api.cache.example.invalid/cache/${DEFAULT_CACHE_NAME} failed: getaddrinfo ENOTFOUND api.cache.example.invalid`,
    ]);
  });
});

describe("subscribe", () => {
  it("long-polls the topic with the documented sequence cursor and prints each message", async () => {
    topicResponses = [
      {
        items: [
          {
            item: { topic_sequence_number: 1, sequence_page: 7, value: { text: '{"EventType": "INSERT"}' } },
          },
          { item: { topic_sequence_number: 2, sequence_page: 7, value: { text: "plain text" } } },
        ],
      },
      { items: [] },
      {
        items: [
          { discontinuity: { last_topic_sequence: 2, new_topic_sequence: 5, new_sequence_page: 8 } },
          {
            item: { topic_sequence_number: 5, sequence_page: 8, value: { text: '{"EventType": "REMOVE"}' } },
          },
          { item: { topic_sequence_number: 6, sequence_page: 8, value: { text: "never read" } } },
        ],
      },
    ];
    const run = await demo(["subscribe", "--max-messages", "3"], momentoEnv());
    expect(run.code).toBe(0);
    expect(seen.map((request) => `${request.method} ${request.url}`)).toEqual([
      `GET /topics/${DEFAULT_CACHE_NAME}/${DEFAULT_TOPIC_NAME}?sequence_number=0&sequence_page=0`,
      `GET /topics/${DEFAULT_CACHE_NAME}/${DEFAULT_TOPIC_NAME}?sequence_number=3&sequence_page=7`,
      `GET /topics/${DEFAULT_CACHE_NAME}/${DEFAULT_TOPIC_NAME}?sequence_number=3&sequence_page=7`,
    ]);
    expect(seen.every((request) => request.headers.authorization === API_KEY)).toBe(true);
    expect(run.stdout).toBe(
      [
        `Listening on topic ${DEFAULT_TOPIC_NAME} in cache ${DEFAULT_CACHE_NAME} (HTTP long-poll; Ctrl-C stops).`,
        '#1: {\n  "EventType": "INSERT"\n}',
        "#2: plain text",
        "(messages 3-4 were missed)",
        '#5: {\n  "EventType": "REMOVE"\n}',
        "Stopped after 3 message(s).",
      ].join("\n"),
    );
  });

  it("stops cleanly when interrupted", async () => {
    const interrupt = new AbortController();
    interrupt.abort();
    const out: string[] = [];
    const code = await runWeatherDemo(["subscribe"], {
      env: momentoEnv(),
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      signal: interrupt.signal,
    });
    expect(code).toBe(0);
    expect(out.at(-1)).toBe("Stopped after 0 message(s).");
  });
});

// --- configuration and input errors -------------------------------------------------------------------------

describe("environment errors name the variable", () => {
  const withoutVar = (env: Record<string, string>, name: string) => ({ ...env, [name]: undefined });

  it.each(["WEATHER_TABLE_NAME", "AWS_REGION"])("put without %s", async (name) => {
    const run = await demo(["put", "X", "1", "0", "0"], withoutVar(awsEnv(), name));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `Missing environment variable ${name} (needed to write to the weather table)`,
    );
  });

  it("delete without either lists both", async () => {
    const run = await demo(["delete", "X"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("Missing environment variable WEATHER_TABLE_NAME, AWS_REGION");
  });

  it.each(["MOMENTO_API_KEY", "MOMENTO_HTTP_ENDPOINT"])("get without %s", async (name) => {
    const run = await demo(["get", "X"], withoutVar(momentoEnv(), name));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Missing environment variable ${name} (needed to read the Momento cache)`);
    expect(seen).toHaveLength(0);
  });

  it("treats a blank variable as missing", async () => {
    const run = await demo(["get", "X"], { ...momentoEnv(), MOMENTO_API_KEY: "  " });
    expect(run.stderr).toContain("Missing environment variable MOMENTO_API_KEY");
  });

  it.each([
    ["http://api.cache.example.com", "MOMENTO_HTTP_ENDPOINT must use https://"],
    ["https://api.cache.example.com/?token=x", "must not have a query"],
    ["https://exa mple.com", "MOMENTO_HTTP_ENDPOINT is not a valid URL"],
  ])("rejects MOMENTO_HTTP_ENDPOINT %s", async (endpoint, message) => {
    const run = await demo(["get", "X"], { ...momentoEnv(), MOMENTO_HTTP_ENDPOINT: endpoint });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });

  it("rejects an API key with whitespace inside without echoing it", async () => {
    const run = await demo(["get", "X"], { ...momentoEnv(), MOMENTO_API_KEY: "abc def" });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("MOMENTO_API_KEY contains whitespace");
    expect(run.stderr).not.toContain("abc def");
  });

  it("rejects a DYNAMODB_ENDPOINT that is not an http(s) URL", async () => {
    const run = await demo(["put", "X", "1", "0", "0"], {
      ...awsEnv(),
      DYNAMODB_ENDPOINT: "ftp://127.0.0.1",
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("DYNAMODB_ENDPOINT must be an http(s) URL");
  });
});

describe("input errors", () => {
  it.each([
    [["put", "X", "hot", "0", "0"], 'maxTemp must be a number like 42 or -3.5, got "hot"'],
    [["put", "X", "1e3", "0", "0"], 'maxTemp must be a number like 42 or -3.5, got "1e3"'],
    [["put", "X", "10", "", "0"], 'minTemp must be a number like 42 or -3.5, got ""'],
    [["put", "X", "10", "0", "101"], "chancesOfPrecipitation must be between 0 and 100, got 101"],
    [["put", "X", "10", "0", "-1"], "chancesOfPrecipitation must be between 0 and 100, got -1"],
    [["put", "X", "10", "20", "5"], "minTemp (20) must not be above maxTemp (10)"],
    [["put", "X", "5000", "0", "5"], "maxTemp must be between -1000 and 1000, got 5000"],
    [["put", "X", "10", "0", "5", "--ttl-seconds", "0"], "--ttl-seconds must be between 1 and 86400, got 0"],
    [["put", "X", "10", "0", "5", "--ttl-seconds", "86401"], "--ttl-seconds must be between 1 and 86400"],
    [["put", "X", "10", "0", "5", "--ttl-seconds", "1.5"], '--ttl-seconds must be a whole number, got "1.5"'],
    [["put", "X", "10", "0", "5", "--ttl-seconds"], "--ttl-seconds needs a value"],
    [["put", "X", "10", "0", "5", "--ttl", "5"], "Unknown option --ttl (allowed: --ttl-seconds)"],
    [
      ["put", "X", "10", "0"],
      "put takes 4 argument(s): <location> <maxTemp> <minTemp> <chancesOfPrecipitation>",
    ],
    [["put", "   ", "10", "0", "5"], "location must not be empty"],
    [["put", "x".repeat(2049), "10", "0", "5"], "location must be at most 2048 bytes"],
    [["get"], "get takes 1 argument(s): <location>"],
    [["delete", "a", "b"], "delete takes 1 argument(s): <location>; got 2"],
    [["subscribe", "--max-messages", "0"], "--max-messages must be between 1 and 1000000"],
    [["forecast"], 'Unknown command "forecast"'],
    [[], "No command given"],
  ])("%j", async (argv, message) => {
    const run = await demo(argv, { ...awsEnv(), ...momentoEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Run with `help` for usage.");
    expect(seen).toHaveLength(0);
  });

  it("accepts negative temperatures as numbers, not options", async () => {
    const run = await demo(["put", "Fairbanks", "-10", "-40.5", "30"], awsEnv());
    expect(run.code).toBe(0);
    expect(await getItem("Fairbanks")).toMatchObject({ MaxTemp: { N: "-10" }, MinTemp: { N: "-40.5" } });
  });

  it("prints usage for help", async () => {
    const run = await demo(["help"], {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Usage: npm run demo:weather -- <command> [arguments]");
    expect(run.stdout).toContain("MOMENTO_HTTP_ENDPOINT");
  });
});

afterAll(() => {
  // Every line any in-process run printed, checked once at the end.
  expect(allOutput.join("\n")).not.toContain(API_KEY);
});
