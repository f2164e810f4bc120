import { defineStack } from "../shared/stack-definition";
import { readRdsAutotagSettings } from "./settings";
import { RdsAutotagStack } from "./stack";

export const rdsAutotag = defineStack({
  id: "rds-autotag",
  readSettings: readRdsAutotagSettings,
  customerKey: true,
  build: (scope, props, options) => new RdsAutotagStack(scope, props, options),
});
