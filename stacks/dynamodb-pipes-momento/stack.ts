import type { Construct } from "constructs";
import type { ProjectConfig } from "../config/project-config";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";

/** The dynamodb-pipes-momento integration (being built). */
export class DynamodbPipesMomentoStack extends IntegrationStack {
  constructor(scope: Construct, config: ProjectConfig, options: StackOptions = {}) {
    super(scope, "dynamodb-pipes-momento", config, options);
  }
}
