import { type Block, isAllow, type StackModel, type Statement } from "../model";
import type { Rule, Violation } from "../rule";

/** Where policies live: identity policies (what a role may do) and resource/trust policies. */
const IDENTITY_POLICIES: readonly [string, string][] = [
  ["aws_iam_role_policy", "policy"],
  ["aws_iam_policy", "policy"],
];
const OTHER_POLICIES: readonly [string, string][] = [
  ["aws_iam_role", "assume_role_policy"],
  ["aws_sqs_queue_policy", "policy"],
  ["aws_s3_bucket_policy", "policy"],
  ["aws_kms_key", "policy"],
  ["aws_sns_topic_policy", "policy"],
  ["aws_cloudwatch_event_bus_policy", "policy"],
  ["aws_cloudwatch_log_resource_policy", "policy_document"],
  ["aws_sqs_queue", "policy"],
];

/**
 * Actions that support no resource-level permission, so `Resource: "*"` is the only correct form: those with
 * no resource type in the Service Authorization Reference. The baseline keeps its own list, written from that
 * reference, never from the stacks' grants: a checker that read the code it checks would trust any mistake.
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsx-ray.html
 */
export const ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS: readonly string[] = [
  // X-Ray trace writing (AWSXRayDaemonWriteAccess).
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
  // Vended log delivery setup (Step Functions, Pipes).
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
];

/** Statements of every identity policy in the stack, with the address that holds them. */
export function identityStatements(model: StackModel): { owner: Block; statements: Statement[] }[] {
  return policiesOf(model, IDENTITY_POLICIES);
}

/** Statements of trust and resource policies. */
export function resourceStatements(model: StackModel): { owner: Block; statements: Statement[] }[] {
  return policiesOf(model, OTHER_POLICIES);
}

function policiesOf(model: StackModel, where: readonly [string, string][]) {
  const found: { owner: Block; statements: Statement[] }[] = [];
  for (const [type, attribute] of where) {
    for (const owner of model.ofType(type)) {
      const statements = model.statementsOf(owner.config[attribute]);
      if (statements) found.push({ owner, statements });
    }
  }
  if (where === IDENTITY_POLICIES) {
    // Inline policies of a role are identity policies too.
    for (const owner of model.ofType("aws_iam_role")) {
      for (const inline of (owner.config.inline_policy ?? []) as { policy?: unknown }[]) {
        const statements = model.statementsOf(inline.policy);
        if (statements) found.push({ owner, statements });
      }
    }
  }
  return found;
}

function label(statement: Statement): string {
  return statement.sid ? `statement ${statement.sid}` : "a statement";
}

export const iamNoWildcardActions: Rule = {
  id: "IAM-WILDCARD-ACTION",
  title: 'Identity policies allow named actions only: no "*", "service:*" or other wildcards',
  mirrors:
    "checkov CKV_AWS_49/CKV_AWS_63 (CKV_AWS_1/CKV_AWS_62 for *:*), trivy AVD-AWS-0057, cdk-nag AwsSolutions-IAM5",
  appliesTo: ["aws_iam_role_policy", "aws_iam_policy", "aws_iam_role"],
  check(model) {
    const violations: Violation[] = [];
    for (const { owner, statements } of identityStatements(model)) {
      for (const statement of statements.filter(isAllow)) {
        const wild = (statement.actions ?? []).filter((action) => action.includes("*"));
        if (wild.length > 0) {
          violations.push({
            address: owner.address,
            problem: `${label(statement)} allows wildcard actions ${wild.join(", ")}`,
            fix: "list the exact actions this edge of the data flow needs",
          });
        }
      }
    }
    return violations;
  },
};

export const iamNoNotAction: Rule = {
  id: "IAM-NOTACTION-ALLOW",
  title: "No Allow statement uses NotAction (it allows everything not listed)",
  mirrors: "checkov none, trivy none, cdk-nag none (cfn_nag W17)",
  appliesTo: [
    ...new Set(["aws_iam_role", ...IDENTITY_POLICIES.map(([t]) => t), ...OTHER_POLICIES.map(([t]) => t)]),
  ],
  check(model) {
    return [...identityStatements(model), ...resourceStatements(model)].flatMap(({ owner, statements }) =>
      statements
        .filter((s) => isAllow(s) && (s.not_actions ?? []).length > 0)
        .map((s) => ({
          address: owner.address,
          problem: `${label(s)} is an Allow with NotAction`,
          fix: "allow the named actions instead",
        })),
    );
  },
};

export const iamWildcardResource: Rule = {
  id: "IAM-WILDCARD-RESOURCE",
  title: 'Resource "*" only for actions that support no resource-level permission',
  mirrors:
    "checkov CKV_AWS_355/CKV_AWS_356, CKV_AWS_111/CKV_AWS_109, CKV_AWS_289/CKV_AWS_290; trivy AVD-AWS-0057; cdk-nag AwsSolutions-IAM5",
  appliesTo: ["aws_iam_role_policy", "aws_iam_policy"],
  check(model) {
    const violations: Violation[] = [];
    for (const { owner, statements } of identityStatements(model)) {
      for (const statement of statements.filter(isAllow)) {
        if (!(statement.resources ?? []).some((r) => r === "*")) continue;
        const scoped = (statement.actions ?? []).filter(
          (a) => !ACTIONS_WITHOUT_RESOURCE_LEVEL_PERMISSIONS.includes(a),
        );
        if (scoped.length > 0) {
          violations.push({
            address: owner.address,
            problem: `${label(statement)} grants ${scoped.join(", ")} on Resource "*"`,
            fix: "name the ARNs of this stack's resources (these actions support resource-level permissions)",
          });
        }
      }
    }
    return violations;
  },
};

const BROAD_MANAGED_POLICY = /:policy\/(AdministratorAccess|PowerUserAccess|[A-Za-z0-9_]*FullAccess)$/;

export const iamNoBroadManagedPolicies: Rule = {
  id: "IAM-BROAD-MANAGED-POLICY",
  title: "No AdministratorAccess, PowerUserAccess or *FullAccess managed policies",
  mirrors: "checkov CKV_AWS_274, trivy none, cdk-nag AwsSolutions-IAM4",
  appliesTo: ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment", "aws_iam_role"],
  check(model) {
    const attached = [
      ...model.ofType("aws_iam_role_policy_attachment").map((b) => ({ b, arns: [b.config.policy_arn] })),
      ...model.ofType("aws_iam_policy_attachment").map((b) => ({ b, arns: [b.config.policy_arn] })),
      ...model
        .ofType("aws_iam_role")
        .map((b) => ({ b, arns: (b.config.managed_policy_arns ?? []) as unknown[] })),
    ];
    return attached.flatMap(({ b, arns }) =>
      arns
        .filter((arn): arn is string => typeof arn === "string" && BROAD_MANAGED_POLICY.test(arn))
        .map((arn) => ({
          address: b.address,
          problem: `attaches the broad managed policy ${arn}`,
          fix: "write a least-privilege policy with aws_iam_policy_document instead",
        })),
    );
  },
};

export const iamPoliciesAsDocuments: Rule = {
  id: "IAM-POLICY-DOCUMENT",
  title: "Every policy is an aws_iam_policy_document data source (reviewable), not an opaque string",
  mirrors: "checkov none, trivy none, cdk-nag none (project rule, as terraform-aws-modules write policies)",
  appliesTo: [
    "data.aws_iam_policy_document",
    ...[...IDENTITY_POLICIES, ...OTHER_POLICIES].map(([type]) => type),
  ],
  check(model) {
    const violations: Violation[] = [];
    for (const document of model.ofType("data.aws_iam_policy_document")) {
      for (const attribute of [
        "source_policy_documents",
        "override_policy_documents",
        "source_json",
        "override_json",
      ]) {
        if (document.config[attribute] !== undefined) {
          violations.push({
            address: document.address,
            problem: `${attribute} merges policy JSON the rules cannot read`,
            fix: "write those statements into the document itself",
          });
        }
      }
    }
    for (const [type, attribute] of [...IDENTITY_POLICIES, ...OTHER_POLICIES]) {
      for (const block of model.ofType(type)) {
        const value = block.config[attribute];
        if (value === undefined) continue;
        if (!model.statementsOf(value)) {
          violations.push({
            address: block.address,
            problem: `${attribute} is not an aws_iam_policy_document`,
            fix: `build it with policyDocument() (stacks/shared/policy-document.ts) and pass its .json`,
          });
        }
      }
      for (const block of type === "aws_iam_role" ? model.ofType(type) : []) {
        for (const inline of (block.config.inline_policy ?? []) as { policy?: unknown }[]) {
          if (inline.policy !== undefined && !model.statementsOf(inline.policy)) {
            violations.push({
              address: block.address,
              problem: "an inline_policy is not an aws_iam_policy_document",
              fix: "use aws_iam_role_policy with a policy document",
            });
          }
        }
      }
    }
    return violations;
  },
};
