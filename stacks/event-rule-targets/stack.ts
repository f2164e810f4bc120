import { CloudwatchEventBus } from "@cdktf/provider-aws/lib/cloudwatch-event-bus";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { settingsBehind } from "../baseline/settings-behind";
import type { StackProps } from "../core/stack-props";
import { DeadLetterQueue } from "../shared/dead-letter-queue";
import { EventRuleTarget } from "../shared/event-rule-target";
import { IntegrationStack, type StackOptions } from "../shared/integration-stack";
import { managedLogGroup } from "../shared/log-group";
import { StackMonitoring } from "../shared/monitoring/monitoring";
import {
  watchDeadLetterQueue,
  watchFunction,
  watchRule,
  watchStateMachine,
} from "../shared/monitoring/watch";
import { NodeFunction } from "../shared/node-function";
import type { PolicyCondition, PolicyStatement } from "../shared/policy-document";
import { lambdaFunctionTarget, stateMachineTarget } from "../shared/rule-targets";
import { ServiceRole } from "../shared/service-role";
import { LOG_DELIVERY_ACTIONS, XRAY_WRITE_ACTIONS } from "../shared/unscoped-actions";
import { exampleEntry, putEventsCommand } from "./put-events-example";
import type { EventRuleTargetsSettings, StateMachineSettings } from "./settings";
import { stateMachineDefinition } from "./state-machine-definition";

const SETTINGS = "stacks.event-rule-targets";
/** How long `terraform destroy` waits for the state machine to be deleted (README, event-rule-targets cleanup). */
export const STATE_MACHINE_DELETE_TIMEOUT = "15m";

/**
 * Custom events → two EventBridge rules (default bus, or a custom bus the stack creates) → a Step Functions
 * state machine that validates the detail and calls the event-consumer function, and the same function
 * invoked directly. Each rule admits only the configured sources and its own detail-type.
 */
export class EventRuleTargetsStack extends IntegrationStack {
  constructor(scope: Construct, props: StackProps<EventRuleTargetsSettings>, options: StackOptions = {}) {
    super(scope, "event-rule-targets", props, options);
    const { common: config, settings } = props;
    const monitoring = new StackMonitoring(this, {
      settings: settings.alarms,
      readmeAnchor: "event-rule-targets",
    });

    // The bus name is known at synth, so the put-events examples can name it as plain text; the rules and
    // targets refer to the resource so Terraform creates the bus first.
    const busName = settings.customEventBus ? this.names.name("eventBus", "event-rule-targets") : undefined;
    const bus = busName
      ? new CloudwatchEventBus(this, "event-bus", {
          name: busName,
          description: "Custom events for the event-rule-targets integration",
        })
      : undefined;
    const eventBusName = bus?.name ?? "default";

    // --- The function, invoked by the state machine (synchronously) and by its rule (asynchronously). ---
    const failedInvocations = new DeadLetterQueue(this, "failed-invocations", {
      name: this.names.name("sqsQueue", "event-consumer-failed"),
      alarmActions: this.alarmActions,
      key: this.kms,
    });
    const functionName = this.names.name("lambdaFunction", "event-consumer");
    const consumerRoleName = this.names.name("iamRole", "event-consumer");
    const consumer = new NodeFunction(this, "consumer", {
      functionName,
      roleName: consumerRoleName,
      description: "Validates and processes start-state-machine and start-lambda-function events",
      source: "event-consumer",
      memorySize: settings.memorySize,
      timeoutSeconds: settings.timeoutSeconds,
      logRetentionDays: config.logRetentionDays,
      // It only validates and summarises its input: no AWS access beyond its logs and failure queue.
      statements: failedInvocations.senderKeyStatements(consumerRoleName, "EncryptFailedEvents"),
      key: this.kms,
      // When the state machine traces, its traces continue into the function.
      tracing: settings.stateMachine.tracing,
      asyncInvocation: {
        maximumRetryAttempts: settings.asyncRetryAttempts,
        maximumEventAgeSeconds: settings.asyncMaximumEventAgeSeconds,
        onFailureQueueArn: failedInvocations.arn,
      },
    });

    // --- The state machine. ---
    const stateMachineName = this.names.name("stateMachine", "event-rule-targets");
    // Built from the name: the machine refers to its role, so the role's trust and key conditions cannot
    // refer to the machine without a cycle.
    const stateMachineArn = this.arn("states", `stateMachine:${stateMachineName}`);
    // The /aws/vendedlogs/ prefix is what Step Functions documents: CloudWatch Logs keeps one resource policy
    // for the whole prefix instead of growing a policy per group up to its size limit.
    const stateMachineLogs = managedLogGroup(
      this,
      "state-machine-logs",
      `/aws/vendedlogs/states/${stateMachineName}`,
      config.logRetentionDays,
      this.kms,
    );
    const executionRoleName = this.names.name("iamRole", "event-rule-targets-sfn");
    // The stack key (customer mode) or the state machine's own key setting, never both (checkKeyConflicts).
    const machineKey = this.kms.arn ?? settings.stateMachine.kmsKeyArn;
    const executionRole = new ServiceRole(this, "state-machine-role", {
      name: executionRoleName,
      description: `Execution role of the ${stateMachineName} state machine`,
      service: "states.amazonaws.com",
      guard: { sourceArns: [stateMachineArn], sourceAccount: this.accountId },
      statements: [
        ...executionStatements(consumer.arn, settings.stateMachine),
        ...this.stateMachineKeyStatements(
          executionRoleName,
          stateMachineArn,
          settings.stateMachine.kmsKeyArn,
        ),
      ],
    });
    const stateMachine = new SfnStateMachine(this, "state-machine", {
      name: stateMachineName,
      type: "STANDARD",
      roleArn: executionRole.arn,
      definition: JSON.stringify(stateMachineDefinition({ functionArn: consumer.arn })),
      loggingConfiguration: {
        level: settings.stateMachine.logLevel,
        includeExecutionData: settings.stateMachine.includeExecutionData,
        // Step Functions wants the log group ARN with its ":*" stream suffix.
        logDestination: `${stateMachineLogs.arn}:*`,
      },
      tracingConfiguration: { enabled: settings.stateMachine.tracing },
      encryptionConfiguration: machineKey
        ? {
            type: "CUSTOMER_MANAGED_KMS_KEY",
            kmsKeyId: machineKey,
            kmsDataKeyReusePeriodSeconds: settings.stateMachine.kmsDataKeyReusePeriodSeconds,
          }
        : { type: "AWS_OWNED_KEY" },
      // DeleteStateMachine leaves the machine DELETING until its running executions end, and the provider waits
      // only 5 minutes by default. An execution here lasts at most about 4.2 minutes (four 60-second attempts of
      // the Task plus backoff), and Step Functions takes minutes of its own to finish a delete: 15 covers both.
      // @see https://github.com/hashicorp/terraform-provider-aws/issues/29206
      timeouts: { delete: STATE_MACHINE_DELETE_TIMEOUT },
      // Step Functions checks the role's log delivery (and key) permissions when it creates the machine.
      dependsOn: [executionRole.policy],
    });
    settingsBehind(stateMachine, [`${SETTINGS}.stateMachine.kmsKeyArn`]);

    // --- Rule → state machine. ---
    const stateMachineRuleName = this.names.name("eventRule", "start-state-machine");
    const stateMachineRule = new CloudwatchEventRule(this, "state-machine-rule", {
      name: stateMachineRuleName,
      description: `${settings.stateMachineDetailType} events to the ${stateMachineName} state machine`,
      eventBusName,
      eventPattern: JSON.stringify(customEventPattern(settings.sources, settings.stateMachineDetailType)),
      state: "ENABLED",
    });
    settingsBehind(stateMachineRule, [`${SETTINGS}.sources`, `${SETTINGS}.stateMachineDetailType`]);
    const stateMachineDelivery = new EventRuleTarget(this, {
      rule: stateMachineRule,
      bus,
      delivery: settings.delivery,
      dlq: {
        id: "state-machine-rule-dlq",
        name: this.names.name("sqsQueue", "start-state-machine-rule-dlq"),
      },
    });
    // Step Functions encrypts the execution input with the caller's access to the machine's key (the stack key
    // or the machine's own kmsKeyArn): without it every StartExecution is refused.
    const encryptInput = (roleName: string): PolicyStatement[] => {
      const conditions = [this.kms.viaService("states"), stateMachineContext(stateMachineArn)];
      if (this.kms.customer)
        return this.kms.roleStatements(
          roleName,
          "EncryptExecutionInput",
          ["kms:GenerateDataKey"],
          conditions,
        );
      return machineKey
        ? [
            {
              sid: "EncryptExecutionInput",
              actions: ["kms:GenerateDataKey"],
              resources: [machineKey],
              conditions,
            },
          ]
        : [];
    };
    const startsExecutions = stateMachineTarget(stateMachine.arn, encryptInput);
    stateMachineDelivery.addTarget(startsExecutions, {
      id: "state-machine-target",
      targetId: "state-machine",
      role: {
        id: "start-execution-role",
        name: this.names.name("iamRole", "event-rule-targets-start"),
        description: `EventBridge starts executions of ${stateMachineName} for its rule`,
      },
    });

    // --- Rule → function. ---
    const lambdaRuleName = this.names.name("eventRule", "start-lambda-function");
    const lambdaRule = new CloudwatchEventRule(this, "lambda-function-rule", {
      name: lambdaRuleName,
      description: `${settings.lambdaDetailType} events to the event-consumer function`,
      eventBusName,
      eventPattern: JSON.stringify(customEventPattern(settings.sources, settings.lambdaDetailType)),
      state: "ENABLED",
    });
    settingsBehind(lambdaRule, [`${SETTINGS}.sources`, `${SETTINGS}.lambdaDetailType`]);
    const lambdaDelivery = new EventRuleTarget(this, {
      rule: lambdaRule,
      bus,
      delivery: settings.delivery,
      dlq: {
        id: "lambda-function-rule-dlq",
        name: this.names.name("sqsQueue", "start-lambda-function-rule-dlq"),
      },
    });
    lambdaDelivery.addTarget(lambdaFunctionTarget(consumer), {
      id: "lambda-function-target",
      targetId: "event-consumer",
    });

    // --- Alarms, in the order the data flows: rules, state machine, function, what failed. ---
    const router = "Router: EventBridge rules";
    watchRule(monitoring, router, {
      id: "state-machine-rule",
      name: stateMachineRuleName,
      nameRef: stateMachineRule.name,
      eventBusName,
    });
    watchRule(monitoring, router, {
      id: "lambda-function-rule",
      name: lambdaRuleName,
      nameRef: lambdaRule.name,
      eventBusName,
    });
    watchStateMachine(monitoring, "Target: state machine", {
      id: "state-machine",
      name: stateMachineName,
      arnRef: stateMachine.arn,
    });
    watchFunction(monitoring, "Target: event-consumer function", {
      id: "consumer",
      name: functionName,
      nameRef: consumer.name,
      timeoutSeconds: settings.timeoutSeconds,
      asyncDestination: true,
    });
    const failures = "Failures: dead-letter queues";
    for (const dlq of [stateMachineDelivery.dlq, lambdaDelivery.dlq, failedInvocations])
      watchDeadLetterQueue(monitoring, failures, dlq);

    // --- Outputs. ---
    new TerraformOutput(this, "event_bus_name", {
      value: eventBusName,
      description: "The bus both rules are on; producers put events here",
    });
    new TerraformOutput(this, "state_machine_rule_arn", { value: stateMachineRule.arn });
    new TerraformOutput(this, "lambda_function_rule_arn", { value: lambdaRule.arn });
    new TerraformOutput(this, "state_machine_arn", { value: stateMachine.arn });
    new TerraformOutput(this, "state_machine_log_group", { value: stateMachineLogs.name });
    new TerraformOutput(this, "function_name", { value: consumer.name });
    // NodeFunction names its log group after the function (Lambda's own convention).
    new TerraformOutput(this, "function_log_group", { value: `/aws/lambda/${functionName}` });
    new TerraformOutput(this, "state_machine_rule_dlq_url", {
      value: stateMachineDelivery.dlq.url,
      description: "Events EventBridge could not deliver to the state machine",
    });
    new TerraformOutput(this, "lambda_function_rule_dlq_url", {
      value: lambdaDelivery.dlq.url,
      description: "Events EventBridge could not deliver to the function",
    });
    new TerraformOutput(this, "failed_invocations_url", {
      value: failedInvocations.url,
      description: "Events the function failed on after every asynchronous retry",
    });
    const [source = ""] = settings.sources;
    const example = (detailType: string) =>
      putEventsCommand([exampleEntry({ source, detailType, eventBusName: busName })], this.region);
    new TerraformOutput(this, "put_events_state_machine", {
      value: example(settings.stateMachineDetailType),
      description: "Sends one event that starts an execution of the state machine",
    });
    new TerraformOutput(this, "put_events_lambda_function", {
      value: example(settings.lambdaDetailType),
      description: "Sends one event that invokes the function",
    });
  }

  /** Every log group ARN of this account and region: the encryption context CloudWatch Logs sets. */
  private logsArn(): string {
    return this.arn("logs", "*");
  }

  /**
   * What the execution role needs of the state machine's key: the stack key (customer mode, granted through
   * this.kms so kms:policy prints it, and log delivery admitted in its key policy) or the machine's own
   * `kmsKeyArn` setting, whose key policy is the user's.
   */
  private stateMachineKeyStatements(
    roleName: string,
    stateMachineArn: string,
    ownKey: string | undefined,
  ): PolicyStatement[] {
    if (!this.kms.customer)
      return ownKey ? stateMachineKeyStatements(ownKey, stateMachineArn, this.logsArn()) : [];
    // Vended log delivery of an encrypted state machine decrypts with the key, for this account's logs only.
    // @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html
    this.kms.allowService({
      sid: "LogDeliveryDecrypts",
      service: "delivery.logs.amazonaws.com",
      actions: ["kms:Decrypt"],
      conditions: [
        { test: "StringEquals", variable: "aws:SourceAccount", values: [this.accountId] },
        { test: "ArnLike", variable: "aws:SourceArn", values: [this.logsArn()] },
      ],
    });
    return stateMachineKeyStatements(this.kms.arn as string, stateMachineArn, this.logsArn()).flatMap(
      (statement) =>
        this.kms.roleStatements(roleName, statement.sid, statement.actions, statement.conditions ?? []),
    );
  }
}

/**
 * The pattern of both rules: the configured sources and one detail-type. The detail is deliberately not
 * filtered: an invalid detail must reach the targets and fail visibly (InvalidDetail execution, a "skipped"
 * log line) rather than vanish at the rule.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 */
export function customEventPattern(sources: readonly string[], detailType: string): Record<string, unknown> {
  return { source: [...sources], "detail-type": [detailType] };
}

/** The execution role's permissions: invoke this function, set up log delivery, and trace when asked. */
function executionStatements(functionArn: string, settings: StateMachineSettings): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    {
      sid: "InvokeEventConsumer",
      actions: ["lambda:InvokeFunction"],
      // The unqualified ARN, and ":*" for versions and aliases should the definition ever name one.
      resources: [functionArn, `${functionArn}:*`],
    },
    { sid: "DeliverExecutionLogs", actions: [...LOG_DELIVERY_ACTIONS], resources: ["*"] },
  ];
  if (settings.tracing) {
    statements.push({ sid: "WriteTraces", actions: [...XRAY_WRITE_ACTIONS], resources: ["*"] });
  }
  return statements;
}

/** Step Functions' encryption context: a grant under it is good for this state machine only. */
function stateMachineContext(stateMachineArn: string): PolicyCondition {
  return {
    test: "StringEquals",
    variable: "kms:EncryptionContext:aws:states:stateMachineArn",
    values: [stateMachineArn],
  };
}

/** What the execution role needs of a customer managed key that encrypts the state machine. */
function stateMachineKeyStatements(key: string, stateMachineArn: string, logsArn: string): PolicyStatement[] {
  return [
    {
      // Step Functions encrypts the definition and execution history with the role's access to the key,
      // always with this encryption context: the grant is good for this state machine only.
      sid: "UseStateMachineKey",
      actions: ["kms:Decrypt", "kms:GenerateDataKey"],
      resources: [key],
      conditions: [stateMachineContext(stateMachineArn)],
    },
    {
      // Log delivery of an encrypted state machine needs a data key under the logs encryption context.
      sid: "EncryptDeliveredLogs",
      actions: ["kms:GenerateDataKey"],
      resources: [key],
      conditions: [{ test: "StringEquals", variable: "kms:EncryptionContext:SourceArn", values: [logsArn] }],
    },
  ];
}
