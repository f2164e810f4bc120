import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { Construct } from "constructs";

export interface PolicyCondition {
  readonly test: string;
  readonly variable: string;
  readonly values: readonly string[];
}

/** One IAM statement: one edge of the data flow, named by its `sid`. */
export interface PolicyStatement {
  /** Letters and digits only (IAM's rule for Sid). */
  readonly sid: string;
  readonly effect?: "Allow" | "Deny";
  readonly actions: readonly string[];
  /** Omitted only in trust policies. */
  readonly resources?: readonly string[];
  readonly principals?: readonly { readonly type: string; readonly identifiers: readonly string[] }[];
  readonly conditions?: readonly PolicyCondition[];
}

/**
 * A policy as `data "aws_iam_policy_document"`: plans and snapshots show readable statements,
 * and the baseline checks them, instead of an opaque JSON string.
 */
export function policyDocument(
  scope: Construct,
  id: string,
  statements: readonly PolicyStatement[],
): DataAwsIamPolicyDocument {
  const sids = new Set<string>();
  for (const statement of statements) {
    if (!/^[A-Za-z0-9]+$/.test(statement.sid)) {
      throw new Error(
        `Policy ${id}: Sid ${JSON.stringify(statement.sid)} must contain only letters and digits`,
      );
    }
    if (sids.has(statement.sid)) throw new Error(`Policy ${id}: Sid ${statement.sid} is used twice`);
    sids.add(statement.sid);
  }
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: statements.map((s) => ({
      sid: s.sid,
      effect: s.effect ?? "Allow",
      actions: [...s.actions],
      resources: s.resources ? [...s.resources] : undefined,
      principals: s.principals?.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
      condition: s.conditions?.map((c) => ({ test: c.test, variable: c.variable, values: [...c.values] })),
    })),
  });
}

/** Denies every request that does not use TLS (for resource policies on queues and buckets). */
export function denyInsecureTransport(
  service: "sqs" | "s3" | "sns",
  resources: readonly string[],
): PolicyStatement {
  return {
    sid: "DenyInsecureTransport",
    effect: "Deny",
    principals: [{ type: "*", identifiers: ["*"] }],
    actions: [`${service}:*`],
    resources,
    conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  };
}

/**
 * A KMS key policy's first statement, as AWS's default key policy has it: the account administers the key,
 * so its IAM policies can grant use of it (without it, nobody could ever change the key again).
 */
export function accountAdministersKey(partition: string, accountId: string): PolicyStatement {
  return {
    sid: "AccountAdministersKey",
    principals: [{ type: "AWS", identifiers: [`arn:${partition}:iam::${accountId}:root`] }],
    actions: ["kms:*"],
    resources: ["*"],
  };
}
