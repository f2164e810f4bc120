import { defineStack } from "../shared/stack-definition";
import { ec2StateToKinesisSettings } from "./settings";

export const ec2StateToKinesis = defineStack({
  id: "ec2-state-to-kinesis",
  settings: ec2StateToKinesisSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { Ec2StateToKinesisStack } = require("./stack") as typeof import("./stack");
    return new Ec2StateToKinesisStack(scope, props, options);
  },
});
