import { defineStack } from "../shared/stack-definition";

export const apiFirehoseS3 = defineStack({
  id: "api-firehose-s3",
  loadSettings: () => (require("./settings") as typeof import("./settings")).apiFirehoseS3Settings,
  customerKey: true,
  build: (scope, props, options) => {
    const { ApiFirehoseS3Stack } = require("./stack") as typeof import("./stack");
    return new ApiFirehoseS3Stack(scope, props, options);
  },
});
