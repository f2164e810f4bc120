import { defineStack } from "../shared/stack-definition";

export const dynamodbPipesMomento = defineStack({
  id: "dynamodb-pipes-momento",
  loadSettings: () => (require("./settings") as typeof import("./settings")).dynamodbPipesMomentoSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { DynamodbPipesMomentoStack } = require("./stack") as typeof import("./stack");
    return new DynamodbPipesMomentoStack(scope, props, options);
  },
});
