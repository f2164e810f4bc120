import { defineStack } from "../shared/stack-definition";

export const ec2StateToKinesis = defineStack({
  id: "ec2-state-to-kinesis",
  loadSettings: () => (require("./settings") as typeof import("./settings")).ec2StateToKinesisSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { Ec2StateToKinesisStack } = require("./stack") as typeof import("./stack");
    return new Ec2StateToKinesisStack(scope, props, options);
  },
});
