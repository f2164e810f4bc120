import { type DemoCommand, parseDemoArgs, type WeatherInput } from "./args";
import { type DemoEnv, readAwsConfig, readMomentoConfig } from "./config";
import { createDynamoClient, deleteWeather, putWeather } from "./dynamodb";
import { UsageError } from "./errors";
import { getCacheValue, type MomentoHttpClient, redact, subscribeTopic } from "./momento-http";
import { USAGE } from "./usage";
import { weatherItem } from "./weather-item";

/** Everything the demo touches outside itself, so tests can run it in-process. */
export interface DemoIo {
  readonly env: DemoEnv;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
  /** Aborting stops a running `subscribe` cleanly. */
  readonly signal?: AbortSignal;
}

/** Pretty-prints JSON values and leaves anything else as it is. */
function display(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function describeWeather(weather: WeatherInput): string {
  return (
    `MaxTemp ${weather.maxTemp}, MinTemp ${weather.minTemp}, ` +
    `ChancesOfPrecipitation ${weather.chancesOfPrecipitation}`
  );
}

function momentoClient(io: DemoIo, purpose: string) {
  const config = readMomentoConfig(io.env, purpose);
  const client: MomentoHttpClient = {
    endpoint: config.endpoint,
    apiKey: config.apiKey,
    fetch: io.fetch ?? fetch,
  };
  return { config, client };
}

async function put(command: Extract<DemoCommand, { kind: "put" }>, io: DemoIo): Promise<number> {
  const config = readAwsConfig(io.env);
  const dynamo = createDynamoClient(config);
  try {
    await putWeather(dynamo, config.tableName, weatherItem(command.weather, command.ttlSeconds));
  } finally {
    dynamo.destroy();
  }
  io.out(`Wrote weather for "${command.weather.location}" to table ${config.tableName}:`);
  io.out(`  ${describeWeather(command.weather)}; TTL ${command.ttlSeconds} (seconds the cached copy lives)`);
  io.out(
    "The pipe's workflow now puts it into the Momento cache and publishes it to the topic; `get` it in a few seconds.",
  );
  return 0;
}

async function remove(location: string, io: DemoIo): Promise<number> {
  const config = readAwsConfig(io.env);
  const dynamo = createDynamoClient(config);
  let existed: boolean;
  try {
    existed = await deleteWeather(dynamo, config.tableName, location);
  } finally {
    dynamo.destroy();
  }
  io.out(
    existed
      ? `Deleted the weather for "${location}" from table ${config.tableName}; the pipe's workflow evicts the cached copy.`
      : `Table ${config.tableName} had no weather for "${location}"; nothing changed.`,
  );
  return 0;
}

async function get(location: string, io: DemoIo): Promise<number> {
  const { config, client } = momentoClient(io, "read the Momento cache");
  const result = await getCacheValue(client, config.cacheName, location, io.signal);
  if (result.kind === "hit") {
    io.out(`Cache ${config.cacheName}, key "${location}":`);
    io.out(display(result.value));
    return 0;
  }
  io.err(
    result.cacheMissing
      ? `Momento has no cache named ${config.cacheName} (${result.detail}); create it or set MOMENTO_CACHE_NAME.`
      : `Cache miss: ${config.cacheName} has no key "${location}" (never written, expired, or deleted).`,
  );
  return 1;
}

async function subscribe(maxMessages: number | undefined, io: DemoIo): Promise<number> {
  const { config, client } = momentoClient(io, "subscribe to the Momento topic");
  io.out(
    `Listening on topic ${config.topicName} in cache ${config.cacheName} (HTTP long-poll; Ctrl-C stops).`,
  );
  let received = 0;
  try {
    for await (const event of subscribeTopic(client, config.cacheName, config.topicName, io.signal)) {
      if (event.kind === "discontinuity") {
        io.out(`(messages ${event.lastSequence + 1}-${event.newSequence - 1} were missed)`);
        continue;
      }
      io.out(`#${event.sequenceNumber}${event.binary ? " (binary, base64)" : ""}: ${display(event.value)}`);
      received += 1;
      // Leaving the loop ends the generator between polls, so no request is left open.
      if (maxMessages !== undefined && received >= maxMessages) break;
    }
  } catch (error) {
    // An interrupt aborts the open long-poll; that is how a subscription normally ends.
    if (!io.signal?.aborted) throw error;
  }
  io.out(`Stopped after ${received} message(s).`);
  return 0;
}

async function execute(command: DemoCommand, io: DemoIo): Promise<number> {
  switch (command.kind) {
    case "help":
      io.out(USAGE);
      return 0;
    case "put":
      return put(command, io);
    case "delete":
      return remove(command.location, io);
    case "get":
      return get(command.location, io);
    case "subscribe":
      return subscribe(command.maxMessages, io);
  }
}

/** Runs one demo command and returns the process exit code (0 done, 1 failed or miss, 2 usage). */
export async function runWeatherDemo(argv: readonly string[], io: DemoIo): Promise<number> {
  try {
    return await execute(parseDemoArgs(argv), io);
  } catch (error) {
    const apiKey = io.env.MOMENTO_API_KEY?.trim();
    if (error instanceof UsageError) {
      io.err(redact(error.message, apiKey));
      io.err("Run with `help` for usage.");
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`Error: ${redact(message, apiKey)}`);
    return 1;
  }
}
