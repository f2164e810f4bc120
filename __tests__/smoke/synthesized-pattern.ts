import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import { resource, synthesize, synthesizedOnce, testConfig } from "../support/synth";

// Apart from harness.ts: only the smoke tests of stacks with rules synthesize, and loading the stacks and
// cdktf costs the others ~0.1 CPU-s each.

/** The event pattern of a rule as our stack synthesizes it (what a correct deploy holds). */
export function synthesizedPattern(
  stack: StackId,
  rule: string,
  config: ProjectConfig = testConfig(),
): string {
  return resource(synthesizedStack(stack, config).json(stack), "aws_cloudwatch_event_rule", rule)
    .event_pattern as string;
}
/** Each stack and configuration synthesized once per test file: a file reads several rules of one stack. */
const synthesizedStack = synthesizedOnce((stack: StackId, config: ProjectConfig) =>
  synthesize({ stacks: [stack], config }),
);
