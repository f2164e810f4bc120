import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchDashboard } from "@cdktf/provider-aws/lib/cloudwatch-dashboard";
import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { IntegrationStack } from "../integration-stack";
import type { AlarmSetting } from "./alarm-settings";
import {
  type AlarmKind,
  type AlarmKindName,
  alarmKind,
  isMathKind,
  type MathAlarmKind,
  type Severity,
} from "./catalog";
import { dashboardBody, type Widget } from "./dashboard";

/** Construct id of a stack's monitoring: its alarms' addresses start with it. */
export const MONITORING_ID = "monitoring";

/** CloudWatch allows at most 100 alarms in one composite alarm's rule. */
const MAX_COMPOSITE_CHILDREN = 100;

export interface StackMonitoringProps {
  /** The stack's `alarms` settings (threshold and enabled per kind). */
  readonly settings: Readonly<Partial<Record<AlarmKindName, AlarmSetting>>>;
  /** The README section of the stack, linked from the dashboard's first widget. */
  readonly readmeAnchor: string;
}

/** What one watched resource's alarm needs beyond its kind. */
export interface AlarmTarget {
  /** Construct id of the resource's alarms (a scope under `monitoring`): `rule`, `consumer`. */
  readonly id: string;
  /** Literal name of the watched resource: alarm names are `<name>-<kind suffix>`. */
  readonly name: string;
  /** The metric's dimensions, as AWS documents them; values may be Terraform references. */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** A metric-math kind's dimensions, per metric id of the kind (see catalog.ts `MathAlarmKind`). */
  readonly metricDimensions?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Alarm names deployed before the toolkit, by kind: CloudWatch cannot rename an alarm (a new name replaces
   * it and loses its history), so a stack moving its own alarms onto the toolkit keeps their names.
   * @default `<name>-<kind suffix>`
   */
  readonly alarmNames?: Readonly<Partial<Record<AlarmKindName, string>>>;
}

/** One metric with a statistic (or a percentile) over the kind's period. */
function singleMetric(spec: AlarmKind, target: AlarmTarget, threshold: number) {
  if (target.dimensions === undefined)
    throw new Error(`Alarm ${target.name}-${spec.suffix} needs dimensions`);
  const percentile = spec.statistic.startsWith("p");
  return {
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: { ...target.dimensions },
    statistic: percentile ? undefined : spec.statistic,
    extendedStatistic: percentile ? spec.statistic : undefined,
    period: spec.periodSeconds,
    threshold,
  };
}

/**
 * The expression (the one query that returns data) and its metrics, in the catalog's order, each over the
 * window the setting gives in minutes; the expression is compared with the kind's fixed threshold.
 */
function mathQuery(spec: MathAlarmKind, target: AlarmTarget, windowMinutes: number) {
  const period = windowMinutes * 60;
  return {
    threshold: spec.alarmThreshold,
    metricQuery: [
      {
        id: spec.suffix.replace(/\W/g, "_"),
        expression: spec.expression,
        label: spec.label,
        returnData: true,
      },
      ...Object.entries(spec.metrics).map(([id, metric]) => {
        const dimensions = target.metricDimensions?.[id];
        if (dimensions === undefined)
          throw new Error(`Alarm ${target.name}-${spec.suffix} needs dimensions for ${id}`);
        return {
          id,
          returnData: false,
          metric: {
            namespace: metric.namespace,
            metricName: metric.metricName,
            stat: metric.statistic,
            period,
            dimensions: { ...dimensions },
          },
        };
      }),
    ],
  };
}

interface Entry {
  readonly title: string;
  readonly alarm: CloudwatchMetricAlarm;
  readonly severity: Severity;
}

/**
 * A stack's alarms, its composite "integration unhealthy" alarm and its dashboard. Stacks add alarms per
 * resource (see watch.ts), in data-flow order, section by section; `finish` (called by buildApp) adds the
 * composite alarm and the dashboard once every alarm exists.
 */
export class StackMonitoring extends Construct {
  private readonly sections = new Map<string, Entry[]>();
  private finished = false;

  static of(stack: IntegrationStack): StackMonitoring | undefined {
    const child = stack.node.tryFindChild(MONITORING_ID);
    return child instanceof StackMonitoring ? child : undefined;
  }

  constructor(
    readonly stack: IntegrationStack,
    readonly props: StackMonitoringProps,
  ) {
    super(stack, MONITORING_ID);
  }

  /** Whether `alarms.<kind>.enabled` (a watch function that creates more than the alarm asks first). */
  enabled(kind: AlarmKindName): boolean {
    const setting = this.props.settings[kind];
    if (setting === undefined) throw new Error(`Alarm kind ${kind} is not among the stack's alarm settings`);
    return setting.enabled;
  }

  /**
   * One alarm of `kind` on a resource, unless `alarms.<kind>.enabled` is false. `threshold` turns the
   * setting into the metric's unit when they differ (a percentage of a timeout into milliseconds).
   */
  alarm(
    section: string,
    kind: AlarmKindName,
    target: AlarmTarget,
    threshold: (setting: number) => number = (setting) => setting,
  ): CloudwatchMetricAlarm | undefined {
    const setting = this.props.settings[kind];
    if (setting === undefined) throw new Error(`Alarm kind ${kind} is not among the stack's alarm settings`);
    if (!setting.enabled) return undefined;
    const spec = alarmKind(kind);
    const scope =
      (this.node.tryFindChild(target.id) as Construct | undefined) ?? new Construct(this, target.id);
    const actions = this.stack.alarmActions;
    const alarm = new CloudwatchMetricAlarm(scope, spec.suffix, {
      alarmName: target.alarmNames?.[kind] ?? `${target.name}-${spec.suffix}`,
      alarmDescription: `${spec.meaning}. Runbook: docs/operations.md, "${kind}".`,
      ...(isMathKind(spec)
        ? mathQuery(spec, target, setting.threshold)
        : singleMetric(spec, target, threshold(setting.threshold))),
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      comparisonOperator: spec.comparison,
      treatMissingData: spec.treatMissingData,
      alarmActions: actions.length > 0 ? [...actions] : undefined,
      okActions: actions.length > 0 ? [...actions] : undefined,
    });
    const title = isMathKind(spec) ? spec.label : spec.metricName;
    this.add(section, `${title} (${target.name})`, alarm, spec.severity);
    return alarm;
  }

  /** An alarm made elsewhere (a DeadLetterQueue's), shown in `section` and part of the composite alarm. */
  include(section: string, title: string, alarm: CloudwatchMetricAlarm, severity: Severity = "page"): void {
    this.add(section, title, alarm, severity);
  }

  private add(section: string, title: string, alarm: CloudwatchMetricAlarm, severity: Severity): void {
    if (this.finished) throw new Error(`Monitoring of ${this.stack.stackId} is finished: add alarms before`);
    const entries = this.sections.get(section) ?? [];
    entries.push({ title, alarm, severity });
    this.sections.set(section, entries);
  }

  /** Every alarm added, in section order. */
  get entries(): readonly Entry[] {
    return [...this.sections.values()].flat();
  }

  /** The composite alarm and the dashboard; called once, after the stack's constructor. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const paging = this.entries.filter((entry) => entry.severity === "page");
    if (paging.length === 0) return;
    if (paging.length > MAX_COMPOSITE_CHILDREN) {
      throw new Error(
        `${this.stack.stackId} has ${paging.length} paging alarms; a composite alarm takes ${MAX_COMPOSITE_CHILDREN}`,
      );
    }
    const names = this.stack.names;
    const targets = this.stack.notificationTargets;
    const unhealthy = new CloudwatchCompositeAlarm(this, "unhealthy", {
      alarmName: names.name("alarm", `${this.stack.stackId}-unhealthy`),
      alarmDescription: `Integration ${this.stack.stackId} is unhealthy: one of its alarms is in ALARM. The dashboard ${this.dashboardName} shows which.`,
      // References, not literal names: Terraform creates the member alarms first, as CloudWatch requires.
      alarmRule: paging.map((entry) => `ALARM("${entry.alarm.alarmName}")`).join(" OR "),
      alarmActions: targets.length > 0 ? [...targets] : undefined,
      okActions: targets.length > 0 ? [...targets] : undefined,
    });
    new CloudwatchDashboard(this, "dashboard", {
      dashboardName: this.dashboardName,
      dashboardBody: dashboardBody(this.widgets(unhealthy), this.stack.region),
    });
  }

  private get dashboardName(): string {
    return this.stack.names.name("dashboard", this.stack.stackId);
  }

  /** Header, the state of every alarm, then one row of graphs per section in data-flow order. */
  private widgets(unhealthy: CloudwatchCompositeAlarm): Widget[] {
    const docs = this.stack.config.docsBaseUrl;
    const readme = docs ? `[README: ${this.stack.stackId}](${docs}#${this.props.readmeAnchor})` : "README.md";
    const runbook = docs
      ? `[runbook](${docs.replace(/README\.md$/, "")}docs/operations.md)`
      : "docs/operations.md";
    const widgets: Widget[] = [
      {
        type: "text",
        height: 2,
        markdown: `# ${this.stack.stackId}\nWhat each alarm means and what to check first: ${readme}, section "${this.stack.stackId}"; one entry per alarm in the ${runbook}.`,
      },
      {
        type: "alarm-status",
        title: "Alarms",
        alarmArns: [unhealthy.arn, ...this.entries.map((entry) => entry.alarm.arn)],
      },
    ];
    for (const [section, entries] of this.sections) {
      widgets.push({ type: "text", height: 1, markdown: `## ${section}` });
      for (const entry of entries)
        widgets.push({ type: "alarm-graph", title: entry.title, alarmArn: entry.alarm.arn });
    }
    return widgets;
  }
}
