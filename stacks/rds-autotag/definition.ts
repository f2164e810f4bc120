import { defineStack } from "../shared/stack-definition";
import { rdsAutotagSettings } from "./settings";

export const rdsAutotag = defineStack({
  id: "rds-autotag",
  settings: rdsAutotagSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { RdsAutotagStack } = require("./stack") as typeof import("./stack");
    return new RdsAutotagStack(scope, props, options);
  },
});
