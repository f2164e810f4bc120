import { defineStack } from "../shared/stack-definition";
import { dynamodbPipesMomentoSettings } from "./settings";

export const dynamodbPipesMomento = defineStack({
  id: "dynamodb-pipes-momento",
  settings: dynamodbPipesMomentoSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { DynamodbPipesMomentoStack } = require("./stack") as typeof import("./stack");
    return new DynamodbPipesMomentoStack(scope, props, options);
  },
});
