import type { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import type { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import {
  CloudwatchEventTarget,
  type CloudwatchEventTargetConfig,
} from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { Construct } from "constructs";
import type { DeliverySettings } from "../core/common-settings";
import { DeadLetterQueue } from "./dead-letter-queue";
import type { IntegrationStack } from "./integration-stack";
import type { PolicyStatement } from "./policy-document";
import { ServiceRole } from "./service-role";

const EVENTS_SERVICE = "events.amazonaws.com";

/**
 * Something a rule delivers to, and how EventBridge may reach it (aws-cdk's `IRuleTarget.bind`): either with a
 * role holding the target's own statements, or through the target's resource policy, which `admit` adds.
 * Each target brings its permission with it, so a new target cannot forget it. Targets: rule-targets.ts.
 */
export type RuleTarget = {
  readonly arn: string;
  /** Target parameters beyond the ARN (a Kinesis partition key, ...). */
  readonly parameters?: Pick<CloudwatchEventTargetConfig, "kinesisTarget">;
} & (
  | { readonly roleStatements: (roleName: string) => PolicyStatement[] }
  | { readonly admit: (rule: CloudwatchEventRule) => void }
);

export interface EventRuleTargetProps {
  /** The rule, created by the stack (its pattern is the stack's business). */
  readonly rule: CloudwatchEventRule;
  /** The custom bus the rule is on. @default the default bus */
  readonly bus?: CloudwatchEventBus;
  readonly delivery: DeliverySettings;
  /** The rule's dead-letter queue: its construct id (part of its address) and its name. */
  readonly dlq: { readonly id: string; readonly name: string };
}

export interface AddTargetOptions {
  /** Construct id of the aws_cloudwatch_event_target (its address). */
  readonly id: string;
  /** The target's id within its rule. */
  readonly targetId: string;
  /** The role EventBridge assumes, for targets reached with one: construct id, name and description. */
  readonly role?: { readonly id: string; readonly name: string; readonly description: string };
}

/**
 * A rule's delivery to its one target, written once for every rule (in the spirit of aws-cdk's
 * aws-events-targets util.ts): the retry policy from the `delivery` settings, a dead-letter queue that admits
 * this rule only (queue policy, key grant in customer mode, "not empty" alarm), and, for targets reached with a
 * role, a role whose trust is guarded by aws:SourceAccount and aws:SourceArn of this rule.
 *
 * Two steps, `new` then `addTarget`, because the resources' order in the synthesized JSON is the order they are
 * created in, and some stacks build the target between the two (rds-autotag: the DLQ, then the function, then
 * the target). The resources are created directly in the stack with the ids given, not under this construct:
 * their addresses predate it and are a contract (README, "Addresses are a contract"). This construct holds no
 * resources; it only checks that its rule got exactly one target.
 */
export class EventRuleTarget extends Construct {
  readonly dlq: DeadLetterQueue;
  private readonly stack: IntegrationStack;
  private readonly props: EventRuleTargetProps;
  private target?: CloudwatchEventTarget;

  constructor(stack: IntegrationStack, props: EventRuleTargetProps) {
    super(stack, `${props.rule.node.id}-delivery`);
    this.stack = stack;
    this.props = props;
    const { rule, bus } = props;
    // The rule ARN as text for the key policy: `npm run kms:policy` prints it for an existing key, where a
    // Terraform reference means nothing. A custom bus's rules have the bus name in their ARN.
    const ruleArnFromName = stack.arn("events", `rule/${bus ? `${bus.nameInput}/` : ""}${rule.nameInput}`);
    this.dlq = new DeadLetterQueue(stack, props.dlq.id, {
      name: props.dlq.name,
      alarmActions: stack.alarmActions,
      sender: { service: EVENTS_SERVICE, sourceArns: [rule.arn], keySourceArns: [ruleArnFromName] },
      key: stack.kms,
    });
    this.node.addValidation({
      validate: () => (this.target ? [] : [`Rule ${rule.node.id} has a dead-letter queue but no target`]),
    });
  }

  /** Delivers the rule to `target`, with the rule's retry policy and dead-letter queue. */
  addTarget(target: RuleTarget, options: AddTargetOptions): CloudwatchEventTarget {
    const { rule, bus, delivery } = this.props;
    if (this.target) throw new Error(`Rule ${rule.node.id} already has a target: one target per rule`);
    let roleArn: string | undefined;
    if ("roleStatements" in target) {
      if (!options.role)
        throw new Error(`Rule target ${options.id} is reached with a role: give options.role`);
      roleArn = new ServiceRole(this.stack, options.role.id, {
        name: options.role.name,
        description: options.role.description,
        service: EVENTS_SERVICE,
        guard: { sourceArns: [rule.arn], sourceAccount: this.stack.accountId },
        statements: target.roleStatements(options.role.name),
      }).arn;
    } else {
      if (options.role)
        throw new Error(`Rule target ${options.id} takes no role: its resource policy admits the rule`);
      target.admit(rule);
    }
    this.target = new CloudwatchEventTarget(this.stack, options.id, {
      rule: rule.name,
      eventBusName: bus?.name ?? "default",
      targetId: options.targetId,
      arn: target.arn,
      roleArn,
      ...target.parameters,
      retryPolicy: {
        maximumRetryAttempts: delivery.maximumRetryAttempts,
        maximumEventAgeInSeconds: delivery.maximumEventAgeSeconds,
      },
      deadLetterConfig: { arn: this.dlq.arn },
    });
    return this.target;
  }
}
