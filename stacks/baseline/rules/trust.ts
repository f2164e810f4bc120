import { hasCondition, isAllow, type StackModel, type Statement } from "../model";
import type { Rule, Violation } from "../rule";
import { resourceStatements } from "./iam";

/** Whether any role of the stack may be assumed by one of `services`. */
function hasRoleFor(model: StackModel, services: readonly string[]): boolean {
  return model
    .ofType("aws_iam_role")
    .some((role) =>
      (model.statementsOf(role.config.assume_role_policy) ?? []).some((statement) =>
        principalsOf(statement, "Service").some((service) => services.includes(service)),
      ),
    );
}

function principalsOf(statement: Statement, type?: string): string[] {
  return (statement.principals ?? [])
    .filter((p) => type === undefined || p.type === type)
    .flatMap((p) => p.identifiers);
}

export const trustNoWildcardPrincipal: Rule = {
  id: "TRUST-WILDCARD-PRINCIPAL",
  title: 'No trust or resource policy allows the "*" principal',
  mirrors: "checkov CKV_AWS_60/CKV_AWS_61 (trust), CKV_AWS_168 (SQS policy), trivy none, cdk-nag none",
  appliesTo: [
    "aws_iam_role",
    "aws_sqs_queue_policy",
    "aws_s3_bucket_policy",
    "aws_kms_key",
    "aws_sns_topic_policy",
    "aws_cloudwatch_event_bus_policy",
    "aws_cloudwatch_log_resource_policy",
    "aws_sqs_queue",
  ],
  check(model) {
    return resourceStatements(model).flatMap(({ owner, statements }) =>
      statements
        .filter(
          (s) =>
            isAllow(s) && (s.principals ?? []).some((p) => p.type === "*" || p.identifiers.includes("*")),
        )
        .map(
          (s): Violation => ({
            address: owner.address,
            problem: `statement ${s.sid ?? "(no sid)"} allows any principal ("*")`,
            fix: "name the service or account principal that needs access",
          }),
        ),
    );
  },
};

/** Services that act on behalf of a resource and document aws:SourceArn / aws:SourceAccount for their roles. */
export const SOURCE_CONDITION_SERVICES = [
  "events.amazonaws.com",
  "pipes.amazonaws.com",
  "states.amazonaws.com",
  "scheduler.amazonaws.com",
];

export const trustConfusedDeputy: Rule = {
  id: "TRUST-CONFUSED-DEPUTY",
  title: "Roles for events, pipes, states and scheduler require aws:SourceArn or aws:SourceAccount",
  mirrors:
    "checkov none, trivy none, cdk-nag none (Prowler iam_role_cross_service_confused_deputy_prevention)",
  appliesTo: ["aws_iam_role"],
  appliesWhen: (model) => hasRoleFor(model, SOURCE_CONDITION_SERVICES),
  check(model) {
    const violations: Violation[] = [];
    for (const role of model.ofType("aws_iam_role")) {
      for (const statement of model.statementsOf(role.config.assume_role_policy) ?? []) {
        const services = principalsOf(statement, "Service").filter((s) =>
          SOURCE_CONDITION_SERVICES.includes(s),
        );
        if (!isAllow(statement) || services.length === 0) continue;
        if (!hasCondition(statement, "aws:SourceArn") && !hasCondition(statement, "aws:SourceAccount")) {
          violations.push({
            address: role.address,
            problem: `${services.join(", ")} may assume the role without an aws:SourceArn or aws:SourceAccount condition`,
            fix: "use ServiceRole with guard { sourceArns, sourceAccount }",
          });
        }
      }
    }
    return violations;
  },
};

export const trustFirehoseExternalId: Rule = {
  id: "TRUST-FIREHOSE-EXTERNAL-ID",
  title: "Roles for firehose.amazonaws.com require sts:ExternalId (the account id)",
  mirrors: "checkov none, trivy none, cdk-nag none (Firehose guide: trust policy with sts:ExternalId)",
  appliesTo: ["aws_iam_role"],
  appliesWhen: (model) => hasRoleFor(model, ["firehose.amazonaws.com"]),
  check(model) {
    const violations: Violation[] = [];
    for (const role of model.ofType("aws_iam_role")) {
      for (const statement of model.statementsOf(role.config.assume_role_policy) ?? []) {
        if (!isAllow(statement) || !principalsOf(statement, "Service").includes("firehose.amazonaws.com"))
          continue;
        if (!hasCondition(statement, "sts:ExternalId")) {
          violations.push({
            address: role.address,
            problem: "firehose.amazonaws.com may assume the role without an sts:ExternalId condition",
            fix: "use ServiceRole with guard { externalId: <account id> }",
          });
        }
      }
    }
    return violations;
  },
};
