/**
 * A test-side model of EventBridge Pipes input transformation and dynamic path parameters, written from the
 * Pipes guide so templates can be checked without AWS:
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-input-transformation.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-target.html#pipes-targets-dynamic-parms
 *
 * Rules modelled (quotes from the guide):
 * - `<$.path>` and the reserved `<aws.pipes.*>` variables are placeholders; any other text is literal.
 * - JSON paths: dot notation, dashes, underscores, alphanumerics, forward slashes, array indices, wildcards.
 * - Outside a JSON string, a string value is quoted for you: "EventBridge Pipes automatically adds quotes to
 *   string variable values during transformation, to ensure the transformation output is valid JSON".
 *   Numbers, booleans, null, objects and arrays go in as JSON ("Do not add quotes for variables that represent
 *   JSON objects or arrays").
 * - Inside a JSON string ("Hello, <$.x>"), the value's text is spliced in; for an object or array "EventBridge
 *   removes any internal quotes to ensure a valid string".
 * - A path that matches nothing: "that variable isn't created and won't appear in the output", i.e. the
 *   placeholder is replaced by nothing.
 *
 * One point the guide leaves open: the same page also says "EventBridge doesn't escape values extracted by
 * Input Path". By default this model escapes `"`, `\` and control characters in inserted strings (the only way
 * the auto-quoting can "ensure ... valid JSON"); `escapeStrings: false` models the other reading.
 */

/** Any JSON value. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** How to render. */
export interface RenderOptions {
  /** Values of reserved variables such as `aws.pipes.pipe-arn`; `aws.pipes.event[.json]` default to the event. */
  readonly reserved?: Readonly<Record<string, JsonValue>>;
  /** Escape quotes, backslashes and control characters in inserted strings (default true; see above). */
  readonly escapeStrings?: boolean;
}

const PLACEHOLDER = /<(\$[^<>\s]*|aws\.pipes\.[A-Za-z0-9.-]+)>/g;
const PATH_STEP = /^(?:\.([A-Za-z0-9_/-]+)|\.\*|\[(\d+)\]|\[\*\])/;

type Step = { kind: "name"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

/** Splits a JSON path into steps; throws on syntax Pipes does not support, so a bad template fails loudly. */
export function parseJsonPath(path: string): Step[] {
  if (!path.startsWith("$")) throw new Error(`Not a JSON path: ${path}`);
  const steps: Step[] = [];
  let rest = path.slice(1);
  while (rest.length > 0) {
    const match = PATH_STEP.exec(rest);
    if (!match) throw new Error(`Unsupported JSON path syntax at "${rest}" in ${path}`);
    if (match[1] !== undefined) steps.push({ kind: "name", name: match[1] });
    else if (match[2] !== undefined) steps.push({ kind: "index", index: Number(match[2]) });
    else steps.push({ kind: "wildcard" });
    rest = rest.slice(match[0].length);
  }
  return steps;
}

function children(value: JsonValue): JsonValue[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object") return Object.values(value);
  return [];
}

function step(value: JsonValue, next: Step): JsonValue[] {
  if (next.kind === "wildcard") return children(value);
  if (next.kind === "index") {
    return Array.isArray(value) && next.index < value.length ? [value[next.index]] : [];
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return [];
  return Object.hasOwn(value, next.name) ? [value[next.name]] : [];
}

/** The value at `path` in `event`; a wildcard path yields the array of matches; undefined when nothing matches. */
export function evaluateJsonPath(path: string, event: JsonValue): JsonValue | undefined {
  const steps = parseJsonPath(path);
  let matches: JsonValue[] = [event];
  for (const next of steps) matches = matches.flatMap((value) => step(value, next));
  if (steps.some((s) => s.kind === "wildcard")) return matches.length > 0 ? matches : undefined;
  return matches[0];
}

function lookup(name: string, event: JsonValue, options: RenderOptions): JsonValue | undefined {
  if (name.startsWith("$")) return evaluateJsonPath(name, event);
  if (name === "aws.pipes.event" || name === "aws.pipes.event.json") return options.reserved?.[name] ?? event;
  return options.reserved?.[name];
}

function quoteString(text: string, escapeValues: boolean): string {
  return escapeValues ? JSON.stringify(text) : `"${text}"`;
}

function insertAsJsonValue(value: JsonValue | undefined, escapeValues: boolean): string {
  if (value === undefined) return "";
  return typeof value === "string" ? quoteString(value, escapeValues) : JSON.stringify(value);
}

function insertInsideString(value: JsonValue | undefined, escapeValues: boolean): string {
  if (value === undefined) return "";
  if (typeof value === "string") return escapeValues ? JSON.stringify(value).slice(1, -1) : value;
  if (value !== null && typeof value === "object") return JSON.stringify(value).replaceAll('"', "");
  return String(value);
}

/** Whether the template is inside a JSON string after `text`, given the state before it. */
function advanceQuoteState(text: string, inString: boolean): boolean {
  let state = inString;
  for (let i = 0; i < text.length; i++) {
    if (state && text[i] === "\\") i++;
    else if (text[i] === '"') state = !state;
  }
  return state;
}

/** Renders an `InputTemplate` against one event, the way the Pipes guide describes. */
export function renderInputTemplate(template: string, event: JsonValue, options: RenderOptions = {}): string {
  const escapeValues = options.escapeStrings ?? true;
  let output = "";
  let inString = false;
  let last = 0;
  for (const match of template.matchAll(PLACEHOLDER)) {
    const literal = template.slice(last, match.index);
    inString = advanceQuoteState(literal, inString);
    const value = lookup(match[1], event, options);
    output +=
      literal + (inString ? insertInsideString(value, escapeValues) : insertAsJsonValue(value, escapeValues));
    last = match.index + match[0].length;
  }
  return output + template.slice(last);
}

/**
 * A target parameter's value at run time: "The entire value has to be a JSON path, not only part of it", read
 * from the original event; anything else is static. Undefined when the path matches nothing.
 */
export function resolveDynamicParameter(value: string, event: JsonValue): string | undefined {
  if (value !== "$" && !value.startsWith("$.") && !value.startsWith("$[")) return value;
  const found = evaluateJsonPath(value, event);
  if (found === undefined) return undefined;
  return typeof found === "string" ? found : JSON.stringify(found);
}

/** The HTTP request an API-destination target makes for one event. */
export interface ApiDestinationRequest {
  readonly method: string;
  /** Endpoint path with each `*` replaced by the next path parameter, URL-encoded. */
  readonly path: string;
  /** Query parameters after dynamic resolution; parameters whose path matched nothing are left out. */
  readonly query: Readonly<Record<string, string>>;
  /** Rendered input template, or undefined when the target has none. */
  readonly body: string | undefined;
}

/** What Pipes would send to `endpointPath` for `event`, given the target's parameters. */
export function apiDestinationRequest(
  operation: { readonly httpMethod: string; readonly endpointPath: string },
  target: {
    readonly inputTemplate?: string;
    readonly pathParameterValues: readonly string[];
    readonly queryStringParameters?: Readonly<Record<string, string>>;
  },
  event: JsonValue,
  options: RenderOptions = {},
): ApiDestinationRequest {
  const pathValues = target.pathParameterValues.map((value) => resolveDynamicParameter(value, event) ?? "");
  const wildcards = operation.endpointPath.split("*").length - 1;
  if (wildcards !== pathValues.length) {
    throw new Error(
      `${operation.endpointPath} has ${wildcards} wildcard(s), got ${pathValues.length} value(s)`,
    );
  }
  let index = 0;
  const path = operation.endpointPath.replace(/\*/g, () => encodeURIComponent(pathValues[index++]));
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.queryStringParameters ?? {})) {
    const resolved = resolveDynamicParameter(value, event);
    if (resolved !== undefined) query[name] = resolved;
  }
  const body =
    target.inputTemplate === undefined
      ? undefined
      : renderInputTemplate(target.inputTemplate, event, options);
  return { method: operation.httpMethod, path, query, body };
}
