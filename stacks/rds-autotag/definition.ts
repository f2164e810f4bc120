import { defineStack } from "../shared/stack-definition";

export const rdsAutotag = defineStack({
  id: "rds-autotag",
  loadSettings: () => (require("./settings") as typeof import("./settings")).rdsAutotagSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { RdsAutotagStack } = require("./stack") as typeof import("./stack");
    return new RdsAutotagStack(scope, props, options);
  },
});
