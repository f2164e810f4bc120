import type { z } from "zod";
import { apiFirehoseS3 } from "./api-firehose-s3/definition";
import { dynamodbPipesMomento } from "./dynamodb-pipes-momento/definition";
import { ec2StateToKinesis } from "./ec2-state-to-kinesis/definition";
import { eventRuleTargets } from "./event-rule-targets/definition";
import { rdsAutotag } from "./rds-autotag/definition";
import type { StackDefinition } from "./shared/stack-definition";
import { stateBackend } from "./state-backend/definition";

/**
 * Every stack, in deployment order (the state backend first). The app, the configuration, the CI deploy
 * loop, the README check and the audit all derive from this list: a new integration is a folder with a
 * `definition.ts` and one line here.
 */
export const STACKS = [
  stateBackend,
  ec2StateToKinesis,
  rdsAutotag,
  apiFirehoseS3,
  dynamodbPipesMomento,
  eventRuleTargets,
] as const;

type Definition = (typeof STACKS)[number];

export type StackId = Definition["id"];

/** Settings of every stack, keyed by stack id; each stack's settings.ts documents its own. */
export type StackSettingsMap = {
  readonly [D in Definition as D["id"]]: z.output<D["settings"]>;
};

export const STACK_IDS: readonly StackId[] = STACKS.map((definition) => definition.id);

export function isStackId(value: string): value is StackId {
  return (STACK_IDS as readonly string[]).includes(value);
}

export function stackDefinition(id: StackId): StackDefinition<StackId> {
  return STACKS.find((definition) => definition.id === id) as StackDefinition<StackId>;
}
