import { randomUUID } from "node:crypto";
import { CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DescribeRuleCommand, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from "@aws-sdk/client-sfn";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { createHandler } from "../../lambda-src/event-consumer";
import { createLogger } from "../../lambda-src/shared/log";
import { smokeEventRuleTargets } from "../../scripts/smoke/event-rule-targets";
import { stateMachineDefinition } from "../../stacks/event-rule-targets/state-machine-definition";
import { type ChoiceState, nextState } from "../support/asl-choice";
import { matchesEventPattern } from "../support/event-pattern";
import { ACCOUNT, mockEventBridge, REGION, ruleArn, runStack, testClients } from "./harness";
import { synthesizedPattern } from "./synthesized-pattern";

const SM_RULE = "integ-dev-start-state-machine";
const FN_RULE = "integ-dev-start-lambda-function";
const STATE_MACHINE = `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:integ-dev-event-rule-targets`;
const FUNCTION_LOGS = "/aws/lambda/integ-dev-event-consumer";
const outputs = {
  event_bus_name: "default",
  state_machine_rule_arn: ruleArn(SM_RULE),
  lambda_function_rule_arn: ruleArn(FN_RULE),
  state_machine_arn: STATE_MACHINE,
  state_machine_log_group: "/aws/vendedlogs/states/integ-dev-event-rule-targets",
  function_name: "integ-dev-event-consumer",
  function_log_group: FUNCTION_LOGS,
  state_machine_rule_dlq_url:
    "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-start-state-machine-rule-dlq",
  lambda_function_rule_dlq_url:
    "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-start-lambda-function-rule-dlq",
  failed_invocations_url: "https://sqs.us-east-1.amazonaws.com/123456789012/integ-dev-event-consumer-failed",
};
const patterns = {
  [SM_RULE]: synthesizedPattern("event-rule-targets", "state-machine-rule"),
  [FN_RULE]: synthesizedPattern("event-rule-targets", "lambda-function-rule"),
};

interface Execution {
  executionArn: string;
  startDate: Date;
  input: string;
  status: "SUCCEEDED" | "FAILED";
  output?: string;
  error?: string;
}

let events: AwsClientStub<EventBridgeClient>;
let sfn: AwsClientStub<SFNClient>;
let logs: AwsClientStub<CloudWatchLogsClient>;
const executions: Execution[] = [];
const logLines: { timestamp: number; message: string }[] = [];
/** A broken deployment: the function rule delivers nothing. */
let functionRuleDelivers = true;
/** A broken deployment: the state machine succeeds without invoking the function. */
let stateMachineCallsFunction = true;

const consumer = createHandler(
  createLogger({ write: (_level, line) => logLines.push({ timestamp: Date.now(), message: line }) }),
);
const definition = stateMachineDefinition({
  functionArn: "arn:aws:lambda:us-east-1:123456789012:function:integ-dev-event-consumer",
});

/** The state machine as defined: the real Choice gate, then the real function. */
async function execute(event: Record<string, unknown>): Promise<Execution> {
  const executionArn = `${STATE_MACHINE.replace(":stateMachine:", ":execution:")}:${randomUUID()}`;
  const base = { executionArn, startDate: new Date(), input: JSON.stringify(event) };
  if (nextState(definition.States.ValidateDetail as unknown as ChoiceState, event) === "InvalidDetail")
    return { ...base, status: "FAILED", error: "InvalidDetail" };
  if (!stateMachineCallsFunction) return { ...base, status: "SUCCEEDED", output: JSON.stringify(event) };
  try {
    const summary = await consumer({ invokedBy: "state-machine", executionId: executionArn, event });
    return { ...base, status: "SUCCEEDED", output: JSON.stringify({ ...event, result: { summary } }) };
  } catch (error) {
    return { ...base, status: "FAILED", error: error instanceof Error ? error.name : "Error" };
  }
}

beforeEach(() => {
  executions.length = 0;
  logLines.length = 0;
  functionRuleDelivers = true;
  stateMachineCallsFunction = true;
  events = mockEventBridge(patterns);
  // PutEvents: each entry becomes an event on the bus and goes to the rules it matches.
  events
    .on(PutEventsCommand)
    .callsFake(async (input: { Entries: { Source: string; DetailType: string; Detail: string }[] }) => {
      for (const entry of input.Entries) {
        const event = {
          version: "0",
          id: randomUUID(),
          "detail-type": entry.DetailType,
          source: entry.Source,
          account: ACCOUNT,
          time: new Date().toISOString(),
          region: REGION,
          resources: [],
          detail: JSON.parse(entry.Detail),
        };
        if (matchesEventPattern(patterns[SM_RULE], event)) executions.push(await execute(event));
        if (functionRuleDelivers && matchesEventPattern(patterns[FN_RULE], event)) await consumer(event);
      }
      return { FailedEntryCount: 0, Entries: input.Entries.map(() => ({ EventId: randomUUID() })) };
    });
  sfn = mockClient(SFNClient);
  sfn.on(ListExecutionsCommand).callsFake(() => ({
    executions: executions.map(({ executionArn, startDate, status }) => ({
      executionArn,
      startDate,
      status,
    })),
  }));
  sfn
    .on(DescribeExecutionCommand)
    .callsFake((input: { executionArn: string }) =>
      executions.find((e) => e.executionArn === input.executionArn),
    );
  logs = mockClient(CloudWatchLogsClient);
  logs
    .on(FilterLogEventsCommand)
    .callsFake((input: { logGroupName: string; filterPattern: string; startTime: number }) => ({
      events:
        input.logGroupName === FUNCTION_LOGS
          ? logLines.filter(
              (line) =>
                line.timestamp >= input.startTime && line.message.includes(JSON.parse(input.filterPattern)),
            )
          : [],
    }));
});
afterEach(() => {
  events.restore();
  sfn.restore();
  logs.restore();
});

const smoke = (timeoutSeconds?: number) =>
  runStack("event-rule-targets", {
    outputs,
    clients: testClients(),
    smoke: smokeEventRuleTargets,
    timeoutSeconds,
  });

test("a correct deployment: the execution's output, the InvalidDetail failure and the function's log line", async () => {
  const run = await smoke();
  expect(run.lines).toEqual([
    "rules are enabled and route custom events: ok",
    "state machine processes a valid event: ok",
    "invalid detail ends in InvalidDetail: ok",
    "function logs the event: ok",
  ]);
  const sent = events.commandCalls(PutEventsCommand).map((call) => call.args[0].input.Entries?.[0]);
  expect(sent.map((entry) => [entry?.Source, entry?.DetailType])).toEqual([
    ["com.example.integrations", "start-state-machine"],
    ["com.example.integrations", "start-state-machine"],
    ["com.example.integrations", "start-lambda-function"],
  ]);
});

test("a function rule that delivers nothing fails after the wait, pointing at its log group and queues", async () => {
  functionRuleDelivers = false;
  // A tenth of a second (the CLI takes whole seconds; the runner any): the wait runs out as at any other
  // timeout, and the test does not idle for it.
  const run = await smoke(0.1);
  expect(run.detail("function logs the event")).toMatch(
    new RegExp(
      `a log line with requestId .*-fn in ${FUNCTION_LOGS}: not seen within 0.1 s \\(look at ${FUNCTION_LOGS}, .*start-lambda-function-rule-dlq and .*event-consumer-failed\\)`,
    ),
  );
});

test("an execution that succeeds without the function's summary fails, showing the output seen", async () => {
  stateMachineCallsFunction = false;
  const run = await smoke();
  expect(run.detail("state machine processes a valid event")).toMatch(
    /^the execution's output result.summary: expected \{"status":"processed",.*"invokedBy":"state-machine"\}, saw null/,
  );
});

test("a disabled rule fails and the checks that need it are skipped", async () => {
  events
    .on(DescribeRuleCommand, { Name: SM_RULE })
    .resolves({ Name: SM_RULE, State: "DISABLED", EventPattern: patterns[SM_RULE] });
  const run = await smoke();
  expect(run.detail("rules are enabled and route custom events")).toMatch(
    /rule integ-dev-start-state-machine is DISABLED, expected ENABLED/,
  );
  expect(run.lines.slice(1).every((line) => line.endsWith(": skipped"))).toBe(true);
  expect(events.commandCalls(PutEventsCommand)).toHaveLength(0);
});
