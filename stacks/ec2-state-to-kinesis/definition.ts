import { defineStack } from "../shared/stack-definition";
import { readEc2StateToKinesisSettings } from "./settings";
import { Ec2StateToKinesisStack } from "./stack";

export const ec2StateToKinesis = defineStack({
  id: "ec2-state-to-kinesis",
  readSettings: readEc2StateToKinesisSettings,
  customerKey: true,
  build: (scope, props, options) => new Ec2StateToKinesisStack(scope, props, options),
});
