import { defineStack } from "../shared/stack-definition";

export const stateBackend = defineStack({
  id: "state-backend",
  loadSettings: () => (require("./settings") as typeof import("./settings")).stateBackendSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { StateBackendStack } = require("./stack") as typeof import("./stack");
    return new StateBackendStack(scope, props, options);
  },
});
