import jsonata from "jsonata";

/**
 * A stand-in for AWS Step Functions running an Express workflow written in the JSONata query language, for
 * exactly the states the dynamodb-pipes-momento workflow uses: Map (INLINE, MaxConcurrency 1), Pass, Choice,
 * Task (HTTP Task and SQS SendMessage, answered by the test's handlers) with Retry and Output, and Fail.
 * Every `{% ... %}` expression is evaluated by the JSONata reference implementation (the `jsonata` package,
 * 2.x); only the state machine around the expressions is written here, following the Step Functions docs:
 * - `$states.input` is the state's input; in Output, `$states.result` is the Task or Map result;
 * - an expression that yields nothing (undefined) where a value is needed is States.QueryEvaluationError,
 *   and so is a Choice Condition that is not a boolean;
 * - no Choice matched and no Default is States.NoChoiceMatched;
 * - Retry matches the error name (or States.ALL), up to MaxAttempts; the waits (IntervalSeconds × BackoffRate^n)
 *   are recorded, not slept;
 * - a Map with MaxConcurrency 1 runs its items one at a time in array order and fails with the first failure.
 * Why not a packaged interpreter: aws-local-stepfunctions (3.0.0, the only published version) requires
 * Node >= 22, and this project supports Node 20.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */

// biome-ignore lint/suspicious/noExplicitAny: ASL and its data are untyped JSON by nature
type Json = any;

/** A failed state, named like the Step Functions error. */
export class StatesError extends Error {
  constructor(
    readonly error: string,
    override readonly cause: string,
  ) {
    super(`${error}: ${cause}`);
    this.name = "StatesError";
  }
}

/** What a Task's resource does: the Arguments in, the result out (or a thrown StatesError). */
export type TaskHandler = (resource: string, args: Json) => Promise<Json>;

export interface ExecutionTrace {
  /** Every state entered, in order (Map iterations included). */
  readonly states: string[];
  /** Every retry: the state, the error, and the wait Step Functions would have made. */
  readonly retries: { state: string; error: string; waitSeconds: number }[];
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/**
 * Each expression parsed once per test file: parsing was most of the engine's CPU, and the tests run the same
 * few expressions for every record. JSONata's documented use is parse once, evaluate many: each evaluate()
 * binds its input and variables in a frame of its own. An expression that does not parse is not kept, so it
 * throws again, inside evaluate's try, on every use.
 */
const parsed = new Map<string, jsonata.Expression>();
function parse(expression: string): jsonata.Expression {
  let compiled = parsed.get(expression);
  if (!compiled) {
    compiled = jsonata(expression);
    parsed.set(expression, compiled);
  }
  return compiled;
}

async function evaluate(text: string, states: Json): Promise<Json> {
  const match = EXPRESSION.exec(text);
  if (!match) return text;
  let result: Json;
  try {
    result = await parse(match[1]).evaluate({}, { states });
  } catch (error) {
    throw new StatesError("States.QueryEvaluationError", (error as Error).message);
  }
  if (result === undefined) {
    throw new StatesError("States.QueryEvaluationError", `${text.trim()} returned no value`);
  }
  // JSONata sequences are arrays with extra flags; Step Functions hands on plain JSON.
  return JSON.parse(JSON.stringify(result));
}

/** Evaluates every `{% %}` string inside a JSON template (Arguments, Output). */
async function render(template: Json, states: Json): Promise<Json> {
  if (typeof template === "string") return evaluate(template, states);
  if (Array.isArray(template)) return Promise.all(template.map((item) => render(item, states)));
  if (template && typeof template === "object") {
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(template)) out[key] = await render(value, states);
    return out;
  }
  return template;
}

async function runTask(name: string, state: Json, input: Json, handler: TaskHandler, trace: ExecutionTrace) {
  const args = state.Arguments === undefined ? input : await render(state.Arguments, { input });
  const retriers: Json[] = state.Retry ?? [];
  const attempts = new Map<Json, number>();
  for (;;) {
    try {
      const result = await handler(state.Resource, args);
      return state.Output === undefined ? result : render(state.Output, { input, result });
    } catch (error) {
      if (!(error instanceof StatesError)) throw error;
      const retrier = retriers.find(
        (r) => r.ErrorEquals.includes(error.error) || r.ErrorEquals.includes("States.ALL"),
      );
      const done = attempts.get(retrier) ?? 0;
      if (!retrier || done >= (retrier.MaxAttempts ?? 3)) throw error;
      attempts.set(retrier, done + 1);
      const waitSeconds = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** done;
      trace.retries.push({ state: name, error: error.error, waitSeconds });
    }
  }
}

async function runChoice(state: Json, input: Json): Promise<string> {
  for (const choice of state.Choices) {
    const verdict = await evaluate(choice.Condition, { input });
    if (typeof verdict !== "boolean") {
      throw new StatesError("States.QueryEvaluationError", `${choice.Condition} is not a boolean`);
    }
    if (verdict) return choice.Next;
  }
  if (state.Default) return state.Default;
  throw new StatesError("States.NoChoiceMatched", "no Choice rule matched and there is no Default");
}

async function runMachine(machine: Json, input: Json, handler: TaskHandler, trace: ExecutionTrace) {
  if (machine.QueryLanguage !== undefined && machine.QueryLanguage !== "JSONata") {
    throw new Error("this stand-in runs JSONata workflows only");
  }
  let name: string = machine.StartAt;
  let current = input;
  for (;;) {
    const state = machine.States[name];
    if (!state) throw new Error(`no state ${name}`);
    trace.states.push(name);
    switch (state.Type) {
      case "Pass":
        current = state.Output === undefined ? current : await render(state.Output, { input: current });
        break;
      case "Choice":
        name = await runChoice(state, current);
        continue;
      case "Task":
        current = await runTask(name, state, current, handler, trace);
        break;
      case "Map": {
        if (state.MaxConcurrency !== 1) throw new Error("this stand-in runs Map with MaxConcurrency 1 only");
        const items = await evaluate(state.Items, { input: current });
        if (!Array.isArray(items)) throw new StatesError("States.QueryEvaluationError", "Items is no array");
        const results: Json[] = [];
        for (const item of items) {
          results.push(
            await runMachine({ QueryLanguage: "JSONata", ...state.ItemProcessor }, item, handler, trace),
          );
        }
        current =
          state.Output === undefined
            ? results
            : await render(state.Output, { input: current, result: results });
        break;
      }
      case "Fail":
        throw new StatesError(state.Error, state.Cause);
      default:
        throw new Error(`this stand-in does not run ${state.Type} states`);
    }
    if (state.End) return current;
    name = state.Next;
  }
}

/** Runs one execution, as StartSyncExecution would: the output, or the error it failed with. */
export async function startSyncExecution(
  definition: Json,
  input: Json,
  handler: TaskHandler,
): Promise<
  | { status: "SUCCEEDED"; output: Json; trace: ExecutionTrace }
  | { status: "FAILED"; error: StatesError; trace: ExecutionTrace }
> {
  const trace: ExecutionTrace = { states: [], retries: [] };
  try {
    // The input arrives as JSON text, as the pipe sends it.
    const output = await runMachine(definition, JSON.parse(JSON.stringify(input)), handler, trace);
    return { status: "SUCCEEDED", output, trace };
  } catch (error) {
    if (error instanceof StatesError) return { status: "FAILED", error, trace };
    throw error;
  }
}
