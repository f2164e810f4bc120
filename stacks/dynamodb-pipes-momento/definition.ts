import { defineStack } from "../shared/stack-definition";
import { readDynamodbPipesMomentoSettings } from "./settings";

export const dynamodbPipesMomento = defineStack({
  id: "dynamodb-pipes-momento",
  readSettings: readDynamodbPipesMomentoSettings,
  customerKey: true,
  build: (scope, props, options) => {
    const { DynamodbPipesMomentoStack } = require("./stack") as typeof import("./stack");
    return new DynamodbPipesMomentoStack(scope, props, options);
  },
});
