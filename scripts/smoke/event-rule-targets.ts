import { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  ListExecutionsCommand,
} from "@aws-sdk/client-sfn";
import { INVALID_DETAIL_ERROR } from "../../stacks/event-rule-targets/state-machine-definition";
import type { StackSmoke, StackSmokeInput } from "./context";
import { stringOutput } from "./outputs";
import { describeRule } from "./rules";
import { CheckFailure, mismatch, waitFor } from "./runner";

/**
 * Puts both custom events (source and detail-type read from the deployed rules), waits for the
 * execution and the function's log line, checks the execution's output, and that an invalid detail
 * ends the execution in its documented error. Executions and log lines are history: they carry the
 * run id in `requestId` and cannot be deleted.
 */
export const smokeEventRuleTargets: StackSmoke = async (input) => {
  const { outputs, clients, checks, run } = input;
  const stack = "event-rule-targets";
  const out = (name: string) => stringOutput(outputs, stack, name);
  const stateMachineArn = out("state_machine_arn");
  const functionLogGroup = out("function_log_group");

  const routes = await checks.check("rules are enabled and route custom events", async () => {
    const [stateMachine, lambda] = await Promise.all([
      describeRule(clients.events, out("state_machine_rule_arn")),
      describeRule(clients.events, out("lambda_function_rule_arn")),
    ]);
    return {
      stateMachine: routeOf(stateMachine.pattern, stateMachine.eventBusName),
      lambda: routeOf(lambda.pattern, lambda.eventBusName),
    };
  });
  if (!routes) {
    for (const name of [
      "state machine processes a valid event",
      "invalid detail ends in InvalidDetail",
      "function logs the event",
    ])
      checks.skip(name, "the rules could not be read");
    return;
  }

  const where = `${out("state_machine_log_group")} and ${out("state_machine_rule_dlq_url")}`;
  await checks.check("state machine processes a valid event", async () => {
    const requestId = `${run.runId}-sm`;
    const since = await putEvent(input, routes.stateMachine, {
      requestId,
      action: "smoke-test",
      payload: { smokeRun: run.runId },
    });
    const execution = await waitForExecution(input, stateMachineArn, requestId, since, where);
    if (execution.status !== "SUCCEEDED")
      throw mismatch(
        `execution ${execution.executionArn}`,
        "SUCCEEDED",
        `${execution.status} ${execution.error ?? ""} ${execution.cause ?? ""}`.trim(),
        where,
      );
    const summary = (
      JSON.parse(execution.output ?? "{}") as { result?: { summary?: Record<string, unknown> } }
    ).result?.summary;
    const expected = { status: "processed", requestId, action: "smoke-test", invokedBy: "state-machine" };
    const wrong = Object.entries(expected).filter(([field, value]) => summary?.[field] !== value);
    if (wrong.length > 0)
      throw mismatch("the execution's output result.summary", expected, summary ?? null, where);
  });

  await checks.check(`invalid detail ends in ${INVALID_DETAIL_ERROR}`, async () => {
    const requestId = `${run.runId}-invalid`;
    const since = await putEvent(input, routes.stateMachine, { requestId });
    const execution = await waitForExecution(input, stateMachineArn, requestId, since, where);
    if (execution.status !== "FAILED" || execution.error !== INVALID_DETAIL_ERROR)
      throw mismatch(
        `execution ${execution.executionArn}`,
        `FAILED with ${INVALID_DETAIL_ERROR}`,
        `${execution.status} ${execution.error ?? ""}`.trim(),
        where,
      );
  });

  await checks.check("function logs the event", async () => {
    const requestId = `${run.runId}-fn`;
    const since = await putEvent(input, routes.lambda, { requestId, action: "smoke-test" });
    const line = await waitFor(
      run,
      `a log line with requestId ${requestId} in ${functionLogGroup}`,
      async () => {
        const found = await clients.logs.send(
          new FilterLogEventsCommand({
            logGroupName: functionLogGroup,
            startTime: since - 60_000,
            filterPattern: `"${requestId}"`,
          }),
        );
        return found.events?.find((event) => event.message?.includes(requestId))?.message;
      },
      {
        defaultTimeoutSeconds: 120,
        where: `${functionLogGroup}, ${out("lambda_function_rule_dlq_url")} and ${out("failed_invocations_url")}`,
      },
    );
    if (!line.includes('"processed"'))
      throw mismatch("the function's log line", 'outcome "processed"', line.slice(0, 300), functionLogGroup);
  });
};

interface Route {
  readonly source: string;
  readonly detailType: string;
  readonly eventBusName: string;
}

function routeOf(pattern: string, eventBusName: string): Route {
  const parsed = JSON.parse(pattern) as { source?: unknown[]; "detail-type"?: unknown[] };
  const source = parsed.source?.find((s) => typeof s === "string");
  const detailType = parsed["detail-type"]?.find((s) => typeof s === "string");
  if (typeof source !== "string" || typeof detailType !== "string")
    throw new CheckFailure(`rule pattern ${pattern} names no plain source and detail-type to send`);
  return { source, detailType, eventBusName };
}

/** PutEvents one entry; returns the time just before, to look for what it caused. */
async function putEvent(
  input: StackSmokeInput,
  route: Route,
  detail: Record<string, unknown>,
): Promise<number> {
  const sentAt = Date.now();
  const answer = await input.clients.events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: route.source,
          DetailType: route.detailType,
          EventBusName: route.eventBusName,
          Detail: JSON.stringify(detail),
        },
      ],
    }),
  );
  if ((answer.FailedEntryCount ?? 0) > 0)
    throw new CheckFailure(
      `PutEvents refused the event: ${answer.Entries?.[0]?.ErrorCode} ${answer.Entries?.[0]?.ErrorMessage}`,
    );
  return sentAt;
}

/** The finished execution whose input carries `requestId`, started after `since`. */
async function waitForExecution(
  input: StackSmokeInput,
  stateMachineArn: string,
  requestId: string,
  since: number,
  where: string,
): Promise<DescribeExecutionCommandOutput> {
  const { sfn } = input.clients;
  const seen = new Map<string, DescribeExecutionCommandOutput>();
  return waitFor(
    input.run,
    `an execution of ${stateMachineArn} for requestId ${requestId}`,
    async () => {
      const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, maxResults: 50 }));
      for (const summary of listed.executions ?? []) {
        if (!summary.executionArn || (summary.startDate && summary.startDate.getTime() < since - 60_000))
          continue;
        const known = seen.get(summary.executionArn);
        if (known && !known.input?.includes(requestId)) continue;
        const execution = await sfn.send(
          new DescribeExecutionCommand({ executionArn: summary.executionArn }),
        );
        seen.set(summary.executionArn, execution);
        if (execution.input?.includes(requestId) && execution.status !== "RUNNING") return execution;
      }
      return undefined;
    },
    { defaultTimeoutSeconds: 120, where },
  );
}
