import {
  DEFAULT_CACHE_TTL_SECONDS,
  MOMENTO_MAX_TTL_SECONDS,
  MOMENTO_MIN_TTL_SECONDS,
} from "../../../stacks/dynamodb-pipes-momento/data-contract";
import { UsageError } from "./errors";

// DynamoDB's limit for a partition key value.
const MAX_LOCATION_BYTES = 2_048;
// Wide enough for any real reading in °F or °C, narrow enough to catch typos and keep plain decimal notation.
const TEMPERATURE_LIMIT = 1_000;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** One weather reading; numbers are already normalised decimal strings, ready to be DynamoDB `N` values. */
export interface WeatherInput {
  readonly location: string;
  readonly maxTemp: string;
  readonly minTemp: string;
  readonly chancesOfPrecipitation: string;
}

/** What the command line asked for. */
export type DemoCommand =
  | { readonly kind: "help" }
  | { readonly kind: "put"; readonly weather: WeatherInput; readonly ttlSeconds: number }
  | { readonly kind: "delete"; readonly location: string }
  | { readonly kind: "get"; readonly location: string }
  | { readonly kind: "subscribe"; readonly maxMessages: number | undefined };

interface Split {
  readonly positional: string[];
  readonly options: Map<string, string>;
}

// Only `--name` is an option, so negative temperatures such as `-5` stay positional.
function splitArgs(args: readonly string[], allowed: readonly string[]): Split {
  const positional: string[] = [];
  const options = new Map<string, string>();
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg];
    if (!allowed.includes(name)) {
      throw new UsageError(
        `Unknown option ${name}${allowed.length ? ` (allowed: ${allowed.join(", ")})` : ""}`,
      );
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`${name} needs a value`);
    options.set(name, value);
  }
  return { positional, options };
}

function expectCount(command: string, positional: readonly string[], names: readonly string[]): void {
  if (positional.length !== names.length) {
    throw new UsageError(
      `${command} takes ${names.length} argument(s): ${names.map((n) => `<${n}>`).join(" ")}; got ${positional.length}`,
    );
  }
}

/** A location is the partition key and the cache key: non-blank and within DynamoDB's key size. */
export function parseLocation(raw: string): string {
  if (raw.trim() === "") throw new UsageError("location must not be empty");
  if (Buffer.byteLength(raw, "utf8") > MAX_LOCATION_BYTES) {
    throw new UsageError(`location must be at most ${MAX_LOCATION_BYTES} bytes (UTF-8)`);
  }
  return raw;
}

function parseDecimal(name: string, raw: string, min: number, max: number): string {
  if (!DECIMAL.test(raw)) throw new UsageError(`${name} must be a number like 42 or -3.5, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new UsageError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return String(value);
}

function parseWholeNumber(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw)) throw new UsageError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new UsageError(`${name} must be between ${min} and ${max}, got ${raw}`);
  return value;
}

function parsePut(args: readonly string[]): DemoCommand {
  const { positional, options } = splitArgs(args, ["--ttl-seconds"]);
  expectCount("put", positional, ["location", "maxTemp", "minTemp", "chancesOfPrecipitation"]);
  const [location, maxRaw, minRaw, chanceRaw] = positional;
  const maxTemp = parseDecimal("maxTemp", maxRaw, -TEMPERATURE_LIMIT, TEMPERATURE_LIMIT);
  const minTemp = parseDecimal("minTemp", minRaw, -TEMPERATURE_LIMIT, TEMPERATURE_LIMIT);
  if (Number(minTemp) > Number(maxTemp)) {
    throw new UsageError(`minTemp (${minTemp}) must not be above maxTemp (${maxTemp})`);
  }
  const ttlRaw = options.get("--ttl-seconds");
  return {
    kind: "put",
    weather: {
      location: parseLocation(location),
      maxTemp,
      minTemp,
      chancesOfPrecipitation: parseDecimal("chancesOfPrecipitation", chanceRaw, 0, 100),
    },
    ttlSeconds:
      ttlRaw === undefined
        ? DEFAULT_CACHE_TTL_SECONDS
        : // The item's TTL becomes the cache put's ttl_seconds, which Momento limits.
          parseWholeNumber("--ttl-seconds", ttlRaw, MOMENTO_MIN_TTL_SECONDS, MOMENTO_MAX_TTL_SECONDS),
  };
}

function parseKeyCommand(kind: "delete" | "get", args: readonly string[]): DemoCommand {
  const { positional } = splitArgs(args, []);
  expectCount(kind, positional, ["location"]);
  return { kind, location: parseLocation(positional[0]) };
}

function parseSubscribe(args: readonly string[]): DemoCommand {
  const { positional, options } = splitArgs(args, ["--max-messages"]);
  expectCount("subscribe", positional, []);
  const raw = options.get("--max-messages");
  return {
    kind: "subscribe",
    maxMessages: raw === undefined ? undefined : parseWholeNumber("--max-messages", raw, 1, 1_000_000),
  };
}

/** Parses `<command> [arguments]`; throws UsageError with a message naming what is wrong. */
export function parseDemoArgs(argv: readonly string[]): DemoCommand {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      throw new UsageError("No command given (commands: put, delete, get, subscribe, help)");
    case "help":
    case "--help":
    case "-h":
      return { kind: "help" };
    case "put":
      return parsePut(rest);
    case "delete":
    case "get":
      return parseKeyCommand(command, rest);
    case "subscribe":
      return parseSubscribe(rest);
    default:
      throw new UsageError(`Unknown command "${command}" (commands: put, delete, get, subscribe, help)`);
  }
}
