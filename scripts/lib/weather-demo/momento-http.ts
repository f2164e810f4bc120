import { setTimeout as sleep } from "node:timers/promises";

/**
 * The two Momento HTTP API calls the demo makes. The API key goes in the `Authorization` header (never in the
 * `token` query parameter: URLs end up in logs, and sending both is a 400).
 * @see https://docs.momentohq.com/cache/develop/api-reference/http-api (GET /cache/{cacheName}?key=...)
 * @see https://docs.momentohq.com/topics/api-reference/http-api (GET /topics/{cacheName}/{topicName}, long-poll)
 */
export interface MomentoHttpClient {
  readonly endpoint: string;
  readonly apiKey: string;
  readonly fetch: typeof fetch;
}

/** A cache read: the stored bytes as UTF-8 text, or why there were none. */
export type CacheGetResult =
  | { readonly kind: "hit"; readonly value: string }
  | { readonly kind: "miss"; readonly cacheMissing: boolean; readonly detail: string };

/** One entry of a topic long-poll response. */
export type TopicEvent =
  | {
      readonly kind: "message";
      readonly sequenceNumber: number;
      readonly sequencePage: number;
      /** UTF-8 text, or for binary messages the base64 the API returned. */
      readonly value: string;
      readonly binary: boolean;
    }
  | {
      readonly kind: "discontinuity";
      readonly lastSequence: number;
      readonly newSequence: number;
      /** The topic's new sequence page, when the server says (it does in the documented example). */
      readonly newSequencePage: number | undefined;
    };

const GET_TIMEOUT_MS = 15_000;
// If the server answers a long-poll with no items, wait a little before asking again instead of spinning.
const EMPTY_POLL_DELAY_MS = 500;
const MAX_ERROR_BODY = 300;

/** Replaces every occurrence of `secret` in `text`, so nothing the demo prints can leak the API key. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join("[redacted]") : text;
}

/**
 * `fetch` rejects with a bare "fetch failed" TypeError and hides why in `cause` (ECONNREFUSED, ENOTFOUND,
 * a certificate error). Says which request failed (its URL without the query) and why.
 */
export async function request(client: MomentoHttpClient, url: string, init: RequestInit): Promise<Response> {
  try {
    return await client.fetch(url, init);
  } catch (error) {
    if (init.signal?.aborted || !isErrorLike(error)) throw error;
    const where = url.replace(/[?#].*$/s, "");
    throw new Error(redact(`${init.method ?? "GET"} ${where} failed: ${causeOf(error)}`, client.apiKey), {
      cause: error,
    });
  }
}

interface ErrorLike {
  readonly message: string;
  readonly code?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
}

/** Errors from fetch may come from another realm (a test VM), so `instanceof Error` is not enough. */
function isErrorLike(value: unknown): value is ErrorLike {
  return typeof value === "object" && value !== null && typeof (value as ErrorLike).message === "string";
}

/** The useful reasons of a network error: `code: message` along its cause chain, without "fetch failed". */
export function causeOf(error: ErrorLike): string {
  const reasons: string[] = [];
  let current: unknown = error;
  while (isErrorLike(current)) {
    const { code, message } = current;
    const text = typeof code === "string" && !message.includes(code) ? `${code}: ${message}` : message;
    if (text && !reasons.includes(text)) reasons.push(text);
    // Node's AggregateError (one per address tried) keeps the reasons in `errors`.
    current = current.cause ?? (Array.isArray(current.errors) ? current.errors[0] : undefined);
  }
  return reasons.filter((reason) => reason !== "fetch failed").join("; ") || error.message;
}

async function failure(client: MomentoHttpClient, what: string, response: Response): Promise<Error> {
  const body = (await response.text().catch(() => "")).slice(0, MAX_ERROR_BODY).trim();
  const detail = body ? `: ${body}` : "";
  return new Error(redact(`Momento ${what} failed with HTTP ${response.status}${detail}`, client.apiKey));
}

/** `GET /cache/{cacheName}?key={key}`: 200 is a hit, 404 a miss ("Key Not Found" or "Cache Not Found"). */
export async function getCacheValue(
  client: MomentoHttpClient,
  cacheName: string,
  key: string,
  signal?: AbortSignal,
): Promise<CacheGetResult> {
  const url = `${client.endpoint}/cache/${encodeURIComponent(cacheName)}?key=${encodeURIComponent(key)}`;
  const timeout = AbortSignal.timeout(GET_TIMEOUT_MS);
  const response = await request(client, url, {
    method: "GET",
    headers: { Authorization: client.apiKey },
    signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
  });
  if (response.ok) return { kind: "hit", value: await response.text() };
  if (response.status === 404) {
    const detail = redact((await response.text()).trim(), client.apiKey);
    return { kind: "miss", cacheMissing: /cache not found/i.test(detail), detail };
  }
  throw await failure(client, `GET /cache/${cacheName}`, response);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function numberField(record: Record<string, unknown>, name: string): number {
  const field = record[name];
  if (typeof field !== "number") throw new Error(`Momento topic response: "${name}" is not a number`);
  return field;
}

/** Validates one long-poll response body: `{"items": [{"item": {...}} | {"discontinuity": {...}}]}`. */
export function parseTopicItems(body: unknown): TopicEvent[] {
  if (!isRecord(body) || !Array.isArray(body.items))
    throw new Error('Momento topic response has no "items" list');
  return body.items.map((entry): TopicEvent => {
    if (isRecord(entry) && isRecord(entry.item)) {
      const { item } = entry;
      const value = isRecord(item.value) ? item.value : {};
      const text = typeof value.text === "string" ? value.text : undefined;
      const binary = typeof value.binary === "string" ? value.binary : undefined;
      if (text === undefined && binary === undefined)
        throw new Error("Momento topic item has no text or binary value");
      return {
        kind: "message",
        sequenceNumber: numberField(item, "topic_sequence_number"),
        sequencePage: numberField(item, "sequence_page"),
        value: text ?? binary ?? "",
        binary: text === undefined,
      };
    }
    if (isRecord(entry) && isRecord(entry.discontinuity)) {
      const { discontinuity } = entry;
      return {
        kind: "discontinuity",
        lastSequence: numberField(discontinuity, "last_topic_sequence"),
        newSequence: numberField(discontinuity, "new_topic_sequence"),
        newSequencePage:
          typeof discontinuity.new_sequence_page === "number" ? discontinuity.new_sequence_page : undefined,
      };
    }
    throw new Error("Momento topic response has an entry that is neither an item nor a discontinuity");
  });
}

/**
 * Long-polls `GET /topics/{cacheName}/{topicName}?sequence_number=N&sequence_page=P` until `signal` aborts,
 * yielding entries in order. The docs say to send 0/0 first, then the last received number + 1 and the page
 * the server returned (a discontinuity announces a new page and where the sequence resumes).
 */
export async function* subscribeTopic(
  client: MomentoHttpClient,
  cacheName: string,
  topicName: string,
  signal?: AbortSignal,
): AsyncGenerator<TopicEvent, void, undefined> {
  const base = `${client.endpoint}/topics/${encodeURIComponent(cacheName)}/${encodeURIComponent(topicName)}`;
  let sequenceNumber = 0;
  let sequencePage = 0;
  while (!signal?.aborted) {
    const response = await request(
      client,
      `${base}?sequence_number=${sequenceNumber}&sequence_page=${sequencePage}`,
      {
        method: "GET",
        headers: { Authorization: client.apiKey },
        signal,
      },
    );
    if (!response.ok) throw await failure(client, `GET /topics/${cacheName}/${topicName}`, response);
    const events = parseTopicItems(await response.json());
    for (const event of events) {
      if (event.kind === "message") {
        sequenceNumber = event.sequenceNumber + 1;
        sequencePage = event.sequencePage;
      } else {
        sequenceNumber = event.newSequence;
        sequencePage = event.newSequencePage ?? sequencePage;
      }
      yield event;
    }
    if (events.length === 0) await sleep(EMPTY_POLL_DELAY_MS, undefined, { signal }).catch(() => undefined);
  }
}
