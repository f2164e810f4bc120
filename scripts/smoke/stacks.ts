import type { StackId } from "../../stacks/registry";
import { smokeApiFirehoseS3 } from "./api-firehose-s3";
import type { StackSmoke } from "./context";
import { smokeDynamodbPipesMomento } from "./dynamodb-pipes-momento";
import { smokeEc2StateToKinesis } from "./ec2-state-to-kinesis";
import { smokeEventRuleTargets } from "./event-rule-targets";
import { smokeRdsAutotag } from "./rds-autotag";
import { smokeStateBackend } from "./state-backend";

/** Each stack's smoke test, in deploy order. */
export const STACK_SMOKES: Readonly<Record<StackId, StackSmoke>> = {
  "state-backend": smokeStateBackend,
  "ec2-state-to-kinesis": smokeEc2StateToKinesis,
  "rds-autotag": smokeRdsAutotag,
  "api-firehose-s3": smokeApiFirehoseS3,
  "dynamodb-pipes-momento": smokeDynamodbPipesMomento,
  "event-rule-targets": smokeEventRuleTargets,
};
