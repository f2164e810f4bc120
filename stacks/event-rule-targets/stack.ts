import type { Construct } from "constructs";
import type { ProjectConfig } from "../config/project-config";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";

/** The event-rule-targets integration (being built). */
export class EventRuleTargetsStack extends IntegrationStack {
  constructor(scope: Construct, config: ProjectConfig, options: StackOptions = {}) {
    super(scope, "event-rule-targets", config, options);
  }
}
