import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { Annotations, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { CREATOR_TAG_KEY_ENV, STATIC_TAGS_ENV } from "../../lambda-src/rds-autotag/config";
import {
  CLOUDTRAIL_DETAIL_TYPE,
  RDS_CLOUDTRAIL_EVENT_SOURCE,
  RDS_EVENT_SOURCE,
} from "../../lambda-src/rds-autotag/event-names";
import { settingsBehind } from "../baseline/settings-behind";
import type { StackProps } from "../core/stack-props";
import { DeadLetterQueue } from "../shared/dead-letter-queue";
import { EventRuleTarget } from "../shared/event-rule-target";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { StackMonitoring } from "../shared/monitoring/monitoring";
import {
  watchDeadLetterQueue,
  watchFunction,
  watchRule,
  watchTrailDelivery,
} from "../shared/monitoring/watch";
import { NodeFunction } from "../shared/node-function";
import { lambdaFunctionTarget } from "../shared/rule-targets";
import type { RdsAutotagSettings } from "./settings";
import { ManagementEventsTrail } from "./trail";

/**
 * CloudTrail RDS create calls → EventBridge rule (default bus) → Lambda that tags the new DB
 * instance or Aurora cluster with static tags and its creator.
 */
export class RdsAutotagStack extends IntegrationStack {
  constructor(scope: Construct, props: StackProps<RdsAutotagSettings>, options: StackOptions = {}) {
    super(scope, "rds-autotag", props, options);
    const { common: config, settings } = props;
    const monitoring = new StackMonitoring(this, { settings: settings.alarms, readmeAnchor: "rds-autotag" });

    const trail = settings.createTrail ? new ManagementEventsTrail(this, "trail", settings.trail) : undefined;
    if (trail) {
      // CloudTrail delivers each region's API calls to EventBridge in that region, and the rule and function
      // exist here only: databases created elsewhere are logged by the trail but never tagged.
      // @see https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-cloudtrail.html
      Annotations.of(this).addWarning(trailCoverageWarning(this.region));
    }

    const ruleName = this.names.name("eventRule", "rds-created");
    const rule = new CloudwatchEventRule(this, "rule", {
      name: ruleName,
      description: "RDS instances and clusters created (CloudTrail), to the auto-tagging function",
      eventBusName: "default",
      eventPattern: JSON.stringify(rdsCreatedPattern(settings)),
      state: "ENABLED",
    });
    settingsBehind(rule, ["stacks.rds-autotag.eventNames"]);

    const delivery = new EventRuleTarget(this, {
      rule,
      delivery: settings.delivery,
      dlq: { id: "rule-dlq", name: this.names.name("sqsQueue", "rds-autotag-rule-dlq") },
    });
    const failedInvocations = new DeadLetterQueue(this, "failed-invocations", {
      name: this.names.name("sqsQueue", "rds-autotag-failed"),
      alarmActions: this.alarmActions,
      key: this.kms,
    });

    const dbArn = (type: "db" | "cluster") => this.arn("rds", `${type}:*`);
    const functionName = this.names.name("lambdaFunction", "rds-autotag");
    const roleName = this.names.name("iamRole", "rds-autotag");
    const autotag = new NodeFunction(this, "autotag", {
      functionName,
      roleName,
      description: "Tags new RDS instances and clusters with static tags and their creator",
      source: "rds-autotag",
      memorySize: settings.memorySize,
      timeoutSeconds: settings.timeoutSeconds,
      environment: {
        [STATIC_TAGS_ENV]: JSON.stringify(sortedObject(settings.staticTags)),
        [CREATOR_TAG_KEY_ENV]: settings.creatorTagKey,
      },
      logRetentionDays: config.logRetentionDays,
      statements: [
        {
          sid: "TagNewDatabases",
          actions: ["rds:AddTagsToResource"],
          resources: [dbArn("db"), dbArn("cluster")],
        },
        ...failedInvocations.senderKeyStatements(roleName, "EncryptFailedEvents"),
      ],
      key: this.kms,
      asyncInvocation: {
        maximumRetryAttempts: settings.asyncRetryAttempts,
        maximumEventAgeSeconds: settings.asyncMaximumEventAgeSeconds,
        onFailureQueueArn: failedInvocations.arn,
      },
    });
    settingsBehind(autotag.function, ["stacks.rds-autotag.staticTags", "stacks.rds-autotag.creatorTagKey"]);
    delivery.addTarget(lambdaFunctionTarget(autotag), { id: "target", targetId: "autotag-function" });

    // In the order the data flows: the trail, the rule, the function it invokes, what either could not process.
    if (trail) {
      watchTrailDelivery(monitoring, "Source: CloudTrail trail", {
        id: "trail",
        name: trail.trailName,
        bucketName: trail.bucket.name,
        prefix: ManagementEventsTrail.LOG_PREFIX,
      });
    }
    watchRule(monitoring, "Router: EventBridge rule", { id: "rule", name: ruleName, nameRef: rule.name });
    watchDeadLetterQueue(monitoring, "Router: EventBridge rule", delivery.dlq);
    watchFunction(monitoring, "Target: tagging function", {
      id: "autotag",
      name: functionName,
      nameRef: autotag.name,
      timeoutSeconds: settings.timeoutSeconds,
      asyncDestination: true,
    });
    watchDeadLetterQueue(monitoring, "Failures: events the function failed on", failedInvocations);

    new TerraformOutput(this, "function_name", { value: autotag.name });
    new TerraformOutput(this, "function_arn", { value: autotag.arn });
    new TerraformOutput(this, "rule_arn", { value: rule.arn });
    new TerraformOutput(this, "rule_dlq_url", {
      value: delivery.dlq.url,
      description: "Events EventBridge could not deliver",
    });
    new TerraformOutput(this, "failed_invocations_url", {
      value: failedInvocations.url,
      description: "Events the function failed on after every retry",
    });
  }
}

/** What the synth says when the trail logs more regions than the stack tags in. */
export function trailCoverageWarning(region: string): string {
  return (
    `rds-autotag: the trail logs every region, but only databases created in ${region} are tagged: ` +
    "CloudTrail sends each region's RDS calls to EventBridge in that region, where this stack has no rule. " +
    "To tag in another region, deploy the stack there too: an environment with that region and createTrail off (README, rds-autotag)."
  );
}

/** @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html */
export function rdsCreatedPattern(settings: RdsAutotagSettings): Record<string, unknown> {
  return {
    source: [RDS_EVENT_SOURCE],
    "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
    detail: {
      eventSource: [RDS_CLOUDTRAIL_EVENT_SOURCE],
      eventName: [...settings.eventNames],
      // Failed calls create nothing; the function skips them too, should one arrive.
      errorCode: [{ exists: false }],
    },
  };
}

function sortedObject(map: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
