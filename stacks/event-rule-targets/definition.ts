import { defineStack } from "../shared/stack-definition";
import { eventRuleTargetsSettings } from "./settings";

export const eventRuleTargets = defineStack({
  id: "event-rule-targets",
  settings: eventRuleTargetsSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { EventRuleTargetsStack } = require("./stack") as typeof import("./stack");
    return new EventRuleTargetsStack(scope, props, options);
  },
});
