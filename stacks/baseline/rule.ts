import type { StackModel } from "./model";

/** What one rule found wrong with one resource. */
export interface Violation {
  /** Terraform address, such as aws_sqs_queue.dlq_queue. */
  readonly address: string;
  readonly problem: string;
  readonly fix: string;
}

export interface Rule {
  /** Stable id, used in findings and suppressions. */
  readonly id: string;
  /** What the rule guarantees, for the audit table and the README. */
  readonly title: string;
  /** The checkov / trivy / cdk-nag rules it mirrors. */
  readonly mirrors: string;
  /** Resource types the rule looks at: a stack without any of them is "n/a" in the audit. */
  readonly appliesTo: readonly string[];
  /**
   * Narrows appliesTo when the type alone says too little (a Firehose trust rule on a stack whose
   * roles are all for other services): false makes the rule "n/a" in the audit.
   */
  readonly appliesWhen?: (model: StackModel) => boolean;
  check(model: StackModel): Violation[];
}

/** A violation in context: which stack, which rule. */
export interface Finding extends Violation {
  readonly stack: string;
  readonly ruleId: string;
}

export function formatFinding(finding: Finding): string {
  return `${finding.stack} ${finding.address} [${finding.ruleId}] ${finding.problem}. Fix: ${finding.fix}`;
}

/** No violation when `ok`, else `violation`: what a rule returns for each resource it checks. */
export function violationUnless(ok: unknown, violation: Violation): Violation[] {
  return ok ? [] : [violation];
}
