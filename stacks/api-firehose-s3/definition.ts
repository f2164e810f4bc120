import { defineStack } from "../shared/stack-definition";
import { readApiFirehoseS3Settings } from "./settings";
import { ApiFirehoseS3Stack } from "./stack";

export const apiFirehoseS3 = defineStack({
  id: "api-firehose-s3",
  readSettings: readApiFirehoseS3Settings,
  customerKey: true,
  build: (scope, props, options) => new ApiFirehoseS3Stack(scope, props, options),
});
