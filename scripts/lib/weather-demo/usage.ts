import {
  DEFAULT_CACHE_NAME,
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_TOPIC_NAME,
  MOMENTO_MAX_TTL_SECONDS,
  MOMENTO_MIN_TTL_SECONDS,
} from "../../../stacks/dynamodb-pipes-momento/data-contract";

/** The help text. */
export const USAGE = `Weather demo for the dynamodb-pipes-momento stack: write to DynamoDB, read Momento.

Usage: npm run demo:weather -- <command> [arguments]

  put <location> <maxTemp> <minTemp> <chancesOfPrecipitation> [--ttl-seconds N]
      Write a weather item to the table, as Momento's sample clients do: N is its TTL attribute, the
      seconds the cached copy lives (${MOMENTO_MIN_TTL_SECONDS}-${MOMENTO_MAX_TTL_SECONDS}, default ${DEFAULT_CACHE_TTL_SECONDS}). The pipe's workflow then PUTs it
      into the Momento cache and publishes it to the topic (a few seconds later).
  delete <location>
      Delete the item; the REMOVE event makes the pipe's workflow delete the cached copy.
  get <location>
      Read the cached copy from Momento over its HTTP API. Exit code 1 on a miss.
  subscribe [--max-messages N]
      Print what the workflow publishes to the topic, by long-polling Momento's HTTP API (Ctrl-C stops).
      Alternatives: the Topics page of the Momento console, or \`momento topic subscribe <topic> --cache <cache>\`.

Environment:
  WEATHER_TABLE_NAME     put, delete: the table (an output of the stack)
  AWS_REGION             put, delete: the stack's region (credentials: the usual AWS SDK chain)
  DYNAMODB_ENDPOINT      optional: a local DynamoDB endpoint instead of AWS
  MOMENTO_API_KEY        get, subscribe: sent in the Authorization header, never printed
  MOMENTO_HTTP_ENDPOINT  get, subscribe: e.g. https://api.cache.cell-us-east-1-1.prod.a.momentohq.com
  MOMENTO_CACHE_NAME     default ${DEFAULT_CACHE_NAME}
  MOMENTO_TOPIC_NAME     default ${DEFAULT_TOPIC_NAME}

Exit codes: 0 done, 1 failed (or cache miss), 2 bad arguments or environment.`;
