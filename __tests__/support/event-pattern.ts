/**
 * Stands in for Amazon EventBridge's event-pattern matching ("content filtering", aws/event-ruler behind it),
 * for proving in tests that the stacks' rules select exactly the intended events. It models exactly what the
 * stacks' patterns use: nested fields, lists of exact values (strings, numbers, booleans, null) and `exists`.
 * Any other operator (prefix, anything-but, numeric, $or, ...) is refused, so a pattern that starts using one
 * fails here first instead of being matched wrongly. As the user guide documents:
 * - every field of the pattern must match (AND), any value of a field's list (OR); other event fields are
 *   ignored; strings match exactly and case-sensitively, and values never match across types;
 * - an event field holding an array matches when any of its elements does;
 * - only leaf values count: an object-valued, empty-array or missing field is absent, which only
 *   `exists: false` matches.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 */

/** Thrown for a pattern EventBridge would refuse, or that uses what this stand-in does not model. */
export class EventPatternError extends Error {
  override readonly name = "EventPatternError";

  constructor(location: string, reason: string) {
    super(`Invalid event pattern at ${location === "" ? "<root>" : location}: ${reason}`);
  }
}

type Leaf = string | number | boolean | null;
/** One field of a pattern: the values it accepts, and whether an absent field matches. */
interface FieldMatcher {
  readonly values: readonly Leaf[];
  readonly exists?: boolean;
}

/**
 * Throws an {@link EventPatternError} unless `pattern` is an object of nested objects and non-empty value lists.
 * A string is parsed as JSON first, so synthesized `event_pattern` attributes can be passed as they are.
 */
export function assertValidPattern(pattern: unknown): void {
  compile(pattern);
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. Either may be a JSON string. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  const fields = compile(pattern);
  const root = parse(event, (reason) => new TypeError(`Event: ${reason}`));
  if (!isObject(root)) throw new TypeError("Event must be a JSON object");
  return [...fields].every(([path, matcher]) => {
    const leaves = leavesAt(root, path.split("."));
    if (matcher.exists !== undefined) return matcher.exists === leaves.length > 0;
    return leaves.some((leaf) => matcher.values.some((value) => value === leaf));
  });
}

function compile(pattern: unknown): Map<string, FieldMatcher> {
  const root = parse(pattern, (reason) => new EventPatternError("", reason));
  if (!isObject(root)) throw new EventPatternError("", "a pattern is a JSON object");
  const fields = new Map<string, FieldMatcher>();
  const visit = (node: Record<string, unknown>, prefix: string) => {
    if (Object.keys(node).length === 0) throw new EventPatternError(prefix, "empty objects are not allowed");
    for (const [key, value] of Object.entries(node)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (isObject(value)) visit(value, path);
      else fields.set(path, compileList(value, path));
    }
  };
  visit(root, "");
  return fields;
}

function compileList(list: unknown, path: string): FieldMatcher {
  if (!Array.isArray(list) || list.length === 0) {
    throw new EventPatternError(path, "a field's match value must be a non-empty array");
  }
  if (list.some(isObject)) {
    const [operator] = list;
    const exists = isObject(operator) ? operator.exists : undefined;
    if (list.length !== 1 || Object.keys(operator as object).length !== 1 || typeof exists !== "boolean") {
      throw new EventPatternError(path, `only exact values and one { exists: boolean } are modelled here`);
    }
    return { values: [], exists };
  }
  if (!list.every(isLeaf))
    throw new EventPatternError(path, "values must be strings, numbers, booleans or null");
  return { values: list };
}

/** The leaf values at `path`, every element of any array on the way offered one by one. */
function leavesAt(node: unknown, path: readonly string[]): Leaf[] {
  if (Array.isArray(node)) return node.flatMap((element) => leavesAt(element, path));
  const [field, ...rest] = path;
  if (field === undefined) return isLeaf(node) ? [node] : [];
  return isObject(node) && Object.hasOwn(node, field) ? leavesAt(node[field], rest) : [];
}

/** Round-trips through JSON so both sides are what EventBridge would receive; strings are JSON text already. */
function parse(input: unknown, error: (reason: string) => Error): unknown {
  try {
    return JSON.parse(typeof input === "string" ? input : JSON.stringify(input));
  } catch (cause) {
    throw error(`not valid JSON: ${String(cause)}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
