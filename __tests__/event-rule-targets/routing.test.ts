import { validateDetail } from "../../lambda-src/event-consumer/detail";
import { STATE_NAMES } from "../../stacks/event-rule-targets/state-machine-definition";
import {
  customEvent,
  INTEGRATION_DETAIL_TYPES,
  INVALID_INTEGRATION_DETAILS,
  otherDetailTypeEvent,
  otherSourceEvent,
  startLambdaFunctionEvent,
  startStateMachineEvent,
  VALID_INTEGRATION_DETAIL,
} from "../fixtures/events";
import { type ChoiceState, nextState } from "../support/asl-choice";
import { aslValidator } from "../support/asl-validator";
import { resource, synthesize, synthesizedOnce, testConfig } from "../support/synth";
import {
  busOf,
  definitionOf,
  eventFromEntry,
  putEventsEntries,
  regionOf,
  STACK,
  targetsReached,
} from "./synthesized";

const SFN_TARGET = "aws_cloudwatch_event_target.state-machine-target";
const LAMBDA_TARGET = "aws_cloudwatch_event_target.lambda-function-target";

/** Each configuration once per file: the tests only read what was synthesized. */
const synthesizedWith = synthesizedOnce((settings: Record<string, unknown>) =>
  synthesize({ stacks: [STACK], config: testConfig({ stacks: { [STACK]: settings } }) }),
);
const synthWith = (settings: Record<string, unknown> = {}) => synthesizedWith(settings).json(STACK);

describe("rules, as synthesized, against sample events", () => {
  const stack = synthWith();

  test("the fixtures use the detail-types the stack routes by default", () => {
    expect([...INTEGRATION_DETAIL_TYPES]).toEqual(["start-state-machine", "start-lambda-function"]);
  });

  test("start-state-machine reaches exactly the state machine target", () => {
    expect(targetsReached(stack, startStateMachineEvent)).toEqual([SFN_TARGET]);
    expect(resource(stack, "aws_cloudwatch_event_target", "state-machine-target").arn).toBe(
      "${aws_sfn_state_machine.state-machine.arn}",
    );
  });

  test("start-lambda-function reaches exactly the function target", () => {
    expect(targetsReached(stack, startLambdaFunctionEvent)).toEqual([LAMBDA_TARGET]);
    expect(resource(stack, "aws_cloudwatch_event_target", "lambda-function-target").arn).toBe(
      "${aws_lambda_function.consumer_function.arn}",
    );
  });

  test("another detail-type from the same source reaches nothing", () => {
    expect(targetsReached(stack, otherDetailTypeEvent)).toEqual([]);
  });

  test("a routed detail-type from another source reaches nothing", () => {
    expect(targetsReached(stack, otherSourceEvent)).toEqual([]);
    expect(
      targetsReached(
        stack,
        customEvent("start-lambda-function", VALID_INTEGRATION_DETAIL, "com.example.billing"),
      ),
    ).toEqual([]);
  });

  test("an AWS service event with a look-alike detail-type reaches nothing", () => {
    expect(
      targetsReached(stack, customEvent("start-state-machine", VALID_INTEGRATION_DETAIL, "aws.ec2")),
    ).toEqual([]);
  });

  // The rules do not filter on the detail: invalid requests must fail visibly at the targets.
  test.each(Object.entries(INVALID_INTEGRATION_DETAILS))(
    "an event with %s still reaches its target",
    (_n, detail) => {
      expect(targetsReached(stack, customEvent("start-state-machine", detail))).toEqual([SFN_TARGET]);
      expect(targetsReached(stack, customEvent("start-lambda-function", detail))).toEqual([LAMBDA_TARGET]);
    },
  );

  test("events put on another bus reach nothing", () => {
    expect(targetsReached(stack, startStateMachineEvent, "some-other-bus")).toEqual([]);
  });
});

describe("rules with configured sources and detail-types", () => {
  const stack = synthWith({
    sources: ["com.example.orders", "com.example.billing"],
    stateMachineDetailType: "order-placed",
    lambdaDetailType: "invoice-issued",
  });

  test.each(["com.example.orders", "com.example.billing"])(
    "each detail-type from %s reaches its target",
    (source) => {
      expect(targetsReached(stack, customEvent("order-placed", VALID_INTEGRATION_DETAIL, source))).toEqual([
        SFN_TARGET,
      ]);
      expect(targetsReached(stack, customEvent("invoice-issued", VALID_INTEGRATION_DETAIL, source))).toEqual([
        LAMBDA_TARGET,
      ]);
    },
  );

  test("the default source and detail-types no longer match", () => {
    expect(targetsReached(stack, startStateMachineEvent)).toEqual([]);
    expect(targetsReached(stack, startLambdaFunctionEvent)).toEqual([]);
    expect(targetsReached(stack, customEvent("order-placed", VALID_INTEGRATION_DETAIL))).toEqual([]);
  });
});

describe("rules on a custom bus", () => {
  const stack = synthWith({ customEventBus: true });

  test("events on the custom bus reach their targets; the same events on the default bus reach nothing", () => {
    expect(targetsReached(stack, startStateMachineEvent, "integ-dev-event-rule-targets")).toEqual([
      SFN_TARGET,
    ]);
    expect(targetsReached(stack, startLambdaFunctionEvent, "integ-dev-event-rule-targets")).toEqual([
      LAMBDA_TARGET,
    ]);
    expect(targetsReached(stack, startStateMachineEvent)).toEqual([]);
    expect(targetsReached(stack, startLambdaFunctionEvent)).toEqual([]);
  });
});

describe("the synthesized state machine definition", () => {
  const definition = definitionOf(synthWith());
  const choice = definition.States[STATE_NAMES.validateDetail] as unknown as ChoiceState;
  const task = definition.States[STATE_NAMES.processEvent];

  test("is valid Amazon States Language", () => {
    // The validator mutates its argument.
    const result = aslValidator(structuredClone(definition), { checkPaths: true, checkArn: true });
    expect(result.errorsText()).toBe("");
    expect(result.isValid).toBe(true);
  });

  test("invokes this stack's function, by Terraform reference, with the payload the function expects", () => {
    expect(task?.Parameters).toEqual({
      FunctionName: "${aws_lambda_function.consumer_function.arn}",
      Payload: { invokedBy: "state-machine", "executionId.$": "$$.Execution.Id", "event.$": "$" },
    });
  });

  test("a valid start-state-machine event goes on to ProcessEvent", () => {
    expect(definition.States[STATE_NAMES.validateDetail]?.Type).toBe("Choice");
    expect(nextState(choice, startStateMachineEvent)).toBe(STATE_NAMES.processEvent);
  });

  test.each(Object.entries(INVALID_INTEGRATION_DETAILS))(
    "a detail with %s goes to InvalidDetail",
    (_n, detail) => {
      expect(nextState(choice, customEvent("start-state-machine", detail))).toBe(STATE_NAMES.invalidDetail);
      // The function agrees: the gate never lets through what the contract rejects for these cases.
      expect(validateDetail(detail).valid).toBe(false);
    },
  );
});

describe("the put-events examples", () => {
  test.each([
    ["default bus", {}, "default"],
    ["custom bus", { customEventBus: true }, "integ-dev-event-rule-targets"],
    ["several sources", { sources: ["com.example.orders", "com.example.billing"] }, "default"],
  ])(
    "on the %s, each example is one entry its own rule delivers to its own target only",
    (_label, settings, bus) => {
      const stack = synthWith(settings);
      for (const [output, target] of [
        ["put_events_state_machine", SFN_TARGET],
        ["put_events_lambda_function", LAMBDA_TARGET],
      ] as const) {
        const command: string = stack.output[output].value;
        expect(regionOf(command)).toBe("us-east-1");
        const entries = putEventsEntries(command);
        expect(entries).toHaveLength(1);
        const [entry] = entries;
        if (!entry) throw new Error("no entry");
        expect(entry.EventBusName ?? "default").toBe(bus);
        expect(targetsReached(stack, eventFromEntry(entry), entry.EventBusName ?? "default")).toEqual([
          target,
        ]);
        expect(validateDetail(JSON.parse(entry.Detail)).valid).toBe(true);
      }
    },
  );

  test("the custom bus the example names is the bus the rules are on", () => {
    const stack = synthWith({ customEventBus: true });
    const [entry] = putEventsEntries(stack.output.put_events_state_machine.value);
    const rule = resource(stack, "aws_cloudwatch_event_rule", "state-machine-rule");
    expect(entry?.EventBusName).toBe(busOf(stack, rule.event_bus_name));
  });
});
