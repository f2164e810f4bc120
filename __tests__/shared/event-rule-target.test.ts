import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { App, Testing } from "cdktf";
import { stackProps } from "../../stacks/app";
import { STACK_IDS } from "../../stacks/registry";
import { EventRuleTarget, type RuleTarget } from "../../stacks/shared/event-rule-target";
import { IntegrationStack } from "../../stacks/shared/integration-stack";
import { NodeFunction } from "../../stacks/shared/node-function";
import {
  kinesisStreamTarget,
  lambdaFunctionTarget,
  stateMachineTarget,
} from "../../stacks/shared/rule-targets";
import { resource, statementsOf, synthesize, type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";
import { ALL_OPTIONS } from "../support/variants";

const ACCOUNT = "111122223333";
const STREAM_ARN = `arn:aws:kinesis:us-east-1:${ACCOUNT}:stream/orders`;
const MACHINE_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:orders`;
const DELIVERY = { maximumRetryAttempts: 12, maximumEventAgeSeconds: 3600 };

/** `${aws_x.name.attr}` → [address, attr], to follow a reference to the block it names. */
function follow(stack: TerraformJson, reference: string): [TerraformJson, string] {
  const match = /^\$\{((?:data\.)?[a-z0-9_]+)\.([^.]+)\.([a-z_]+)\}$/.exec(reference);
  if (!match) throw new Error(`Not a reference: ${reference}`);
  const [, type = "", name = "", attribute = ""] = match;
  return [resource(stack, type, name), attribute];
}

const conditionsOf = (statement: TerraformJson): Record<string, string[]> =>
  Object.fromEntries((statement.condition ?? []).map((c: TerraformJson) => [c.variable, c.values]));

/** A stack with nothing but what `build` adds (and the provider, backend and key every stack has). */
class FixtureStack extends IntegrationStack {
  constructor(app: App, build: (stack: FixtureStack) => void) {
    super(
      app,
      "ec2-state-to-kinesis",
      stackProps(testConfig({ accountId: ACCOUNT }), "ec2-state-to-kinesis"),
    );
    build(this);
  }
}

function fixture(build: (stack: FixtureStack) => void, runValidations = false): TerraformJson {
  const stack = new FixtureStack(new App({ outdir: tempDir("rule-target"), stackTraces: false }), build);
  return JSON.parse(Testing.synth(stack, runValidations));
}

function ruleWith(stack: FixtureStack, target: (rule: CloudwatchEventRule) => RuleTarget, role = true) {
  const rule = new CloudwatchEventRule(stack, "rule", {
    name: "orders",
    eventPattern: '{"source":["orders"]}',
  });
  const delivery = new EventRuleTarget(stack, {
    rule,
    delivery: DELIVERY,
    dlq: { id: "rule-dlq", name: "orders-dlq" },
  });
  delivery.addTarget(target(rule), {
    id: "target",
    targetId: "orders",
    role: role ? { id: "target-role", name: "orders-target", description: "Delivers orders" } : undefined,
  });
}

describe("EventRuleTarget", () => {
  test("the target gets the rule's retry policy and dead-letter queue, ids kept at the stack's top level", () => {
    const stack = fixture((s) => ruleWith(s, () => stateMachineTarget(MACHINE_ARN)));
    expect(resource(stack, "aws_cloudwatch_event_target", "target")).toMatchObject({
      rule: "${aws_cloudwatch_event_rule.rule.name}",
      event_bus_name: "default",
      arn: MACHINE_ARN,
      role_arn: "${aws_iam_role.target-role_role.arn}",
      retry_policy: { maximum_retry_attempts: 12, maximum_event_age_in_seconds: 3600 },
      dead_letter_config: { arn: "${aws_sqs_queue.rule-dlq_queue.arn}" },
    });
    expect(resource(stack, "aws_cloudwatch_metric_alarm", "rule-dlq_alarm").dimensions).toEqual({
      QueueName: "${aws_sqs_queue.rule-dlq_queue.name}",
    });
  });

  test("the dead-letter queue admits EventBridge for this rule only", () => {
    const stack = fixture((s) => ruleWith(s, () => stateMachineTarget(MACHINE_ARN)));
    const [sender] = statementsOf(stack, "rule-dlq_policy-document");
    expect(sender).toMatchObject({
      actions: ["sqs:SendMessage"],
      principals: [{ identifiers: ["events.amazonaws.com"] }],
    });
    expect(conditionsOf(sender)).toEqual({ "aws:SourceArn": ["${aws_cloudwatch_event_rule.rule.arn}"] });
  });

  test("a role's trust is guarded by aws:SourceAccount and this rule's aws:SourceArn", () => {
    const stack = fixture((s) => ruleWith(s, () => stateMachineTarget(MACHINE_ARN)));
    const [trust] = statementsOf(stack, "target-role_trust");
    expect(trust.principals).toEqual([{ type: "Service", identifiers: ["events.amazonaws.com"] }]);
    expect(conditionsOf(trust)).toEqual({
      "aws:SourceAccount": [ACCOUNT],
      "aws:SourceArn": ["${aws_cloudwatch_event_rule.rule.arn}"],
    });
  });

  test("a Kinesis target brings PutRecord(s) on its stream, and its partition key", () => {
    const stack = fixture((s) =>
      ruleWith(s, () => kinesisStreamTarget({ streamArn: STREAM_ARN, partitionKeyPath: "$.detail.id" })),
    );
    expect(statementsOf(stack, "target-role_permissions")).toEqual([
      expect.objectContaining({
        actions: ["kinesis:PutRecord", "kinesis:PutRecords"],
        resources: [STREAM_ARN],
      }),
    ]);
    expect(resource(stack, "aws_cloudwatch_event_target", "target").kinesis_target).toEqual({
      partition_key_path: "$.detail.id",
    });
  });

  test("a state machine target brings StartExecution on that state machine only", () => {
    const stack = fixture((s) => ruleWith(s, () => stateMachineTarget(MACHINE_ARN)));
    expect(statementsOf(stack, "target-role_permissions")).toEqual([
      expect.objectContaining({ actions: ["states:StartExecution"], resources: [MACHINE_ARN] }),
    ]);
  });

  test("a Lambda target takes no role: the function's permission admits this rule", () => {
    const stack = fixture((s) => {
      const fn = new NodeFunction(s, "consumer", {
        functionName: "orders",
        roleName: "orders-function",
        description: "Consumes orders",
        source: "event-consumer",
        memorySize: 128,
        timeoutSeconds: 10,
        logRetentionDays: 7,
        statements: [],
      });
      ruleWith(s, () => lambdaFunctionTarget(fn), false);
    });
    expect(resource(stack, "aws_cloudwatch_event_target", "target").role_arn).toBeUndefined();
    expect(resource(stack, "aws_lambda_permission", "consumer_invoke-from-rule")).toMatchObject({
      action: "lambda:InvokeFunction",
      principal: "events.amazonaws.com",
      source_arn: "${aws_cloudwatch_event_rule.rule.arn}",
    });
  });

  test("a role for a target that needs one is required, and refused for one that does not", () => {
    expect(() => fixture((s) => ruleWith(s, () => stateMachineTarget(MACHINE_ARN), false))).toThrow(
      "Rule target target is reached with a role: give options.role",
    );
    const noRole: RuleTarget = { arn: MACHINE_ARN, admit: () => {} };
    expect(() => fixture((s) => ruleWith(s, () => noRole))).toThrow("Rule target target takes no role");
  });

  test("a rule with a dead-letter queue but no target fails synthesis; a second target is refused", () => {
    expect(() =>
      fixture((s) => {
        const rule = new CloudwatchEventRule(s, "rule", { name: "orders", eventPattern: "{}" });
        new EventRuleTarget(s, { rule, delivery: DELIVERY, dlq: { id: "rule-dlq", name: "orders-dlq" } });
      }, true),
    ).toThrow("Rule rule has a dead-letter queue but no target");
    expect(() =>
      fixture((s) => {
        ruleWith(s, () => stateMachineTarget(MACHINE_ARN));
        const delivery = s.node.findChild("rule-delivery") as EventRuleTarget;
        delivery.addTarget(stateMachineTarget(MACHINE_ARN), { id: "second", targetId: "second" });
      }),
    ).toThrow("Rule rule already has a target: one target per rule");
  });
});

// What a user relies on, over every rule of every stack as synthesized (default and every option on).
describe.each([
  ["default settings", {}],
  ["every option on", ALL_OPTIONS],
])("every EventBridge rule, %s", (_name, overrides) => {
  const synthesized = synthesize({ config: testConfig(overrides) });
  const allRules = STACK_IDS.flatMap((id) => {
    const stack = synthesized.json(id);
    return Object.keys(stack.resource?.aws_cloudwatch_event_rule ?? {}).map((name) => [
      `${id} ${name}`,
      stack,
      name,
    ]);
  }) as [string, TerraformJson, string][];
  // Monitoring rules deliver nothing: their matches are an alarm's metric (AWS/Events TriggeredRules).
  const isMonitoring = ([, , name]: [string, TerraformJson, string]) => name.startsWith("monitoring_");
  const rules = allRules.filter((rule) => !isMonitoring(rule));
  const monitoringRules = allRules.filter(isMonitoring);

  test("there are the four delivering rules this project has, and its one monitoring rule", () => {
    expect(rules.map(([label]) => label).sort()).toEqual([
      "ec2-state-to-kinesis rule",
      "event-rule-targets lambda-function-rule",
      "event-rule-targets state-machine-rule",
      "rds-autotag rule",
    ]);
    expect(monitoringRules.map(([label]) => label)).toEqual([
      "dynamodb-pipes-momento monitoring_pipe-stop-calls",
    ]);
  });

  test.each(monitoringRules)("%s: no target, and an alarm on its matches", (_label, stack, name) => {
    const ruleName = `\${aws_cloudwatch_event_rule.${name}.name}`;
    const targets = Object.values(
      (stack.resource.aws_cloudwatch_event_target ?? {}) as Record<string, TerraformJson>,
    );
    expect(targets.filter((t) => t.rule === ruleName)).toEqual([]);
    const alarms = Object.values(stack.resource.aws_cloudwatch_metric_alarm as Record<string, TerraformJson>);
    expect(
      alarms.filter(
        (a) =>
          a.namespace === "AWS/Events" &&
          a.metric_name === "TriggeredRules" &&
          a.dimensions?.RuleName === ruleName,
      ),
    ).toHaveLength(1);
  });

  test.each(rules)(
    "%s: one target with retry policy, DLQ that admits the rule, DLQ alarm, guarded access",
    (_label, stack, name) => {
      const ruleArn = `\${aws_cloudwatch_event_rule.${name}.arn}`;
      const targets = Object.values(
        stack.resource.aws_cloudwatch_event_target as Record<string, TerraformJson>,
      ).filter((t) => t.rule === `\${aws_cloudwatch_event_rule.${name}.name}`);
      expect(targets).toHaveLength(1);
      const [target] = targets as [TerraformJson];
      expect(target.retry_policy).toEqual({
        maximum_retry_attempts: expect.any(Number),
        maximum_event_age_in_seconds: expect.any(Number),
      });

      const queueRef = target.dead_letter_config.arn as string;
      const queueName = queueRef.replace(/\.arn\}$/, ".name}");
      const policy = Object.values(stack.resource.aws_sqs_queue_policy as Record<string, TerraformJson>).find(
        (p) => p.queue_url === queueRef.replace(/\.arn\}$/, ".url}"),
      );
      const [document] = follow(stack, policy?.policy);
      const sender = (document.statement as TerraformJson[]).find((s) => s.effect === "Allow") ?? {};
      expect(sender.principals).toEqual([{ type: "Service", identifiers: ["events.amazonaws.com"] }]);
      expect(conditionsOf(sender)).toEqual({ "aws:SourceArn": [ruleArn] });
      const alarms = Object.values(
        stack.resource.aws_cloudwatch_metric_alarm as Record<string, TerraformJson>,
      );
      expect(alarms.some((a) => a.dimensions?.QueueName === queueName && a.threshold === 0)).toBe(true);

      if (target.role_arn) {
        const [role] = follow(stack, target.role_arn);
        const [trust] = follow(stack, role.assume_role_policy);
        const conditions = conditionsOf(trust.statement[0]);
        expect(conditions["aws:SourceArn"]).toEqual([ruleArn]);
        expect(conditions["aws:SourceAccount"]).toHaveLength(1);
      } else {
        const permissions = Object.values(
          stack.resource.aws_lambda_permission as Record<string, TerraformJson>,
        );
        expect(
          permissions.filter((p) => p.source_arn === ruleArn && p.principal === "events.amazonaws.com"),
        ).toHaveLength(1);
      }
    },
  );
});
