import { defineStack } from "../shared/stack-definition";
import { readEventRuleTargetsSettings } from "./settings";
import { EventRuleTargetsStack } from "./stack";

export const eventRuleTargets = defineStack({
  id: "event-rule-targets",
  readSettings: readEventRuleTargetsSettings,
  customerKey: true,
  build: (scope, props, options) => new EventRuleTargetsStack(scope, props, options),
});
