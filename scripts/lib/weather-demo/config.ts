import { DEFAULT_CACHE_NAME, DEFAULT_TOPIC_NAME } from "../../../stacks/dynamodb-pipes-momento/data-contract";
import { UsageError } from "./errors";

/** The environment the demo reads (process.env in the CLI, a plain object in tests). */
export type DemoEnv = Readonly<Record<string, string | undefined>>;

/** Where and how to reach the weather table. */
export interface AwsConfig {
  readonly tableName: string;
  readonly region: string;
  /** Set for a local DynamoDB (tests: dynalite); otherwise the SDK picks the regional endpoint. */
  readonly endpoint: string | undefined;
  /** Only when both keys are in the environment given; otherwise the SDK's default provider chain applies. */
  readonly credentials:
    | { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string }
    | undefined;
}

/** Where and how to reach Momento's HTTP API. */
export interface MomentoConfig {
  /** Origin (plus any base path) without a trailing slash, e.g. https://api.cache.cell-us-east-1-1.prod.a.momentohq.com */
  readonly endpoint: string;
  readonly apiKey: string;
  readonly cacheName: string;
  readonly topicName: string;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function value(env: DemoEnv, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === "" ? undefined : raw;
}

function requireAll(env: DemoEnv, names: readonly string[], purpose: string, hint: string): string[] {
  const missing = names.filter((name) => value(env, name) === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `Missing environment variable ${missing.join(", ")} (needed to ${purpose}). ${hint}`,
    );
  }
  return names.map((name) => value(env, name) ?? "");
}

function parseUrl(name: string, raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new UsageError(`${name} is not a valid URL: "${raw}"`);
  }
}

/** Reads WEATHER_TABLE_NAME, AWS_REGION and the optional DYNAMODB_ENDPOINT and AWS_* credentials. */
export function readAwsConfig(env: DemoEnv): AwsConfig {
  const [tableName, region] = requireAll(
    env,
    ["WEATHER_TABLE_NAME", "AWS_REGION"],
    "write to the weather table",
    "WEATHER_TABLE_NAME is an output of the dynamodb-pipes-momento stack; AWS_REGION is the stack's region.",
  );
  const endpoint = value(env, "DYNAMODB_ENDPOINT");
  if (
    endpoint !== undefined &&
    !["http:", "https:"].includes(parseUrl("DYNAMODB_ENDPOINT", endpoint).protocol)
  ) {
    throw new UsageError(`DYNAMODB_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  }
  const accessKeyId = value(env, "AWS_ACCESS_KEY_ID");
  const secretAccessKey = value(env, "AWS_SECRET_ACCESS_KEY");
  const sessionToken = value(env, "AWS_SESSION_TOKEN");
  return {
    tableName,
    region,
    endpoint,
    credentials:
      accessKeyId && secretAccessKey
        ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
        : undefined,
  };
}

/**
 * Accepts the endpoint with or without `https://` (the Momento console shows it both ways). Plain http is
 * allowed only for loopback stand-ins, because the API key travels in a header on every request.
 */
export function normalizeMomentoEndpoint(raw: string): string {
  const url = parseUrl(
    "MOMENTO_HTTP_ENDPOINT",
    /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`,
  );
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))) {
    throw new UsageError(`MOMENTO_HTTP_ENDPOINT must use https:// (got ${url.protocol}//${url.host})`);
  }
  if (url.search || url.hash) throw new UsageError("MOMENTO_HTTP_ENDPOINT must not have a query or fragment");
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

/** Reads MOMENTO_API_KEY, MOMENTO_HTTP_ENDPOINT, MOMENTO_CACHE_NAME and MOMENTO_TOPIC_NAME. */
export function readMomentoConfig(env: DemoEnv, purpose: string): MomentoConfig {
  const [apiKey, endpoint] = requireAll(
    env,
    ["MOMENTO_API_KEY", "MOMENTO_HTTP_ENDPOINT"],
    purpose,
    "Create an API key in the Momento console; the HTTP endpoint is the one for its region, " +
      "e.g. https://api.cache.cell-us-east-1-1.prod.a.momentohq.com.",
  );
  // Checked here because fetch would reject it with an error message that could quote the header value.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f\s]/.test(apiKey)) {
    throw new UsageError("MOMENTO_API_KEY contains whitespace or control characters; copy it again");
  }
  return {
    endpoint: normalizeMomentoEndpoint(endpoint),
    apiKey,
    cacheName: value(env, "MOMENTO_CACHE_NAME") ?? DEFAULT_CACHE_NAME,
    topicName: value(env, "MOMENTO_TOPIC_NAME") ?? DEFAULT_TOPIC_NAME,
  };
}
