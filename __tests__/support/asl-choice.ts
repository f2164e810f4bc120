import type {
  ChoiceCondition,
  ChoiceState,
  DataTestExpression,
} from "../../stacks/event-rule-targets/state-machine-definition";

/**
 * A small, faithful evaluator of Amazon States Language Choice rules (JSONPath query language), so tests can
 * see which branch an input takes without deploying. It follows the spec:
 * - And/Or evaluate in order and stop once the result is known;
 * - IsPresent is the only operator that tolerates a Variable matching nothing; any other operator on a
 *   missing field raises States.Runtime, as Step Functions does;
 * - comparisons whose values are not both of the operator's type are false;
 * - StringMatches treats only `*` as special, with `\*` and `\\` as escapes and an open escape an error.
 * @see https://states-language.net/spec.html#choice-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */

/** A runtime error of the state machine, named like the Step Functions error it stands for. */
export class StatesError extends Error {
  override readonly name: "States.Runtime" | "States.NoChoiceMatched";

  constructor(name: StatesError["name"], message: string) {
    super(message);
    this.name = name;
  }
}

/** The result of applying a Reference Path: the selected value, or nothing. */
export type PathLookup = { readonly found: true; readonly value: unknown } | { readonly found: false };

/** One step of a Reference Path: an object field or an array index. */
type PathStep = { readonly field: string } | { readonly index: number };

/**
 * Applies a Reference Path (`$`, `$.a.b`, `$.a[0]`, `$['a']`, with `\` escaping in dot names) to `input`.
 * Throws on syntax that Reference Paths do not allow (filters, wildcards, slices, recursive descent).
 */
export function lookupPath(path: string, input: unknown): PathLookup {
  let current: unknown = input;
  for (const step of parseReferencePath(path)) {
    if ("field" in step) {
      if (!isObject(current) || !Object.hasOwn(current, step.field)) return { found: false };
      current = current[step.field];
    } else {
      if (!Array.isArray(current) || step.index >= current.length) return { found: false };
      current = current[step.index];
    }
  }
  return { found: true, value: current };
}

/** The state a Choice state moves to for `input`: the first matching rule's Next, else Default. */
export function nextState(state: ChoiceState, input: unknown): string {
  const effectiveInput = applyInputPath(state.InputPath, input);
  for (const rule of state.Choices) {
    if (evaluateRule(rule, effectiveInput)) return rule.Next;
  }
  if (state.Default !== undefined) return state.Default;
  throw new StatesError("States.NoChoiceMatched", "No Choice Rule matched and there is no Default.");
}

/** Evaluates one Choice rule (Boolean or Data-test expression) against the state's effective input. */
export function evaluateRule(rule: ChoiceCondition, input: unknown): boolean {
  if ("And" in rule) {
    requireNonEmpty(rule.And, "And");
    return rule.And.every((nested) => evaluateRule(nested, input));
  }
  if ("Or" in rule) {
    requireNonEmpty(rule.Or, "Or");
    return rule.Or.some((nested) => evaluateRule(nested, input));
  }
  if ("Not" in rule) return !evaluateRule(rule.Not, input);
  return evaluateDataTest(rule, input);
}

const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === "number",
  IsString: (value) => typeof value === "string",
  IsBoolean: (value) => typeof value === "boolean",
  IsTimestamp: (value) => typeof value === "string" && timestampMillis(value) !== undefined,
};

/** Turns a sign (negative, zero, positive) into the comparison's verdict. */
const ORDERINGS: Readonly<Record<string, (sign: number) => boolean>> = {
  Equals: (sign) => sign === 0,
  LessThan: (sign) => sign < 0,
  GreaterThan: (sign) => sign > 0,
  LessThanEquals: (sign) => sign <= 0,
  GreaterThanEquals: (sign) => sign >= 0,
};

/** Orders two values of one family, or returns undefined when either is not of that family's type. */
const FAMILIES: Readonly<Record<string, (left: unknown, right: unknown) => number | undefined>> = {
  String: (left, right) =>
    typeof left === "string" && typeof right === "string" ? compareCodeUnits(left, right) : undefined,
  Numeric: (left, right) =>
    typeof left === "number" && typeof right === "number" ? Math.sign(left - right) : undefined,
  Boolean: (left, right) =>
    typeof left === "boolean" && typeof right === "boolean" ? (left === right ? 0 : 1) : undefined,
  Timestamp: (left, right) => {
    const leftMillis = typeof left === "string" ? timestampMillis(left) : undefined;
    const rightMillis = typeof right === "string" ? timestampMillis(right) : undefined;
    return leftMillis === undefined || rightMillis === undefined
      ? undefined
      : Math.sign(leftMillis - rightMillis);
  },
};

/** The JSON type of each family's literal operand (a timestamp literal is a string). */
const LITERAL_TYPES: Readonly<Record<string, string>> = {
  String: "string",
  Numeric: "number",
  Boolean: "boolean",
  Timestamp: "string",
};

const COMPARISON_OPERATOR =
  /^(String|Numeric|Timestamp|Boolean)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals)(Path)?$/;

function evaluateDataTest(rule: DataTestExpression, input: unknown): boolean {
  const fields: Readonly<Record<string, unknown>> = rule;
  const operators = Object.keys(fields).filter((key) => key !== "Variable" && key !== "Next");
  if (operators.length !== 1) {
    throw new Error(
      `A Data-test Expression needs exactly one operator, got: ${operators.join(", ") || "none"}`,
    );
  }
  const operator = operators[0] as string;
  const expected = fields[operator];
  const variable = lookupPath(rule.Variable, input);

  if (operator === "IsPresent") return variable.found === requireBoolean(expected, operator);
  if (!variable.found) {
    throw new StatesError(
      "States.Runtime",
      `Invalid path '${rule.Variable}': The choice state's condition path references an invalid value.`,
    );
  }

  const typeTest = TYPE_TESTS[operator];
  if (typeTest) return typeTest(variable.value) === requireBoolean(expected, operator);

  if (operator === "StringMatches") {
    const pattern = compileStringMatches(requireString(expected, operator));
    return typeof variable.value === "string" && pattern.test(variable.value);
  }

  const [, family = "", ordering = "", viaPath] = COMPARISON_OPERATOR.exec(operator) ?? [];
  const orderOf = FAMILIES[family];
  const verdict = ORDERINGS[ordering];
  // Booleans have no order: BooleanEquals(Path) is their only comparison.
  if (!orderOf || !verdict || (family === "Boolean" && ordering !== "Equals")) {
    throw new Error(`Unknown Choice operator ${operator}`);
  }

  if (!viaPath && typeof expected !== LITERAL_TYPES[family]) {
    throw new Error(`${operator} needs a ${LITERAL_TYPES[family]}, got ${JSON.stringify(expected)}`);
  }
  const other = viaPath ? resolveComparand(requireString(expected, operator), input) : expected;
  const sign = orderOf(variable.value, other);
  return sign !== undefined && verdict(sign);
}

/** The value a `...Path` operator compares against; a path that matches nothing is a runtime error. */
function resolveComparand(path: string, input: unknown): unknown {
  const comparand = lookupPath(path, input);
  if (!comparand.found) {
    throw new StatesError(
      "States.Runtime",
      `Invalid path '${path}': The choice state's path references nothing.`,
    );
  }
  return comparand.value;
}

/** StringMatches: only `*` is a wildcard; `\*` and `\\` are literal; any other backslash is an open escape. */
export function compileStringMatches(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === "*") {
      source += "[\\s\\S]*";
    } else if (char === "\\") {
      const escaped = pattern.charAt(i + 1);
      if (escaped !== "*" && escaped !== "\\") {
        throw new StatesError(
          "States.Runtime",
          `Open escape '\\' at index ${i} of StringMatches "${pattern}"`,
        );
      }
      source += escapeRegExp(escaped);
      i++;
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

/** Epoch milliseconds of an RFC 3339 timestamp with an uppercase T and Z (or numeric offset), else undefined. */
export function timestampMillis(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(
    text,
  );
  if (!match) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map(Number);
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const inRange =
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59 &&
    offsetHours <= 23 &&
    offsetMinutes <= 59;
  if (!inRange) return undefined;
  const fraction = match[7] ? Math.floor(Number(match[7]) * 1000) : 0;
  const offset = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes) * 60_000;
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offset;
}

/** Splits a Reference Path into steps, rejecting operators Reference Paths do not allow. */
export function parseReferencePath(path: string): PathStep[] {
  if (!path.startsWith("$") || path.startsWith("$$")) {
    throw new Error(`Not a Reference Path to the state input: ${path}`);
  }
  const steps: PathStep[] = [];
  let i = 1;
  while (i < path.length) {
    if (path.charAt(i) === ".") {
      let field = "";
      i++;
      while (i < path.length && path.charAt(i) !== "." && path.charAt(i) !== "[") {
        // A backslash makes the next character part of the name, as in `$.store\.book`.
        if (path.charAt(i) === "\\" && i + 1 < path.length) i++;
        field += path.charAt(i);
        i++;
      }
      if (field === "" || field === "*" || field === "..")
        throw new Error(`Unsupported Reference Path: ${path}`);
      steps.push({ field });
    } else if (path.charAt(i) === "[") {
      const close = path.indexOf("]", i);
      const inside = close === -1 ? "" : path.slice(i + 1, close);
      const quoted = /^'([^']*)'$/.exec(inside);
      if (quoted) steps.push({ field: quoted[1] as string });
      else if (/^\d+$/.test(inside)) steps.push({ index: Number(inside) });
      else throw new Error(`Unsupported Reference Path: ${path}`);
      i = close + 1;
    } else {
      throw new Error(`Unsupported Reference Path: ${path}`);
    }
  }
  return steps;
}

/** Choice InputPath: absent means `$`, null means `{}`, a path that matches nothing is a runtime error. */
function applyInputPath(inputPath: string | null | undefined, input: unknown): unknown {
  if (inputPath === undefined) return input;
  if (inputPath === null) return {};
  const selected = lookupPath(inputPath, input);
  if (!selected.found) throw new StatesError("States.Runtime", `Invalid InputPath '${inputPath}'`);
  return selected.value;
}

/** The literal of a boolean operator; a wrong type is a definition error, not a runtime one. */
function requireBoolean(value: unknown, operator: string): boolean {
  if (typeof value !== "boolean")
    throw new Error(`${operator} needs a boolean, got ${JSON.stringify(value)}`);
  return value;
}

/** The literal of a string operator (or a `...Path` operator's path). */
function requireString(value: unknown, operator: string): string {
  if (typeof value !== "string") throw new Error(`${operator} needs a string, got ${JSON.stringify(value)}`);
  return value;
}

function requireNonEmpty(rules: readonly unknown[], operator: string): void {
  if (rules.length === 0) throw new Error(`${operator} needs a non-empty array of Choice Rules`);
}

/** Character-by-character (UTF-16 code unit) order, as the spec asks: no locale, case or normalisation. */
function compareCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
