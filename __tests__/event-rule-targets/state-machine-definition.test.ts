import { validateDetail } from "../../lambda-src/event-consumer/detail";
import {
  INVALID_DETAIL_ERROR,
  LAMBDA_TRANSIENT_ERRORS,
  STATE_NAMES,
  type StateMachineDefinition,
  stateMachineDefinition,
} from "../../stacks/event-rule-targets/state-machine-definition";
import { type ChoiceState, nextState } from "../support/asl-choice";
import { aslValidator } from "../support/asl-validator";

const FUNCTION_ARN = "arn:aws:lambda:eu-west-1:123456789012:function:event-consumer";
const FUNCTION_TOKEN = "${aws_lambda_function.event-consumer.arn}";

const definition = stateMachineDefinition({ functionArn: FUNCTION_ARN });

/** One state as ASL data: the definition is JSON, and asl-validator (below) checks its shape. */
// biome-ignore lint/suspicious/noExplicitAny: ASL states are untyped JSON by design
type State = Record<string, any>;

function stateOf(name: string, type: string): State {
  const state: State | undefined = definition.States[name];
  if (state?.Type !== type) throw new Error(`${name} is not a ${type} state`);
  return state;
}

const choice = stateOf(STATE_NAMES.validateDetail, "Choice") as ChoiceState;
const task = stateOf(STATE_NAMES.processEvent, "Task");

/** A "start-state-machine" event as EventBridge delivers it to the state machine. */
function event(detail?: unknown): Record<string, unknown> {
  return {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "start-state-machine",
    source: "com.example.orders",
    account: "123456789012",
    time: "2024-05-01T12:00:00Z",
    region: "eu-west-1",
    resources: [],
    ...(detail === undefined ? {} : { detail }),
  };
}

/** The states a state can move to: Next, Choice targets and Default, Catch targets. */
function successors(state: State): string[] {
  switch (state.Type) {
    case "Choice":
      return [...state.Choices.map((rule: State) => rule.Next), ...(state.Default ? [state.Default] : [])];
    case "Task":
      return [
        ...(state.Next ? [state.Next] : []),
        ...(state.Catch ?? []).map((catcher: State) => catcher.Next),
      ];
    case "Pass":
      return state.Next ? [state.Next] : [];
    default:
      return [];
  }
}

/** The same validation the deployed definition gets, on a copy: the validator mutates its argument. */
function validate(candidate: StateMachineDefinition) {
  return aslValidator(structuredClone(candidate), { checkPaths: true, checkArn: true });
}

describe("stateMachineDefinition", () => {
  it.each([
    ["an ARN", FUNCTION_ARN],
    ["a Terraform token", FUNCTION_TOKEN],
  ])("is valid Amazon States Language with %s as the function", (_label, functionArn) => {
    const result = validate(stateMachineDefinition({ functionArn }));
    expect(result.errorsText()).toBe("");
    expect(result.isValid).toBe(true);
  });

  it("would be rejected by the validator if it broke the language", () => {
    // Guards the test above against a validator that accepts anything: a Fail state may not have both.
    const broken = {
      ...definition,
      States: {
        ...definition.States,
        [STATE_NAMES.invalidDetail]: { Type: "Fail", Error: "A", ErrorPath: "$.a" },
      },
    } as unknown as StateMachineDefinition;
    expect(validate(broken).isValid).toBe(false);
  });

  it("is plain JSON data that survives serialisation unchanged", () => {
    expect(JSON.parse(JSON.stringify(definition))).toEqual(definition);
  });

  it("embeds the function ARN as given", () => {
    const withToken = stateMachineDefinition({ functionArn: FUNCTION_TOKEN });
    expect(JSON.stringify(withToken)).toContain(JSON.stringify(FUNCTION_TOKEN));
  });

  it("starts at ValidateDetail, and every state is reachable", () => {
    expect(definition.StartAt).toBe(STATE_NAMES.validateDetail);
    const reached = new Set<string>();
    const visit = (name: string): void => {
      if (reached.has(name)) return;
      reached.add(name);
      const state = definition.States[name];
      if (!state) throw new Error(`Transition to missing state ${name}`);
      for (const target of successors(state)) visit(target);
    };
    visit(definition.StartAt);
    expect([...reached].sort()).toEqual(Object.keys(definition.States).sort());
    expect(Object.keys(definition.States).sort()).toEqual(Object.values(STATE_NAMES).sort());
  });

  it("has a Comment on the machine and on every state", () => {
    expect(definition.Comment).toEqual(expect.any(String));
    for (const state of Object.values(definition.States)) expect(state.Comment).toEqual(expect.any(String));
  });

  it("fails invalid details with a fixed error and cause", () => {
    const fail = stateOf(STATE_NAMES.invalidDetail, "Fail");
    expect(fail).toMatchObject({
      Error: INVALID_DETAIL_ERROR,
      Cause: expect.stringMatching(/requestId.*action/),
    });
  });

  it("invokes the function through the optimised Lambda integration with the documented payload", () => {
    expect(task).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: {
        FunctionName: FUNCTION_ARN,
        Payload: { invokedBy: "state-machine", "executionId.$": "$$.Execution.Id", "event.$": "$" },
      },
      ResultSelector: { "summary.$": "$.Payload" },
      ResultPath: "$.result",
      TimeoutSeconds: 60,
      Next: STATE_NAMES.done,
    });
  });

  it("retries only transient Lambda errors, with backoff", () => {
    expect(task.Retry).toEqual([
      expect.objectContaining({
        ErrorEquals: [
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException",
        ],
        IntervalSeconds: expect.any(Number),
        MaxAttempts: expect.any(Number),
        BackoffRate: expect.any(Number),
      }),
    ]);
    const [retrier] = task.Retry ?? [];
    expect(retrier?.BackoffRate).toBeGreaterThan(1);
    expect(retrier?.ErrorEquals).toEqual([...LAMBDA_TRANSIENT_ERRORS]);
  });

  it("catches every other error, keeps it next to the event, and fails with it", () => {
    expect(task.Catch).toEqual([
      { ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: STATE_NAMES.processingFailed },
    ]);
    const fail = stateOf(STATE_NAMES.processingFailed, "Fail");
    expect(fail).toMatchObject({ ErrorPath: "$.error.Error", CausePath: "$.error.Cause" });
  });

  it("ends in a Succeed state", () => {
    expect(stateOf(STATE_NAMES.done, "Succeed")).toBeDefined();
  });
});

describe("ValidateDetail routing", () => {
  const valid = { requestId: "req-1", action: "reindex" };

  it.each<[string, unknown]>([
    ["a minimal detail", valid],
    ["a detail with a payload", { ...valid, payload: { orderId: 42 } }],
    ["a detail with the full requestId alphabet", { requestId: "A-z_0.9:x", action: "a" }],
  ])("sends %s to ProcessEvent", (_label, detail) => {
    expect(nextState(choice, event(detail))).toBe(STATE_NAMES.processEvent);
  });

  it.each<[string, unknown]>([
    ["a missing detail", undefined],
    ["a null detail", null],
    ["a string detail", "req-1"],
    ["an empty detail", {}],
    ["a missing requestId", { action: "reindex" }],
    ["a number requestId", { requestId: 42, action: "reindex" }],
    ["a null requestId", { requestId: null, action: "reindex" }],
    ["an empty requestId", { requestId: "", action: "reindex" }],
    ["a missing action", { requestId: "req-1" }],
    ["an empty action", { requestId: "req-1", action: "" }],
    ["an object action", { requestId: "req-1", action: { name: "reindex" } }],
  ])("sends %s to InvalidDetail", (_label, detail) => {
    expect(nextState(choice, event(detail))).toBe(STATE_NAMES.invalidDetail);
  });

  // The gate is coarse by design: the function enforces lengths and characters and throws
  // InvalidDetailError, which the Catch turns into ProcessingFailed. The gate must never be stricter.
  it.each<[string, unknown]>([
    ["an overlong requestId", { requestId: "r".repeat(65), action: "reindex" }],
    ["a requestId with a space", { requestId: "req 1", action: "reindex" }],
    ["an array payload", { ...valid, payload: [1] }],
    ["an unknown field", { ...valid, extra: true }],
  ])("passes %s to the function, which rejects it", (_label, detail) => {
    expect(nextState(choice, event(detail))).toBe(STATE_NAMES.processEvent);
    expect(validateDetail(detail).valid).toBe(false);
  });
});
