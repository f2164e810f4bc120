import {
  type Ec2StateToKinesisSettings,
  readEc2StateToKinesisSettings,
} from "../ec2-state-to-kinesis/settings";
import { type RdsAutotagSettings, readRdsAutotagSettings } from "../rds-autotag/settings";
import type { Checker } from "./checks";

/** Settings of every stack, keyed by stack id; each stack's module documents its own. */
export interface StackSettingsMap {
  readonly "ec2-state-to-kinesis": Ec2StateToKinesisSettings;
  readonly "rds-autotag": RdsAutotagSettings;
}

const READERS: {
  [K in keyof StackSettingsMap]: (field: string, value: unknown, check: Checker) => StackSettingsMap[K];
} = {
  "ec2-state-to-kinesis": readEc2StateToKinesisSettings,
  "rds-autotag": readRdsAutotagSettings,
};

export function readStackSettings(value: unknown, check: Checker): StackSettingsMap {
  const raw = check.section("stacks", value, Object.keys(READERS));
  const read = <K extends keyof StackSettingsMap>(id: K) => READERS[id](`stacks.${id}`, raw[id], check);
  return { "ec2-state-to-kinesis": read("ec2-state-to-kinesis"), "rds-autotag": read("rds-autotag") };
}
