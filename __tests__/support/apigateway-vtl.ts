/**
 * Stands in for API Gateway (REST API) rendering mapping templates, for the api-firehose-s3 templates.
 *
 * velocityjs runs the Velocity Template Language; this module supplies the parts of API Gateway's variables the
 * templates use (`$input.body/json/path`, `$util.escapeJavaScript/base64Encode/urlDecode`, `$context`) as the
 * developer guide's "Variables for data transformations" documents them, plus the Java `String` methods they call
 * (API Gateway runs Apache Velocity 1.7 on the JVM, so `$s.replaceAll(...)` is Java's regex `replaceAll`, not
 * JavaScript's). Anything else is not modelled: a template that starts using it renders it literally or fails.
 *
 * Divergences from API Gateway that tests must keep in mind:
 * - `#set($x = $null)`: Velocity 1.7 leaves `$x` unchanged, velocityjs clears it. The renderer throws instead,
 *   so a template that relies on either behaviour fails here rather than misbehaving in AWS.
 * - `#if("")`: Velocity 1.7 treats an empty string as true, velocityjs as false. Compare with `== ""` instead.
 * - `$input.json` output: API Gateway doesn't document its whitespace or escaping; this renderer writes compact
 *   `JSON.stringify` output, or indented output with `jsonStyle: "pretty"` to test templates against the worst case.
 */
import { Compile, parse } from "velocityjs";

/** `$context` values a test may set; everything else gets a fixed placeholder. */
export interface ContextValues {
  readonly requestId?: string;
  readonly stage?: string;
  readonly sourceIp?: string;
  readonly userAgent?: string;
  readonly httpMethod?: string;
  readonly resourcePath?: string;
  readonly apiId?: string;
  readonly accountId?: string;
}

/** What a mapping template sees: the payload (request or integration response) and request metadata. */
export interface MappingInput {
  /** Raw payload: the method request body for request templates, the integration response body for response templates. */
  readonly body: string;
  readonly context?: ContextValues;
  /** How `$input.json` serializes. @default "compact" */
  readonly jsonStyle?: "compact" | "pretty";
}

/** A rendered template and the overrides it applied through `$context.responseOverride`. */
export interface RenderResult {
  readonly body: string;
  /** `$context.responseOverride.status`, when the template set it. */
  readonly status: number | undefined;
  /** `$context.responseOverride.header.*` values the template set. */
  readonly headers: Readonly<Record<string, string>>;
}

/** A step of a JSONPath expression: an object key or an array index. */
export type JsonPathStep = string | number;

/**
 * Parses the definite JSONPath subset templates use: `$`, `$.a.b`, `$.a[0]`, `$['a']`.
 * Wildcards, filters and deep scans throw, so a template relying on them fails loudly here.
 */
export function parseJsonPath(path: string): JsonPathStep[] {
  if (!path.startsWith("$")) throw new Error(`JSONPath must start with "$": ${JSON.stringify(path)}`);
  const steps: JsonPathStep[] = [];
  const step = /^(?:\.([^.[\]\s*]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  let rest = path.slice(1).trim();
  while (rest.length > 0) {
    const match = step.exec(rest);
    if (!match) throw new Error(`unsupported JSONPath ${JSON.stringify(path)} at ${JSON.stringify(rest)}`);
    const [whole, dotted, index, singleQuoted, doubleQuoted] = match;
    steps.push(index === undefined ? (dotted ?? singleQuoted ?? doubleQuoted ?? "") : Number(index));
    rest = rest.slice(whole.length);
  }
  return steps;
}

/** The value at `path`, or undefined when nothing matches. */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  let current = document;
  for (const step of parseJsonPath(path)) {
    if (typeof step === "number") {
      current = Array.isArray(current) ? current[step] : undefined;
    } else if (isPlainObject(current) && Object.hasOwn(current, step)) {
      current = current[step];
    } else {
      return undefined;
    }
  }
  return current;
}

/**
 * `$util.escapeJavaScript`: Apache Commons Lang 2 `StringEscapeUtils.escapeJavaScript`, which API Gateway's
 * documentation describes (it turns `'` into `\'`, which JSON rejects). Non-ASCII becomes `\uXXXX`.
 */
export function escapeJavaScript(value: string): string {
  let out = "";
  for (const ch of value.split("")) {
    const code = ch.charCodeAt(0);
    if (code > 0x7f) {
      out += `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else if (code < 0x20) {
      out += CONTROL_ESCAPES[ch] ?? `\\u${code.toString(16).toUpperCase().padStart(4, "0")}`;
    } else {
      out += JS_ESCAPES[ch] ?? ch;
    }
  }
  return out;
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = {
  "\b": "\\b",
  "\n": "\\n",
  "\t": "\\t",
  "\f": "\\f",
  "\r": "\\r",
};
const JS_ESCAPES: Readonly<Record<string, string>> = { "'": "\\'", '"': '\\"', "\\": "\\\\", "/": "\\/" };

/** `$util.urlDecode`: Java's `URLDecoder.decode(s, "UTF-8")`. */
export function urlDecode(value: string): string {
  return decodeURIComponent(value.replace(/\+/g, " "));
}

/** `$util.base64Encode`: base64 of the string's UTF-8 bytes (the documented default character set). */
export function base64Encode(value: string): string {
  return Buffer.from(value, "utf8").toString("base64");
}

/**
 * Parsed templates by text: tests render the same few templates for many inputs. Shared safely: Compile only
 * reads the tree (velocityjs 2.1.7 writes to it only for its `unescape` option, which is not used here).
 */
const parsedTemplates = new Map<string, ReturnType<typeof parse>>();
function parsedTemplate(template: string): ReturnType<typeof parse> {
  let ast = parsedTemplates.get(template);
  if (!ast) {
    ast = parse(template);
    parsedTemplates.set(template, ast);
  }
  return ast;
}

/**
 * Renders `template` as API Gateway would for `input`.
 * Throws where API Gateway would fail the request: unparsable JSON, an overridden value set twice, ...
 */
export function renderMappingTemplate(template: string, input: MappingInput): RenderResult {
  const overrides = responseOverrides();
  const variables = {
    input: inputVariable(input),
    util: UTIL,
    context: contextVariable(input.context ?? {}, overrides.target),
  };
  const compiler = new Compile(parsedTemplate(template), {
    escape: false,
    customMethodHandlers: JAVA_STRING_HANDLERS,
    valueMapper: rejectNullSet,
  });
  return { body: compiler.render(variables), status: overrides.status(), headers: overrides.headers() };
}

/** An integration response as API Gateway selects it: by regex on the integration's HTTP status code. */
export interface SelectableResponse {
  readonly selectionPattern?: string | undefined;
}

/**
 * Picks the integration response for an AWS (non-Lambda) integration's HTTP status, as API Gateway does:
 * the first whose `selectionPattern` matches the whole status code, else the one without a pattern (the default).
 */
export function selectIntegrationResponse<T extends SelectableResponse>(
  responses: readonly T[],
  integrationStatus: number,
): T | undefined {
  const status = String(integrationStatus);
  const matched = responses.find(
    (r) => r.selectionPattern !== undefined && new RegExp(`^(?:${r.selectionPattern})$`).test(status),
  );
  return matched ?? responses.find((r) => r.selectionPattern === undefined);
}

function inputVariable(input: MappingInput) {
  const indent = input.jsonStyle === "pretty" ? 2 : undefined;
  // Parsed lazily (API Gateway only rejects an unparsable body when a template asks for JSON), and once.
  let parsed: { value: unknown } | undefined;
  const document = (): unknown => {
    try {
      parsed ??= { value: JSON.parse(input.body) };
      return parsed.value;
    } catch (error) {
      throw new Error(`Could not parse request body into json: ${String(error)}`);
    }
  };
  return {
    body: input.body,
    // A path matching nothing gives "": the developer guide's Kinesis tutorial tests
    // `$input.path('$.ShardCount') == ''` for an absent property (the reference itself is silent).
    json: (path: string): string => {
      const value = evaluateJsonPath(document(), path);
      return value === undefined ? "" : JSON.stringify(value, null, indent);
    },
    // A fresh copy, so a template that mutates it can't change what $input.json returns.
    path: (path: string): unknown => {
      const value = evaluateJsonPath(document(), path);
      return value === undefined ? "" : structuredClone(value);
    },
  };
}

const UTIL = {
  escapeJavaScript: (value: unknown): string => escapeJavaScript(String(value)),
  base64Encode: (value: unknown): string => base64Encode(String(value)),
  urlDecode: (value: unknown): string => urlDecode(String(value)),
};

function contextVariable(values: ContextValues, responseOverride: object) {
  return {
    requestId: values.requestId ?? "c6af9ac6-7b61-11e6-9a41-93e8deadbeef",
    extendedRequestId: "Ab1CdEfGhIjKlM=",
    stage: values.stage ?? "test",
    httpMethod: values.httpMethod ?? "POST",
    resourcePath: values.resourcePath ?? "/records",
    apiId: values.apiId ?? "a1b2c3d4e5",
    accountId: values.accountId ?? "123456789012",
    identity: {
      sourceIp: values.sourceIp ?? "192.0.2.1",
      userAgent: values.userAgent ?? "curl/8.5.0",
    },
    responseOverride,
    requestOverride: { header: {}, path: {}, querystring: {} },
  };
}

/**
 * `$context.responseOverride`: API Gateway's overrides are final and setting one twice answers 5XX,
 * so a second assignment throws.
 */
function responseOverrides() {
  let status: unknown;
  let statusSet = false;
  const headers: Record<string, string> = {};
  const headerTarget = new Proxy(headers, {
    set(target, key, value) {
      if (typeof key !== "string") return false;
      if (Object.hasOwn(target, key)) throw new Error(`$context.responseOverride.header.${key} set twice`);
      target[key] = String(value);
      return true;
    },
  });
  const target = { header: headerTarget };
  Object.defineProperty(target, "status", {
    enumerable: true,
    get: () => status,
    set: (value: unknown) => {
      if (statusSet) throw new Error("$context.responseOverride.status set twice (API Gateway answers 5XX)");
      statusSet = true;
      status = value;
    },
  });
  return {
    target,
    status: (): number | undefined => (statusSet ? Number(status) : undefined),
    headers: (): Readonly<Record<string, string>> => ({ ...headers }),
  };
}

function rejectNullSet(value: unknown): unknown {
  if (value === undefined || value === null) {
    throw new Error(
      "#set with a null value: Velocity 1.7 (API Gateway) keeps the old value, velocityjs clears it; " +
        'assign a string such as "$!ref" instead',
    );
  }
  return value;
}

interface MethodCall {
  readonly property: string;
  readonly context: unknown;
  readonly params: unknown[];
}

type JavaStringMethod = (self: string, args: readonly unknown[]) => unknown;

/** The Java `String` methods the templates call, whose JavaScript namesakes differ. */
const JAVA_STRING_METHODS: Readonly<Record<string, JavaStringMethod>> = {
  replaceAll: (self, [regex, replacement]) =>
    self.replace(new RegExp(String(regex), "g"), javaReplacer(String(replacement))),
  // Java's replace(CharSequence, CharSequence) replaces every occurrence literally.
  replace: (self, [target, replacement]) => replaceLiteral(self, String(target), String(replacement)),
};

const JAVA_STRING_HANDLERS = [
  {
    uid: "java.lang.String",
    match: ({ property, context }: MethodCall): boolean =>
      typeof context === "string" && Object.hasOwn(JAVA_STRING_METHODS, property),
    resolve: ({ property, context, params }: MethodCall): unknown =>
      JAVA_STRING_METHODS[property]?.(String(context), params),
  },
];

function replaceLiteral(self: string, target: string, replacement: string): string {
  // Java inserts the replacement around every character for an empty target; split("") would skip the ends.
  if (target === "") return replacement + self.split("").join(replacement) + replacement;
  return self.split(target).join(replacement);
}

/** Java `Matcher` replacement syntax: `$n` is a group, `\x` is a literal `x`. */
function javaReplacer(replacement: string): (match: string, ...rest: unknown[]) => string {
  return (match, ...rest) => {
    // rest is the groups, then the match offset (the first number), then the whole string.
    const groups = [
      match,
      ...rest.slice(
        0,
        rest.findIndex((r) => typeof r === "number"),
      ),
    ];
    let out = "";
    for (let i = 0; i < replacement.length; i++) {
      const ch = replacement.charAt(i);
      if (ch === "\\") {
        i++;
        if (i >= replacement.length) throw new Error("replaceAll: character to be escaped is missing");
        out += replacement.charAt(i);
      } else if (ch === "$") {
        const digits = groupReference(replacement.slice(i + 1), groups.length - 1);
        i += digits.length;
        const value = groups[Number(digits)];
        out += typeof value === "string" ? value : "";
      } else {
        out += ch;
      }
    }
    return out;
  };
}

/** The digits of a `$n` group reference at the start of `text`: like Java, as many as still name a group. */
function groupReference(text: string, groupCount: number): string {
  let digits = /^\d/.exec(text)?.[0];
  if (digits === undefined || Number(digits) > groupCount) throw new Error(`replaceAll: no group $${text}`);
  for (const next of text.slice(1)) {
    if (!/\d/.test(next) || Number(digits + next) > groupCount) break;
    digits += next;
  }
  return digits;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
