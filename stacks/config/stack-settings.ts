import { type ApiFirehoseS3Settings, readApiFirehoseS3Settings } from "../api-firehose-s3/settings";
import {
  type DynamodbPipesMomentoSettings,
  readDynamodbPipesMomentoSettings,
} from "../dynamodb-pipes-momento/settings";
import {
  type Ec2StateToKinesisSettings,
  readEc2StateToKinesisSettings,
} from "../ec2-state-to-kinesis/settings";
import { type EventRuleTargetsSettings, readEventRuleTargetsSettings } from "../event-rule-targets/settings";
import { type RdsAutotagSettings, readRdsAutotagSettings } from "../rds-autotag/settings";
import { readStateBackendSettings, type StateBackendSettings } from "../state-backend/settings";
import type { Checker } from "./checks";
import type { StackId } from "./stack-ids";

/** Settings of every stack, keyed by stack id; each stack's settings.ts documents its own. */
export interface StackSettingsMap {
  readonly "state-backend": StateBackendSettings;
  readonly "ec2-state-to-kinesis": Ec2StateToKinesisSettings;
  readonly "rds-autotag": RdsAutotagSettings;
  readonly "api-firehose-s3": ApiFirehoseS3Settings;
  readonly "dynamodb-pipes-momento": DynamodbPipesMomentoSettings;
  readonly "event-rule-targets": EventRuleTargetsSettings;
}

type Readers = { [K in StackId]: (field: string, value: unknown, check: Checker) => StackSettingsMap[K] };

const READERS: Readers = {
  "state-backend": readStateBackendSettings,
  "ec2-state-to-kinesis": readEc2StateToKinesisSettings,
  "rds-autotag": readRdsAutotagSettings,
  "api-firehose-s3": readApiFirehoseS3Settings,
  "dynamodb-pipes-momento": readDynamodbPipesMomentoSettings,
  "event-rule-targets": readEventRuleTargetsSettings,
};

export function readStackSettings(value: unknown, check: Checker): StackSettingsMap {
  const raw = check.section("stacks", value, Object.keys(READERS));
  const read = <K extends StackId>(id: K): StackSettingsMap[K] => READERS[id](`stacks.${id}`, raw[id], check);
  return {
    "state-backend": read("state-backend"),
    "ec2-state-to-kinesis": read("ec2-state-to-kinesis"),
    "rds-autotag": read("rds-autotag"),
    "api-firehose-s3": read("api-firehose-s3"),
    "dynamodb-pipes-momento": read("dynamodb-pipes-momento"),
    "event-rule-targets": read("event-rule-targets"),
  };
}
