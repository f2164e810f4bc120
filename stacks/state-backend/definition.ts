import { defineStack } from "../shared/stack-definition";
import { readStateBackendSettings } from "./settings";
import { StateBackendStack } from "./stack";

export const stateBackend = defineStack({
  id: "state-backend",
  readSettings: readStateBackendSettings,
  customerKey: true,
  build: (scope, props, options) => new StateBackendStack(scope, props, options),
});
