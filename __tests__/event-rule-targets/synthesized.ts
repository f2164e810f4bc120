import type { PutEventsEntry } from "../../stacks/event-rule-targets/put-events-example";
import type { StateMachineDefinition } from "../../stacks/event-rule-targets/state-machine-definition";
import { customEvent } from "../fixtures/events";
import { assertValidPattern, matchesEventPattern } from "../support/event-pattern";
import { resource, type TerraformJson } from "../support/synth";
import { shellWords } from "./shell-words";

// Reads the event-rule-targets stack back from its synthesized Terraform JSON, as Terraform and AWS will see it.

export const STACK = "event-rule-targets";

/** The bus an event travels on: "default" or a custom bus name. */
export type BusName = string;

/** The bus name a rule or target refers to, resolving a reference to the stack's own event bus. */
export function busOf(stack: TerraformJson, eventBusName: unknown): BusName {
  if (eventBusName === undefined || eventBusName === "default") return "default";
  const match = /^\$\{aws_cloudwatch_event_bus\.([\w-]+)\.name\}$/.exec(String(eventBusName));
  if (!match) throw new Error(`Unexpected event_bus_name ${String(eventBusName)}`);
  return resource(stack, "aws_cloudwatch_event_bus", match[1] as string).name;
}

/**
 * Addresses of the targets EventBridge would deliver `event` to, put on `bus`: every target whose rule is on
 * that bus and whose pattern (validated first) matches.
 */
export function targetsReached(stack: TerraformJson, event: unknown, bus: BusName = "default"): string[] {
  const rules: Record<string, TerraformJson> = stack.resource.aws_cloudwatch_event_rule;
  const targets: Record<string, TerraformJson> = stack.resource.aws_cloudwatch_event_target;
  return Object.entries(targets)
    .filter(([, target]) => {
      const ruleName = /^\$\{aws_cloudwatch_event_rule\.([\w-]+)\.name\}$/.exec(target.rule)?.[1];
      const rule = ruleName === undefined ? undefined : rules[ruleName];
      if (!rule) throw new Error(`Target refers to an unknown rule: ${target.rule}`);
      assertValidPattern(rule.event_pattern);
      return (
        busOf(stack, rule.event_bus_name) === bus &&
        busOf(stack, target.event_bus_name) === bus &&
        matchesEventPattern(rule.event_pattern, event)
      );
    })
    .map(([name]) => `aws_cloudwatch_event_target.${name}`)
    .sort();
}

/** The state machine definition, parsed from the `definition` attribute. */
export function definitionOf(stack: TerraformJson): StateMachineDefinition {
  return JSON.parse(resource(stack, "aws_sfn_state_machine", "state-machine").definition);
}

/** The entries of an `aws events put-events ... --entries '<json>'` command, as the shell passes them. */
export function putEventsEntries(command: string): PutEventsEntry[] {
  const words = shellWords(command);
  expectWords(words.slice(0, 3), ["aws", "events", "put-events"]);
  const at = words.indexOf("--entries");
  if (at === -1 || words[at + 1] === undefined) throw new Error(`No --entries in ${command}`);
  return JSON.parse(words[at + 1] as string) as PutEventsEntry[];
}

/** The value of `--region` in a CLI command. */
export function regionOf(command: string): string | undefined {
  const words = shellWords(command);
  const at = words.indexOf("--region");
  return at === -1 ? undefined : words[at + 1];
}

/** The event EventBridge builds from a PutEvents entry (Detail is parsed: it travels as a JSON string). */
export function eventFromEntry(entry: PutEventsEntry) {
  return customEvent(entry.DetailType, JSON.parse(entry.Detail) as unknown, entry.Source);
}

function expectWords(actual: readonly string[], expected: readonly string[]): void {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`Expected ${expected.join(" ")}, got ${actual.join(" ")}`);
  }
}
