/**
 * Stands in for AWS Step Functions' Choice state (JSONPath query language), so tests can see which branch an
 * input takes without deploying. It models exactly the operators the stacks' Choice states use (And, Or, Not,
 * IsPresent, the Is<Type> tests, StringEquals) on dot-notation Reference Paths, and refuses anything else, so a
 * definition that starts using more fails here first instead of being evaluated wrongly. As the spec says:
 * - And/Or evaluate in order and stop once the result is known;
 * - IsPresent is the only operator that tolerates a Variable matching nothing; any other operator on a
 *   missing field raises States.Runtime, as Step Functions does;
 * - a comparison whose value is not of the operator's type is false.
 * @see https://states-language.net/spec.html#choice-state
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-choice.html
 */

/** A Choice rule: a Boolean expression (And, Or, Not) or a Data-test expression (Variable and one operator). */
export type ChoiceRule = { readonly [field: string]: unknown };

/** The fields of a Choice state this stand-in reads. */
export interface ChoiceState {
  readonly Choices: readonly ChoiceRule[];
  readonly Default?: string;
}

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

/** Applies a dot-notation Reference Path (`$`, `$.a.b`) to `input`; other path syntax is not modelled. */
export function lookupPath(path: string, input: unknown): PathLookup {
  if (!/^\$(\.[A-Za-z0-9_-]+)*$/.test(path)) throw new Error(`Reference Path not modelled: ${path}`);
  let current: unknown = input;
  for (const field of path.split(".").slice(1)) {
    if (!isObject(current) || !Object.hasOwn(current, field)) return { found: false };
    current = current[field];
  }
  return { found: true, value: current };
}

/** The state a Choice state moves to for `input`: the first matching rule's Next, else Default. */
export function nextState(state: ChoiceState, input: unknown): string {
  for (const rule of state.Choices) {
    if (evaluateRule(rule, input)) return String(rule.Next);
  }
  if (state.Default !== undefined) return state.Default;
  throw new StatesError("States.NoChoiceMatched", "No Choice Rule matched and there is no Default.");
}

/** Evaluates one Choice rule against the state's input. */
export function evaluateRule(rule: ChoiceRule, input: unknown): boolean {
  if ("And" in rule) return nonEmpty(rule.And, "And").every((nested) => evaluateRule(nested, input));
  if ("Or" in rule) return nonEmpty(rule.Or, "Or").some((nested) => evaluateRule(nested, input));
  if ("Not" in rule) return !evaluateRule(rule.Not as ChoiceRule, input);
  return evaluateDataTest(rule, input);
}

const TYPE_TESTS: Readonly<Record<string, (value: unknown) => boolean>> = {
  IsNull: (value) => value === null,
  IsNumeric: (value) => typeof value === "number",
  IsString: (value) => typeof value === "string",
  IsBoolean: (value) => typeof value === "boolean",
};

function evaluateDataTest(rule: ChoiceRule, input: unknown): boolean {
  const operators = Object.keys(rule).filter((key) => key !== "Variable" && key !== "Next");
  const [operator = ""] = operators;
  if (operators.length !== 1 || typeof rule.Variable !== "string") {
    throw new Error(
      `A Data-test Expression needs a Variable and exactly one operator: ${JSON.stringify(rule)}`,
    );
  }
  const expected = rule[operator];
  const variable = lookupPath(rule.Variable, input);
  if (operator === "IsPresent") return variable.found === requireType(expected, "boolean", operator);
  const typeTest = TYPE_TESTS[operator];
  if (operator !== "StringEquals" && !typeTest) throw new Error(`Choice operator not modelled: ${operator}`);
  if (!variable.found) {
    throw new StatesError(
      "States.Runtime",
      `Invalid path '${rule.Variable}': The choice state's condition path references an invalid value.`,
    );
  }
  if (typeTest) return typeTest(variable.value) === requireType(expected, "boolean", operator);
  return variable.value === requireType(expected, "string", operator);
}

/** An operator's literal; a wrong type is a definition error, not a runtime one. */
function requireType<T extends "boolean" | "string">(value: unknown, type: T, operator: string) {
  if (typeof value !== type) throw new Error(`${operator} needs a ${type}, got ${JSON.stringify(value)}`);
  return value as T extends "boolean" ? boolean : string;
}

function nonEmpty(rules: unknown, operator: string): ChoiceRule[] {
  if (!Array.isArray(rules) || rules.length === 0)
    throw new Error(`${operator} needs a non-empty array of Choice Rules`);
  return rules;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
