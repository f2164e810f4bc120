import type { App, TerraformElement, TerraformStack } from "cdktf";
import { TerraformStack as Stack } from "cdktf";
import { StackModel, type TerraformJson } from "./model";
import { type Finding, formatFinding, type Rule } from "./rule";
import { RULES } from "./rules";
import { collectSettingsBehind } from "./settings-behind";
import { collectSuppressions, MIN_REASON_LENGTH } from "./suppress";

export interface SuppressedFinding extends Finding {
  readonly reason: string;
}

export interface StackAudit {
  readonly stack: string;
  /** Findings that fail synthesis. */
  readonly findings: readonly Finding[];
  readonly suppressed: readonly SuppressedFinding[];
  /** Rules that had something to look at in this stack (the rest are "n/a" in the audit table). */
  readonly applicable: ReadonlySet<string>;
  /** Suppressions that are themselves wrong: unknown rule, no real reason, or hiding nothing. */
  readonly suppressionProblems: readonly string[];
}

/**
 * Runs every rule over one stack's synthesized Terraform (as it would be written) and its suppressions.
 * `json` is the stack's toTerraform() when the caller has resolved it already (synthesizeApp).
 */
export function auditStack(
  stack: TerraformStack,
  rules: readonly Rule[] = RULES,
  json = stack.toTerraform() as TerraformJson,
): StackAudit {
  const logicalId = (element: TerraformElement) => stack.getLogicalId(element);
  const model = new StackModel(stack.node.id, json, collectSettingsBehind(stack, logicalId));
  const all: Finding[] = rules.flatMap((rule) =>
    rule.check(model).map((violation) => ({ ...violation, stack: stack.node.id, ruleId: rule.id })),
  );
  const applicable = new Set(
    rules
      .filter((rule) => rule.appliesTo.some((type) => type === "*" || model.ofType(type).length > 0))
      .filter((rule) => rule.appliesWhen?.(model) ?? true)
      .map((r) => r.id),
  );

  const suppressions = collectSuppressions(stack, logicalId);
  const suppressionProblems: string[] = [];
  const used = new Set<number>();
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of all) {
    const index = suppressions.findIndex((s) => s.address === finding.address && s.ruleId === finding.ruleId);
    if (index === -1) {
      findings.push(finding);
      continue;
    }
    used.add(index);
    suppressed.push({ ...finding, reason: (suppressions[index] as { reason: string }).reason });
  }
  suppressions.forEach((s, index) => {
    const where = `${stack.node.id} ${s.address} [${s.ruleId}]`;
    if (!rules.some((rule) => rule.id === s.ruleId))
      suppressionProblems.push(`${where} suppresses an unknown rule`);
    else if (s.reason.trim().length < MIN_REASON_LENGTH) {
      suppressionProblems.push(
        `${where} suppression needs a reason of at least ${MIN_REASON_LENGTH} characters`,
      );
    } else if (!used.has(index)) suppressionProblems.push(`${where} suppression hides no finding: remove it`);
  });
  return { stack: stack.node.id, findings, suppressed, applicable, suppressionProblems };
}

export function auditApp(
  app: App,
  rules: readonly Rule[] = RULES,
  resolved?: ReadonlyMap<TerraformStack, unknown>,
): StackAudit[] {
  return app.node
    .findAll()
    .filter(Stack.isStack)
    .map((stack) => auditStack(stack, rules, resolved?.get(stack) as TerraformJson | undefined));
}

/** Thrown before anything is written when any stack breaks the baseline. */
export class BaselineError extends Error {
  constructor(readonly audits: readonly StackAudit[]) {
    const lines = audits.flatMap((a) => [...a.findings.map(formatFinding), ...a.suppressionProblems]);
    super(
      `Security and reliability baseline: ${lines.length} finding${lines.length === 1 ? "" : "s"}\n` +
        lines.map((line) => `  ${line}`).join("\n") +
        "\nSee README.md, 'Security and reliability baseline', to fix or to suppress with a reason.",
    );
    this.name = "BaselineError";
  }
}

/**
 * Checks every stack, reporting all findings at once; throws BaselineError if any remain. `resolved`:
 * each stack's toTerraform(), when the caller has it (synthesizeApp).
 */
export function assertBaseline(app: App, resolved?: ReadonlyMap<TerraformStack, unknown>): StackAudit[] {
  const audits = auditApp(app, RULES, resolved);
  if (audits.some((a) => a.findings.length > 0 || a.suppressionProblems.length > 0))
    throw new BaselineError(audits);
  return audits;
}
