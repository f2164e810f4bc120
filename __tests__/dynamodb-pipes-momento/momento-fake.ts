import { StatesError, type TaskHandler } from "./workflow-engine";

/**
 * What the workflow's Tasks reach: Momento's HTTP API behind an HTTP Task (an in-memory cache and topic that
 * answer like Momento documents), and SQS SendMessage for rejected records.
 * An HTTP Task turns a non-2xx answer into the error `States.Http.StatusCode.<code>`, and a JSON object
 * RequestBody into its JSON text.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/call-https-apis.html
 * @see https://docs.momentohq.com/cache/develop/api-reference/http-api
 */

export const ENDPOINT = "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com";
export const CONNECTION_ARN = "arn:aws:events:us-east-1:123456789012:connection/integ-dev-momento/0a1b2c3d";
export const QUEUE_URL =
  "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-dynamodb-pipes-momento-dlq";

/** One HTTP Task call, as Step Functions would send it. */
export interface MomentoCall {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  /** The body's bytes as text; undefined when the Task sent none. */
  readonly body: string | undefined;
  readonly connectionArn: string;
}

export class MomentoFake {
  readonly calls: MomentoCall[] = [];
  readonly cache = new Map<string, { value: string; ttlSeconds: number }>();
  readonly topic: { text: string; contentType: string }[] = [];
  readonly rejected: unknown[] = [];
  /** Status codes to answer with, in order, before answering normally. */
  readonly failNext: number[] = [];

  constructor(readonly cacheName: string) {}

  readonly handler: TaskHandler = async (resource, args) => {
    if (resource === "arn:aws:states:::sqs:sendMessage") {
      if (args.QueueUrl !== QUEUE_URL) throw new StatesError("SQS.QueueDoesNotExist", String(args.QueueUrl));
      this.rejected.push(JSON.parse(JSON.stringify(args.MessageBody)));
      return { MessageId: `m-${this.rejected.length}` };
    }
    if (resource !== "arn:aws:states:::http:invoke") throw new Error(`unexpected resource ${resource}`);
    const call = this.record(args);
    const status = this.failNext.shift() ?? this.answer(call);
    if (status >= 300)
      throw new StatesError(`States.Http.StatusCode.${status}`, `Momento answered ${status}`);
    return { StatusCode: status, StatusText: "OK", Headers: {}, ResponseBody: "" };
  };

  private record(args: Record<string, unknown>): MomentoCall {
    const endpoint = String(args.ApiEndpoint);
    if (!endpoint.startsWith(`${ENDPOINT}/`)) throw new Error(`call outside Momento: ${endpoint}`);
    const body = args.RequestBody;
    const call: MomentoCall = {
      method: String(args.Method),
      path: endpoint.slice(ENDPOINT.length),
      query: (args.QueryParameters ?? {}) as Record<string, string>,
      headers: (args.Headers ?? {}) as Record<string, string>,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      connectionArn: String((args.Authentication as { ConnectionArn?: string })?.ConnectionArn),
    };
    this.calls.push(call);
    return call;
  }

  private answer(call: MomentoCall): number {
    const [, kind, cacheName] = call.path.split("/");
    if (cacheName !== this.cacheName) return 404;
    if (kind === "cache" && call.method === "PUT") {
      const ttl = Number(call.query.ttl_seconds);
      if (!/^[0-9]+$/.test(call.query.ttl_seconds ?? "") || ttl < 1 || ttl > 86_400) return 400;
      this.cache.set(call.query.key, { value: call.body ?? "", ttlSeconds: ttl });
      return 204;
    }
    if (kind === "cache" && call.method === "DELETE") {
      this.cache.delete(call.query.key);
      return 204;
    }
    if (kind === "topics" && call.method === "POST") {
      this.topic.push({
        text: call.body ?? "",
        contentType: call.headers["Content-Type"] ?? "application/json",
      });
      return 204;
    }
    return 405;
  }
}

/**
 * An HTTP Task handler that makes the real request, for a workflow whose endpoint points at a local Momento
 * stand-in: the query parameters URL-encoded, an object body sent as its JSON text, the API key added the
 * way the EventBridge connection adds it (the Authorization header).
 */
export function httpTaskOverFetch(apiKey: string): TaskHandler {
  return async (resource, args) => {
    if (resource !== "arn:aws:states:::http:invoke") throw new Error(`unexpected resource ${resource}`);
    const query = new URLSearchParams(args.QueryParameters ?? {}).toString().replaceAll("+", "%20");
    const body = args.RequestBody;
    const response = await fetch(`${args.ApiEndpoint}${query ? `?${query}` : ""}`, {
      method: args.Method,
      headers: { "Content-Type": "application/json", ...(args.Headers ?? {}), Authorization: apiKey },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new StatesError(`States.Http.StatusCode.${response.status}`, text);
    return { StatusCode: response.status, ResponseBody: text };
  };
}
