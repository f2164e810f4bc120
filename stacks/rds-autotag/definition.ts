import { defineStack } from "../shared/stack-definition";
import { readRdsAutotagSettings } from "./settings";

export const rdsAutotag = defineStack({
  id: "rds-autotag",
  readSettings: readRdsAutotagSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { RdsAutotagStack } = require("./stack") as typeof import("./stack");
    return new RdsAutotagStack(scope, props, options);
  },
});
