import { defineStack } from "../shared/stack-definition";
import { readDynamodbPipesMomentoSettings } from "./settings";
import { DynamodbPipesMomentoStack } from "./stack";

export const dynamodbPipesMomento = defineStack({
  id: "dynamodb-pipes-momento",
  readSettings: readDynamodbPipesMomentoSettings,
  customerKey: true,
  build: (scope, props, options) => new DynamodbPipesMomentoStack(scope, props, options),
});
