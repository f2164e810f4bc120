import { defineStack } from "../shared/stack-definition";

export const eventRuleTargets = defineStack({
  id: "event-rule-targets",
  loadSettings: () => (require("./settings") as typeof import("./settings")).eventRuleTargetsSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { EventRuleTargetsStack } = require("./stack") as typeof import("./stack");
    return new EventRuleTargetsStack(scope, props, options);
  },
});
