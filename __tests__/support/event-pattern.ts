/**
 * Amazon EventBridge event-pattern matching ("content filtering"), for proving in tests that rules and pipe
 * filters select exactly the intended events.
 *
 * Follows the documented semantics (eb-event-patterns.html, eb-create-pattern-operators.html,
 * eb-event-patterns-arrays.html, eb-event-patterns-null-values.html) and, where the docs are silent, the
 * behaviour of aws/event-ruler, the open-source matcher behind EventBridge:
 *
 * - The event is flattened into leaf fields named by dotted paths (`detail.state`). Objects are not leaves, so
 *   every operator, `exists` included, only ever sees strings, numbers, booleans and null; an object-valued,
 *   empty-array or missing field all count as absent.
 * - Array elements are offered one by one: a field matches when any element does. Fields matched by one rule
 *   must come from the same element of any array they share ("array-consistent matching").
 * - A pattern compiles into sub-rules, one per combination of `$or` branches; the event matches when any
 *   sub-rule does. A sub-rule visits its paths in sorted order, as Event Ruler's state machine does, which is
 *   also what decides which array element an `exists: false` is checked against.
 */

/** Where a pattern is used: pipe filters support fewer operators than event-bus rules. */
export type PatternTarget = "event-bus" | "pipe";

/** Options shared by {@link matchesEventPattern} and {@link assertValidPattern}. */
export interface PatternOptions {
  /** Defaults to "event-bus". "pipe" additionally rejects operators EventBridge Pipes does not support. */
  readonly target?: PatternTarget;
}

/** Thrown for a pattern EventBridge would refuse (PutRule/CreatePipe fail with InvalidEventPatternException). */
export class EventPatternError extends Error {
  override readonly name = "EventPatternError";
  /** Dotted path of the offending pattern element ("" for the pattern itself). */
  readonly location: string;
  /** The reason, worded like EventBridge's own message where there is one. */
  readonly reason: string;

  constructor(location: string, reason: string) {
    super(`Invalid event pattern at ${location === "" ? "<root>" : location}: ${reason}`);
    this.location = location;
    this.reason = reason;
  }
}

/**
 * Throws an {@link EventPatternError} unless `pattern` is one EventBridge accepts: an object whose fields are
 * nested objects or non-empty arrays of values and known operators, with well-formed operands.
 * A string is parsed as JSON first, so synthesized `event_pattern` attributes can be passed as they are.
 */
export function assertValidPattern(pattern: unknown, options: PatternOptions = {}): void {
  compilePattern(pattern, options);
}

/**
 * Whether EventBridge would deliver `event` to a rule (or let it through a pipe filter) with `pattern`.
 * Validates the pattern first, throwing like {@link assertValidPattern}. Either argument may be a JSON string.
 */
export function matchesEventPattern(pattern: unknown, event: unknown, options: PatternOptions = {}): boolean {
  const subRules = compilePattern(pattern, options);
  const fields = flattenEvent(event);
  return subRules.some((subRule) => matchesSubRule(subRule, fields));
}

// ---------------------------------------------------------------------------------------------------------
// Compiling patterns
// ---------------------------------------------------------------------------------------------------------

/** A JSON scalar: the only kind of event value a pattern is ever compared with. */
type Leaf = string | number | boolean | null;

/** One alternative of a field's value list. */
type LeafTest = (value: Leaf) => boolean;

/** Everything a sub-rule asks of one dotted path. */
interface FieldMatcher {
  /** Set by `{"exists": false}`: the path may also be satisfied by having no (consistent) value at all. */
  readonly absentMatches: boolean;
  readonly tests: readonly LeafTest[];
}

/** One `$or`-free alternative of a pattern: dotted path -> matcher. */
type SubRule = Map<string, FieldMatcher>;

interface CompileContext {
  readonly target: PatternTarget;
}

/** Marker returned by `{"exists": false}`, which is answered by absence rather than by a value. */
const ABSENT = Symbol("absent");

const OR_KEY = "$or";

/** Field names Event Ruler refuses inside `$or` branches, so a misplaced operator is not read as a field. */
const RESERVED_IN_OR = new Set([
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
]);

function compilePattern(pattern: unknown, options: PatternOptions): SubRule[] {
  const root = toJson(pattern, (message) => new EventPatternError("", message));
  if (!isJsonObject(root)) fail("", "Filter is not an object");
  return compileObject(root, "", [], { target: options.target ?? "event-bus" }, false);
}

/**
 * Adds the fields of one pattern object to every sub-rule built so far. Mirrors Event Ruler's compiler: fields
 * are read in order, and an `$or` forks the sub-rules so far once per branch.
 */
function compileObject(
  object: Record<string, unknown>,
  path: string,
  subRules: SubRule[],
  context: CompileContext,
  insideOr: boolean,
): SubRule[] {
  const entries = Object.entries(object);
  if (entries.length === 0) fail(path, "Empty objects are not allowed");
  let current = subRules;
  for (const [key, value] of entries) {
    if (key === OR_KEY) {
      current = compileOr(value, path, current, context);
      continue;
    }
    const fieldPath = path === "" ? key : `${path}.${key}`;
    if (insideOr && RESERVED_IN_OR.has(key)) {
      fail(fieldPath, `${key} is Ruler reserved fieldName which cannot be used inside ${OR_KEY}.`);
    }
    if (isJsonObject(value)) {
      current = compileObject(value, fieldPath, current, context, insideOr);
    } else if (isJsonArray(value)) {
      const matcher = compileValueList(value, fieldPath, context);
      if (current.length === 0) current = [new Map()];
      // A path given twice (say in a branch and beside the `$or`) keeps the last one, as Event Ruler does.
      for (const subRule of current) subRule.set(fieldPath, matcher);
    } else {
      fail(fieldPath, `"${key}" must be an object or an array`);
    }
  }
  return current;
}

function compileOr(value: unknown, path: string, subRules: SubRule[], context: CompileContext): SubRule[] {
  const where = path === "" ? OR_KEY : `${path}.${OR_KEY}`;
  if (!isJsonArray(value)) fail(where, `It must be an Array followed with ${OR_KEY}.`);
  if (value.length < 2) fail(where, `There must have at least 2 Objects in ${OR_KEY} relationship.`);
  const forked: SubRule[] = [];
  for (const branch of value) {
    if (!isJsonObject(branch)) fail(where, `Only JSON object is allowed in array of ${OR_KEY} relationship.`);
    const seeds = subRules.length === 0 ? [new Map()] : subRules.map((subRule) => new Map(subRule));
    forked.push(...compileObject(branch, path, seeds, context, true));
  }
  return forked;
}

/** A field's list of alternatives: plain values and operator objects, any one of which may match. */
function compileValueList(values: readonly unknown[], path: string, context: CompileContext): FieldMatcher {
  if (values.length === 0) fail(path, "Empty arrays are not allowed");
  let absentMatches = false;
  const tests: LeafTest[] = [];
  for (const value of values) {
    if (isJsonObject(value)) {
      const test = compileOperator(value, path, context);
      if (test === ABSENT) absentMatches = true;
      else tests.push(test);
    } else if (typeof value === "string") {
      tests.push(exactString(value));
    } else if (typeof value === "number" || typeof value === "boolean" || value === null) {
      // Numbers compare numerically (300 equals 3.0e2), which parsed JSON numbers already do.
      tests.push((leaf) => leaf === value);
    } else {
      fail(path, "Match value must be String, number, true, false, or null");
    }
  }
  return { absentMatches, tests };
}

/**
 * A plain string value. Event Ruler compiles one that is an IP address literal into an address match, so
 * "2001:db8::1" also matches "2001:DB8:0:0:0:0:0:1".
 */
function exactString(expected: string): LeafTest {
  const address = parseIpAddress(expected);
  if (address === undefined) return (leaf) => leaf === expected;
  return (leaf) => typeof leaf === "string" && sameBytes(parseIpAddress(leaf), address);
}

function compileOperator(
  expression: Record<string, unknown>,
  path: string,
  context: CompileContext,
): LeafTest | typeof ABSENT {
  const [operator, ...others] = Object.keys(expression);
  if (operator === undefined) fail(path, "Match expression name not found");
  if (others.length > 0) fail(path, "Only one key allowed in match expression");
  const operand = expression[operator];
  switch (operator) {
    case "prefix":
    case "suffix":
      return compileAffix(operator, operand, path);
    case "equals-ignore-case": {
      if (typeof operand !== "string") fail(path, "equals-ignore-case match pattern must be a string");
      const matches = ignoreCaseMatcher(operand, "whole");
      return (leaf) => typeof leaf === "string" && matches(leaf);
    }
    case "wildcard": {
      requireEventBus(context, path, "wildcard");
      if (typeof operand !== "string") fail(path, "wildcard match pattern must be a string");
      const matches = wildcardMatcher(operand, path);
      return (leaf) => typeof leaf === "string" && matches(leaf);
    }
    case "anything-but":
      return compileAnythingBut(operand, path, context);
    case "numeric":
      return compileNumeric(operand, path);
    case "exists":
      if (typeof operand !== "boolean") fail(path, "exists match pattern must be either true or false.");
      // Any leaf value exists, null included; objects never reach a test because they are not leaves.
      return operand ? () => true : ABSENT;
    case "cidr":
      return compileCidr(operand, path);
    default:
      return fail(path, `Unrecognized match type ${operator}`);
  }
}

/** `prefix`/`suffix`, optionally as `{"equals-ignore-case": ...}`. They only ever match strings. */
function compileAffix(operator: "prefix" | "suffix", operand: unknown, path: string): LeafTest {
  const anchor = operator === "prefix" ? "start" : "end";
  if (isJsonObject(operand)) {
    const [modifier, ...others] = Object.keys(operand);
    const label = operator === "prefix" ? "Prefix" : "Suffix";
    if (modifier === undefined) fail(path, `${label} expression name not found`);
    if (others.length > 0) fail(path, "Only one key allowed in match expression");
    if (modifier !== "equals-ignore-case") fail(path, `Unsupported ${operator} pattern: ${modifier}`);
    const affix = operand[modifier];
    if (typeof affix !== "string") fail(path, "equals-ignore-case match pattern must be a string");
    const matches = ignoreCaseMatcher(affix, anchor);
    return (leaf) => typeof leaf === "string" && matches(leaf);
  }
  if (typeof operand !== "string") fail(path, `${operator} match pattern must be a string`);
  return anchor === "start"
    ? (leaf) => typeof leaf === "string" && leaf.startsWith(operand)
    : (leaf) => typeof leaf === "string" && leaf.endsWith(operand);
}

const ANYTHING_BUT_MODIFIERS = new Set(["prefix", "suffix", "equals-ignore-case", "wildcard"]);

/**
 * `anything-but` matches any present leaf that is not excluded, including values of another type: an
 * anything-but of strings matches numbers, booleans and null. It never matches a missing field.
 */
function compileAnythingBut(operand: unknown, path: string, context: CompileContext): LeafTest {
  if (isJsonObject(operand)) return compileAnythingButModifier(operand, path, context);
  if (typeof operand === "string" || typeof operand === "number") return (leaf) => leaf !== operand;
  if (!isJsonArray(operand)) {
    fail(path, "Value of anything-but must be an array or single string/number value.");
  }
  const excluded = new Set<unknown>();
  for (const value of operand) {
    if (typeof value !== "string" && typeof value !== "number") {
      fail(path, "Inside anything but list, start|null|boolean is not supported.");
    }
    excluded.add(value);
  }
  const types = new Set(operand.map((value) => typeof value));
  if (types.size !== 1) {
    fail(
      path,
      "Inside anything but list, either all values are number or string, mixed type is not supported",
    );
  }
  return (leaf) => !excluded.has(leaf);
}

/** `{"anything-but": {"prefix" | "suffix" | "equals-ignore-case" | "wildcard": value | [values]}}`. */
function compileAnythingButModifier(
  operand: Record<string, unknown>,
  path: string,
  context: CompileContext,
): LeafTest {
  const [modifier, ...others] = Object.keys(operand);
  if (modifier === undefined) fail(path, "Anything-But expression name not found");
  if (others.length > 0) fail(path, "Only one key allowed in match expression");
  if (!ANYTHING_BUT_MODIFIERS.has(modifier)) fail(path, `Unsupported anything-but pattern: ${modifier}`);
  requireEventBus(context, path, `anything-but/${modifier}`);
  const inner = operand[modifier];
  const values = typeof inner === "string" ? [inner] : isJsonArray(inner) ? inner : undefined;
  if (values === undefined) {
    fail(path, "Value of anything-but must be an array or single string/number value.");
  }
  // Event Ruler accepts an empty list here and then excludes nothing, inverting the intent; refuse it.
  if (values.length === 0) fail(path, "Empty arrays are not allowed");
  const excluded = values.map((value): ((text: string) => boolean) => {
    if (typeof value !== "string") {
      fail(
        path,
        modifier === "prefix" || modifier === "suffix"
          ? "prefix/suffix match pattern must be a string"
          : `${modifier} match pattern must be a string`,
      );
    }
    switch (modifier) {
      case "prefix":
      case "suffix":
        if (value === "") fail(path, "Null prefix/suffix not allowed");
        return modifier === "prefix" ? (text) => text.startsWith(value) : (text) => text.endsWith(value);
      case "equals-ignore-case":
        return ignoreCaseMatcher(value, "whole");
      default:
        return wildcardMatcher(value, path);
    }
  });
  return (leaf) => typeof leaf !== "string" || !excluded.some((isExcluded) => isExcluded(leaf));
}

const COMPARISONS: Readonly<Record<string, (value: number, bound: number) => boolean>> = {
  "=": (value, bound) => value === bound,
  "<": (value, bound) => value < bound,
  "<=": (value, bound) => value <= bound,
  ">": (value, bound) => value > bound,
  ">=": (value, bound) => value >= bound,
};

/**
 * `numeric` is a small grammar, not a list of pairs: one comparison, or a lower bound (`>`/`>=`) followed by an
 * upper bound (`<`/`<=`). It only matches JSON numbers, never numeric strings.
 */
function compileNumeric(operand: unknown, path: string): LeafTest {
  if (!isJsonArray(operand)) fail(path, "Value of numeric must be an array.");
  const [operator, bound, upperOperator, upperBound, ...extra] = operand;
  if (typeof operator !== "string") {
    fail(path, `Invalid member in numeric match: ${operator === undefined ? "]" : JSON.stringify(operator)}`);
  }
  const compare = COMPARISONS[operator];
  if (compare === undefined) fail(path, `Unrecognized numeric range operator: ${operator}`);
  const lower = requireNumber(bound, operator === "=" ? "equals" : operator, path);
  if (operand.length === 2) return (leaf) => typeof leaf === "number" && compare(leaf, lower);
  if (operator !== ">" && operator !== ">=") fail(path, "Too many elements in numeric expression");
  if (typeof upperOperator !== "string") {
    fail(path, `Bad value in numeric range: ${JSON.stringify(upperOperator)}`);
  }
  if (upperOperator !== "<" && upperOperator !== "<=")
    fail(path, `Bad numeric range operator: ${upperOperator}`);
  const upper = requireNumber(upperBound, upperOperator, path);
  if (extra.length > 0) fail(path, "Too many terms in numeric range expression");
  if (!(lower < upper)) fail(path, "Bottom must be less than top");
  const compareUpper = COMPARISONS[upperOperator];
  return (leaf) => typeof leaf === "number" && compare(leaf, lower) && compareUpper(leaf, upper);
}

function requireNumber(value: unknown, operator: string, path: string): number {
  if (typeof value !== "number" || !Number.isFinite(value))
    fail(path, `Value of ${operator} must be numeric`);
  return value;
}

/** `cidr`: an IPv4 or IPv6 block, matched against string IP address literals of the same family. */
function compileCidr(operand: unknown, path: string): LeafTest {
  if (typeof operand !== "string") fail(path, "cidr match pattern must be a string");
  const [address, bits, ...rest] = operand.split("/");
  if (address === undefined || bits === undefined || bits === "" || rest.length > 0) {
    fail(path, "Malformed CIDR, one '/' required");
  }
  if (!/^[+-]?[0-9]+$/.test(bits)) fail(path, "Malformed CIDR, mask bits must be an integer");
  const maskBits = Number(bits);
  if (maskBits < 0) fail(path, "Malformed CIDR, mask bits must not be negative");
  const base = parseIpAddress(address);
  if (base === undefined) fail(path, `Invalid IP address: ${address}`);
  // Event Ruler's limits: a /32 (or /128) block is refused; a plain address value matches one host instead.
  if (base.length === 4 && maskBits > 31) fail(path, "IPv4 mask bits must be < 32");
  if (base.length === 16 && maskBits > 127) fail(path, "IPv6 mask bits must be < 128");
  const bottom = base.map((byte, index) => byte & maskByte(index, maskBits));
  const top = base.map((byte, index) => byte | (~maskByte(index, maskBits) & 0xff));
  return (leaf) => {
    if (typeof leaf !== "string") return false;
    const ip = parseIpAddress(leaf);
    return (
      ip !== undefined &&
      ip.length === base.length &&
      compareBytes(bottom, ip) <= 0 &&
      compareBytes(ip, top) <= 0
    );
  };
}

/** The network-mask byte at `index` for a prefix of `maskBits` bits. */
function maskByte(index: number, maskBits: number): number {
  const bitsInByte = Math.min(8, Math.max(0, maskBits - index * 8));
  return (0xff << (8 - bitsInByte)) & 0xff;
}

function requireEventBus(context: CompileContext, path: string, operator: string): void {
  if (context.target === "pipe") {
    fail(path, `${operator} is not supported in EventBridge Pipes filters (only in event bus rules)`);
  }
}

function fail(location: string, reason: string): never {
  throw new EventPatternError(location, reason);
}

// ---------------------------------------------------------------------------------------------------------
// String operators
// ---------------------------------------------------------------------------------------------------------

/**
 * Event Ruler's ignore-case comparison: each pattern character matches exactly its own lower- or upper-case
 * form. That differs from comparing lower-cased strings when case mapping changes length ("ß" matches "SS").
 */
function ignoreCaseMatcher(pattern: string, anchor: "whole" | "start" | "end"): (text: string) => boolean {
  const alternatives = Array.from(pattern, (character) => [
    ...new Set([character.toLowerCase(), character.toUpperCase()]),
  ]);
  return (text) => {
    // Walk the alternatives tracking every reachable offset, so different-length forms need no backtracking.
    const backwards = anchor === "end";
    let reachable = new Set([backwards ? text.length : 0]);
    for (const forms of backwards ? [...alternatives].reverse() : alternatives) {
      const next = new Set<number>();
      for (const offset of reachable) {
        for (const form of forms) {
          const start = backwards ? offset - form.length : offset;
          if (start >= 0 && text.startsWith(form, start)) next.add(backwards ? start : offset + form.length);
        }
      }
      if (next.size === 0) return false;
      reachable = next;
    }
    return anchor !== "whole" || reachable.has(text.length);
  };
}

/**
 * A `wildcard` operand: `*` matches any run of characters (including none); `\*` is a literal asterisk and
 * `\\` a literal backslash. Consecutive `*` and any other escape are invalid, as in Event Ruler.
 */
function wildcardMatcher(pattern: string, path: string): (text: string) => boolean {
  const segments = [""];
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern.charAt(index);
    if (character === "*") {
      if (pattern.charAt(index + 1) === "*") fail(path, `Consecutive wildcard characters at pos ${index}`);
      segments.push("");
    } else if (character === "\\") {
      const escaped = pattern.charAt(index + 1);
      if (escaped !== "*" && escaped !== "\\") fail(path, `Invalid escape character at pos ${index}`);
      segments[segments.length - 1] += escaped;
      index++;
    } else {
      segments[segments.length - 1] += character;
    }
  }
  const first = segments[0] ?? "";
  const last = segments[segments.length - 1] ?? "";
  const middle = segments.slice(1, -1);
  return (text) => {
    if (segments.length === 1) return text === first;
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last))
      return false;
    // With `*` as the only wildcard, taking each middle segment at its leftmost position is always optimal.
    let position = first.length;
    const end = text.length - last.length;
    for (const segment of middle) {
      const found = text.indexOf(segment, position);
      if (found < 0 || found + segment.length > end) return false;
      position = found + segment.length;
    }
    return true;
  };
}

// ---------------------------------------------------------------------------------------------------------
// IP addresses
// ---------------------------------------------------------------------------------------------------------

/** What Event Ruler recognises as an address literal before parsing it. */
const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;

/** The bytes of an IPv4 (4) or IPv6 (16) address literal, or undefined when `text` is not one. */
function parseIpAddress(text: string): number[] | undefined {
  if (IPV4_SHAPE.test(text)) {
    // Octets are read as decimal even with leading zeros.
    const octets = text.split(".").map(Number);
    return octets.every((octet) => octet <= 255) ? octets : undefined;
  }
  return IPV6_SHAPE.test(text) ? parseIpv6(text) : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const groupsOf = (part: string | undefined) => (part === undefined || part === "" ? [] : part.split(":"));
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const written = [...head, ...tail];
  if (!written.every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const compressed = halves.length === 2;
  if (compressed ? written.length > 7 : written.length !== 8) return undefined;
  const groups = compressed
    ? [...head, ...new Array<string>(8 - written.length).fill("0"), ...tail]
    : written;
  const bytes = groups.flatMap((group) => {
    const word = Number.parseInt(group, 16);
    return [word >> 8, word & 0xff];
  });
  // Java hands back an IPv4-mapped address (::ffff:a00:1) as the plain IPv4 address.
  const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

function compareBytes(left: readonly number[], right: readonly number[]): number {
  for (let index = 0; index < left.length; index++) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

function sameBytes(left: readonly number[] | undefined, right: readonly number[]): boolean {
  return left !== undefined && left.length === right.length && compareBytes(left, right) === 0;
}

// ---------------------------------------------------------------------------------------------------------
// Flattening and matching events
// ---------------------------------------------------------------------------------------------------------

/** Which element of each enclosing array (by array id) a field came from. */
type Membership = ReadonlyMap<number, number>;

interface EventField {
  readonly value: Leaf;
  readonly membership: Membership;
}

/** The event's leaf fields by dotted path, as Event Ruler flattens it. */
function flattenEvent(event: unknown): ReadonlyMap<string, readonly EventField[]> {
  const root = toJson(event, (message) => new TypeError(message));
  if (!isJsonObject(root)) throw new TypeError("Event must be a JSON object");
  const fields = new Map<string, EventField[]>();
  let arrayCount = 0;
  const addLeaf = (path: string, value: Leaf, membership: Membership) => {
    const existing = fields.get(path);
    if (existing === undefined) fields.set(path, [{ value, membership }]);
    else existing.push({ value, membership });
  };
  const visit = (value: unknown, path: string, membership: Membership): void => {
    if (isJsonArray(value)) {
      const arrayId = arrayCount++;
      for (const [index, element] of value.entries()) {
        // Only nested objects and arrays record which element they came from; scalars are plain values.
        if (typeof element === "object" && element !== null) {
          visit(element, path, new Map(membership).set(arrayId, index));
        } else {
          visit(element, path, membership);
        }
      }
    } else if (isJsonObject(value)) {
      for (const [key, child] of Object.entries(value))
        visit(child, path === "" ? key : `${path}.${key}`, membership);
    } else if (isLeaf(value)) {
      addLeaf(path, value, membership);
    }
  };
  visit(root, "", new Map());
  return fields;
}

/**
 * Tries every way of satisfying the sub-rule's paths, in sorted order, with fields whose array memberships are
 * consistent with those already chosen. `exists: false` is satisfied when no consistent field has the path.
 */
function matchesSubRule(subRule: SubRule, fields: ReadonlyMap<string, readonly EventField[]>): boolean {
  const steps = [...subRule].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  const satisfy = (index: number, membership: Membership): boolean => {
    if (index === steps.length) return true;
    const [path, matcher] = steps[index];
    const candidates = fields.get(path) ?? [];
    const absent = candidates.every((field) => merge(membership, field.membership) === undefined);
    if (matcher.absentMatches && absent && satisfy(index + 1, membership)) return true;
    return candidates.some((field) => {
      const merged = merge(membership, field.membership);
      return (
        merged !== undefined && matcher.tests.some((test) => test(field.value)) && satisfy(index + 1, merged)
      );
    });
  };
  return satisfy(0, new Map());
}

/** The union of two memberships, or undefined when they disagree about an array's element. */
function merge(left: Membership, right: Membership): Membership | undefined {
  if (right.size === 0) return left;
  const merged = new Map(left);
  for (const [arrayId, index] of right) {
    const existing = merged.get(arrayId);
    if (existing !== undefined && existing !== index) return undefined;
    merged.set(arrayId, index);
  }
  return merged;
}

// ---------------------------------------------------------------------------------------------------------
// JSON helpers
// ---------------------------------------------------------------------------------------------------------

/**
 * Round-trips input through JSON so both sides are exactly what EventBridge would receive (undefined members
 * dropped, Dates as strings). Strings are taken to be JSON text already.
 */
function toJson(input: unknown, error: (message: string) => Error): unknown {
  let text: string | undefined;
  try {
    text = typeof input === "string" ? input : JSON.stringify(input);
  } catch (cause) {
    throw error(`not serializable as JSON: ${String(cause)}`);
  }
  if (text === undefined) throw error("not serializable as JSON");
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw error(`not valid JSON: ${String(cause)}`);
  }
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Array.isArray, but typed `unknown[]` rather than `any[]`. */
function isJsonArray(value: unknown): value is readonly unknown[] {
  return Array.isArray(value);
}

function isLeaf(value: unknown): value is Leaf {
  return (
    value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean"
  );
}
