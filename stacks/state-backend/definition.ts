import { defineStack } from "../shared/stack-definition";
import { stateBackendSettings } from "./settings";

export const stateBackend = defineStack({
  id: "state-backend",
  settings: stateBackendSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { StateBackendStack } = require("./stack") as typeof import("./stack");
    return new StateBackendStack(scope, props, options);
  },
});
