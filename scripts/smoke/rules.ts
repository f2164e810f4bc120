import {
  DescribeRuleCommand,
  type EventBridgeClient,
  TestEventPatternCommand,
} from "@aws-sdk/client-eventbridge";
import { CheckFailure } from "./runner";

/** A deployed rule: its name, bus and event pattern (as EventBridge holds it, not as we synthesized it). */
export interface DeployedRule {
  readonly name: string;
  readonly eventBusName: string;
  readonly pattern: string;
}

/** `arn:aws:events:<region>:<account>:rule/[<bus>/]<name>` → bus and name. */
export function parseRuleArn(arn: string): { readonly name: string; readonly eventBusName: string } {
  const match = /^arn:[^:]+:events:[^:]*:\d{12}:rule\/(?:([^/]+)\/)?([^/]+)$/.exec(arn);
  if (!match) throw new CheckFailure(`"${arn}" is not an EventBridge rule ARN`);
  return { eventBusName: match[1] ?? "default", name: match[2] ?? "" };
}

/** DescribeRule: the pattern the rule really has (needs events:DescribeRule). */
export async function describeRule(events: EventBridgeClient, ruleArn: string): Promise<DeployedRule> {
  const { name, eventBusName } = parseRuleArn(ruleArn);
  const rule = await events.send(new DescribeRuleCommand({ Name: name, EventBusName: eventBusName }));
  if (rule.State !== "ENABLED")
    throw new CheckFailure(
      `rule ${name} is ${rule.State ?? "in an unknown state"}, expected ENABLED`,
      ruleArn,
    );
  if (!rule.EventPattern) throw new CheckFailure(`rule ${name} has no event pattern`, ruleArn);
  return { name, eventBusName, pattern: rule.EventPattern };
}

/** A sample event and whether the rule must match it. */
export interface PatternCase {
  readonly label: string;
  readonly event: Readonly<Record<string, unknown>>;
  readonly matches: boolean;
}

/**
 * Asks EventBridge itself (TestEventPattern, the real matching engine) about every case; fails naming
 * each case the deployed pattern gets wrong.
 * @see https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_TestEventPattern.html
 */
export async function testPattern(
  events: EventBridgeClient,
  rule: DeployedRule,
  cases: readonly PatternCase[],
): Promise<{ note: string }> {
  const wrong: string[] = [];
  for (const sample of cases) {
    const answer = await events.send(
      new TestEventPatternCommand({ EventPattern: rule.pattern, Event: JSON.stringify(sample.event) }),
    );
    if (answer.Result !== sample.matches)
      wrong.push(
        `${sample.label}: expected ${sample.matches ? "a match" : "no match"}, saw ${answer.Result ? "a match" : "no match"}`,
      );
  }
  if (wrong.length > 0)
    throw new CheckFailure(`rule ${rule.name} pattern ${rule.pattern}: ${wrong.join("; ")}`);
  return { note: `${cases.length} sample events, each matched or not as expected` };
}
