import { InvalidDetailError, UnrecognizedInputError } from "../../lambda-src/event-consumer/errors";
import { createHandler, handler } from "../../lambda-src/event-consumer/index";
import { createLogger, type LogLevel } from "../../lambda-src/shared/log";

const NOW = new Date("2024-05-01T12:00:05.000Z");
const EXECUTION_ID = "arn:aws:states:eu-west-1:123456789012:execution:event-rule-targets:4f1c";
const CONTEXT = { awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678" };

/** An EventBridge custom event carrying `detail` (left out when undefined). */
function event(detailType: string, detail?: unknown): Record<string, unknown> {
  return {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": detailType,
    source: "com.example.orders",
    account: "123456789012",
    time: "2024-05-01T12:00:00Z",
    region: "eu-west-1",
    resources: [],
    ...(detail === undefined ? {} : { detail }),
  };
}

const ruleEvent = (detail?: unknown) => event("start-lambda-function", detail);
const stateMachineInput = (detail?: unknown) => ({
  invokedBy: "state-machine",
  executionId: EXECUTION_ID,
  event: event("start-state-machine", detail),
});

/** A handler whose log lines are captured, parsed, with a fixed clock. */
function harness() {
  const lines: { level: LogLevel; entry: Record<string, unknown> }[] = [];
  const logger = createLogger({
    now: () => NOW,
    write: (level, line) => lines.push({ level, entry: JSON.parse(line) }),
  });
  return { handle: createHandler(logger), lines };
}

/** The complete log line an invocation writes, with the fields every line has. */
function logLine(fields: Record<string, unknown>): Record<string, unknown> {
  return {
    timestamp: NOW.toISOString(),
    invokedBy: null,
    requestId: null,
    action: null,
    detailType: null,
    source: null,
    eventId: null,
    executionId: null,
    lambdaRequestId: CONTEXT.awsRequestId,
    reason: null,
    ...fields,
  };
}

const envelopeFields = (detailType: string) => ({
  detailType,
  source: "com.example.orders",
  eventId: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
});

/** Each invalid detail, the reason it is refused, and the fields that still identify the request. */
const INVALID_DETAILS: [string, unknown, string, Record<string, string>][] = [
  ["a missing detail", undefined, "detail is missing", {}],
  ["a null detail", null, "detail must be a JSON object (got null)", {}],
  ["an array detail", [], "detail must be a JSON object (got array)", {}],
  ["a missing requestId", { action: "reindex" }, "detail.requestId is missing", { action: "reindex" }],
  [
    "a number requestId",
    { requestId: 42, action: "reindex" },
    "detail.requestId must be a string (got number)",
    { action: "reindex" },
  ],
  [
    "an empty requestId",
    { requestId: "", action: "reindex" },
    "detail.requestId must not be empty",
    { action: "reindex" },
  ],
  [
    "an overlong requestId",
    { requestId: "r".repeat(65), action: "reindex" },
    "detail.requestId must be at most 64 characters (got 65)",
    { action: "reindex" },
  ],
  [
    "a requestId with a forbidden character",
    { requestId: "req/1", action: "reindex" },
    "detail.requestId must contain only letters, digits, '.', '_', ':' and '-'",
    { action: "reindex" },
  ],
  ["a missing action", { requestId: "req-1" }, "detail.action is missing", { requestId: "req-1" }],
  [
    "an empty action",
    { requestId: "req-1", action: "" },
    "detail.action must not be empty",
    { requestId: "req-1" },
  ],
  [
    "a boolean action",
    { requestId: "req-1", action: true },
    "detail.action must be a string (got boolean)",
    { requestId: "req-1" },
  ],
  [
    "an overlong action",
    { requestId: "req-1", action: "😀".repeat(65) },
    "detail.action must be at most 64 characters (got 65)",
    { requestId: "req-1" },
  ],
  [
    "an array payload",
    { requestId: "req-1", action: "reindex", payload: ["a"] },
    "detail.payload must be a JSON object (got array)",
    { requestId: "req-1", action: "reindex" },
  ],
  [
    "a null payload",
    { requestId: "req-1", action: "reindex", payload: null },
    "detail.payload must be a JSON object (got null)",
    { requestId: "req-1", action: "reindex" },
  ],
  [
    "a misspelt field",
    { requestID: "req-1", action: "reindex" },
    "detail.requestId is missing; detail.requestID is not part of the contract",
    { action: "reindex" },
  ],
  [
    "several problems",
    { requestId: 1, action: "" },
    "detail.requestId must be a string (got number); detail.action must not be empty",
    {},
  ],
];

describe("event-consumer invoked by the EventBridge rule", () => {
  it("processes a valid detail and logs one INFO line", async () => {
    const { handle, lines } = harness();
    const result = await handle(ruleEvent({ requestId: "req-1", action: "reindex" }), CONTEXT);

    expect(result).toEqual({
      status: "processed",
      requestId: "req-1",
      action: "reindex",
      invokedBy: "event-rule",
      payloadKeys: [],
    });
    expect(lines).toEqual([
      {
        level: "INFO",
        entry: logLine({
          level: "INFO",
          message: "Processed an event",
          outcome: "processed",
          invokedBy: "event-rule",
          requestId: "req-1",
          action: "reindex",
          ...envelopeFields("start-lambda-function"),
        }),
      },
    ]);
  });

  it("reports the payload's keys, sorted, and accepts the contract's limits", async () => {
    const { handle } = harness();
    const detail = {
      requestId: `A-z_0.9:${"x".repeat(56)}`,
      action: "😀".repeat(64),
      payload: { b: 1, a: { c: 2 } },
    };
    await expect(handle(ruleEvent(detail))).resolves.toEqual({
      status: "processed",
      requestId: detail.requestId,
      action: detail.action,
      invokedBy: "event-rule",
      payloadKeys: ["a", "b"],
    });
  });

  it("returns the same summary for the same event", async () => {
    const { handle } = harness();
    const input = ruleEvent({ requestId: "req-1", action: "reindex", payload: { z: 1 } });
    expect(await handle(input)).toEqual(await handle(structuredClone(input)));
  });

  it.each(INVALID_DETAILS)(
    "skips %s without throwing and logs one WARN line",
    async (_label, detail, reason, known) => {
      const { handle, lines } = harness();
      await expect(handle(ruleEvent(detail), CONTEXT)).resolves.toEqual({ status: "skipped", reason });
      expect(lines).toEqual([
        {
          level: "WARN",
          entry: logLine({
            level: "WARN",
            message: "Skipped an event with an invalid detail",
            outcome: "skipped",
            invokedBy: "event-rule",
            ...envelopeFields("start-lambda-function"),
            ...known,
            reason,
          }),
        },
      ]);
    },
  );
});

describe("event-consumer invoked by the state machine", () => {
  it("processes a valid detail and logs the execution", async () => {
    const { handle, lines } = harness();
    const result = await handle(
      stateMachineInput({ requestId: "req-2", action: "archive", payload: {} }),
      CONTEXT,
    );

    expect(result).toEqual({
      status: "processed",
      requestId: "req-2",
      action: "archive",
      invokedBy: "state-machine",
      payloadKeys: [],
    });
    expect(lines).toEqual([
      {
        level: "INFO",
        entry: logLine({
          level: "INFO",
          message: "Processed an event",
          outcome: "processed",
          invokedBy: "state-machine",
          requestId: "req-2",
          action: "archive",
          executionId: EXECUTION_ID,
          ...envelopeFields("start-state-machine"),
        }),
      },
    ]);
  });

  it.each(INVALID_DETAILS)(
    "throws InvalidDetailError for %s and logs one ERROR line",
    async (_label, detail, reason, known) => {
      const { handle, lines } = harness();
      const failure = await handle(stateMachineInput(detail), CONTEXT).then(
        () => undefined,
        (error: unknown) => error,
      );

      expect(failure).toBeInstanceOf(InvalidDetailError);
      // The Lambda runtime reports `name` as the error type, which becomes the Step Functions error name.
      expect(failure).toMatchObject({
        name: "InvalidDetailError",
        message: `Invalid event detail: ${reason}`,
      });
      expect(lines).toEqual([
        {
          level: "ERROR",
          entry: logLine({
            level: "ERROR",
            message: "Rejected an event with an invalid detail",
            outcome: "rejected",
            invokedBy: "state-machine",
            executionId: EXECUTION_ID,
            ...envelopeFields("start-state-machine"),
            ...known,
            reason,
          }),
        },
      ]);
    },
  );
});

describe("event-consumer given an unrecognized input", () => {
  const valid = { requestId: "req-1", action: "reindex" };
  const { source: _source, ...withoutSource } = ruleEvent(valid);

  it.each<[string, unknown, string]>([
    ["null", null, "the input is not a JSON object"],
    ["a string", "hello", "the input is not a JSON object"],
    ["an array", [ruleEvent(valid)], "the input is not a JSON object"],
    ["a bare detail", valid, "version must be a string"],
    ["an event without source", withoutSource, "source must be a string"],
    [
      "an event with non-string resources",
      { ...ruleEvent(valid), resources: [1] },
      "resources must be an array of strings",
    ],
    [
      "another invoker",
      { ...stateMachineInput(valid), invokedBy: "api" },
      'invokedBy must be "state-machine"',
    ],
    [
      "a wrapper without executionId",
      { invokedBy: "state-machine", event: ruleEvent(valid) },
      "executionId must be a non-empty string",
    ],
    [
      "a wrapper without event",
      { invokedBy: "state-machine", executionId: EXECUTION_ID },
      "event must be an EventBridge event object",
    ],
    [
      "a wrapper around a bare detail",
      { invokedBy: "state-machine", executionId: EXECUTION_ID, event: valid },
      "event.version must be a string",
    ],
  ])("throws for %s and logs one ERROR line", async (_label, input, problem) => {
    const { handle, lines } = harness();
    const reason = `Unrecognized input (expected an EventBridge event or the state machine's wrapper): ${problem}`;

    const failure = await handle(input, CONTEXT).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(UnrecognizedInputError);
    expect(failure).toMatchObject({ name: "UnrecognizedInputError", message: reason });
    expect(lines).toEqual([
      {
        level: "ERROR",
        entry: logLine({
          level: "ERROR",
          message: "Rejected an unrecognized input",
          outcome: "rejected",
          reason,
        }),
      },
    ]);
  });
});

describe("the exported handler", () => {
  afterEach(() => jest.restoreAllMocks());

  it("writes exactly one JSON line per invocation, without a context", async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array): boolean => {
      written.push(String(chunk));
      return true;
    };
    jest.spyOn(process.stdout, "write").mockImplementation(capture);
    jest.spyOn(process.stderr, "write").mockImplementation(capture);

    await handler(ruleEvent({ requestId: "req-1", action: "reindex" }));

    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/\n$/);
    expect(JSON.parse(written[0] as string)).toMatchObject({
      level: "INFO",
      outcome: "processed",
      requestId: "req-1",
      lambdaRequestId: null,
    });
  });
});
