/**
 * The stacks: the state backend (deployed first) and the five integrations. Ids are fixed: they are
 * Terraform working directories and state keys.
 */
export const STACK_IDS = [
  "state-backend",
  "ec2-state-to-kinesis",
  "rds-autotag",
  "api-firehose-s3",
  "dynamodb-pipes-momento",
  "event-rule-targets",
] as const;

export type StackId = (typeof STACK_IDS)[number];

export function isStackId(value: string): value is StackId {
  return (STACK_IDS as readonly string[]).includes(value);
}
