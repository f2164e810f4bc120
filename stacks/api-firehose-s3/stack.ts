import type { Construct } from "constructs";
import type { ProjectConfig } from "../config/project-config";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";

/** The api-firehose-s3 integration (being built). */
export class ApiFirehoseS3Stack extends IntegrationStack {
  constructor(scope: Construct, config: ProjectConfig, options: StackOptions = {}) {
    super(scope, "api-firehose-s3", config, options);
  }
}
