import { defineStack } from "../shared/stack-definition";
import { readApiFirehoseS3Settings } from "./settings";

export const apiFirehoseS3 = defineStack({
  id: "api-firehose-s3",
  readSettings: readApiFirehoseS3Settings,
  customerKey: true,
  build: (scope, props, options) => {
    const { ApiFirehoseS3Stack } = require("./stack") as typeof import("./stack");
    return new ApiFirehoseS3Stack(scope, props, options);
  },
});
