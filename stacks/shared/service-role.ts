import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { Construct } from "constructs";
import { type PolicyCondition, type PolicyStatement, policyDocument } from "./policy-document";

/**
 * How the trust policy stops the confused deputy: another account's resource making the service
 * act with this role. Each service documents which keys it sets; use what it documents.
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
export type ConfusedDeputyGuard =
  /** events, pipes, states, scheduler, lambda, ...: the calling resource and its account. */
  | { readonly sourceArns: readonly string[]; readonly sourceAccount: string }
  /** firehose: the documented external id is the account id. */
  | { readonly externalId: string }
  /**
   * apigateway, lambda: conditions are not documented for these roles (API Gateway's break it);
   * say why in `none`.
   */
  | { readonly none: string };

export interface ServiceRoleProps {
  /** Role name (see Naming). */
  readonly name: string;
  readonly description: string;
  /** Service principal that assumes the role, such as "events.amazonaws.com". */
  readonly service: string;
  readonly guard: ConfusedDeputyGuard;
  /** Permissions, one statement per edge of the data flow. */
  readonly statements: readonly PolicyStatement[];
}

/** An IAM role for one AWS service, with a guarded trust policy and an inline least-privilege policy. */
export class ServiceRole extends Construct {
  readonly role: IamRole;
  /** Depend on it when a resource must not start before its permissions exist. */
  readonly policy: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const trust = policyDocument(this, "trust", [
      {
        sid: "AllowServiceToAssume",
        actions: ["sts:AssumeRole"],
        principals: [{ type: "Service", identifiers: [props.service] }],
        conditions: trustConditions(props.guard),
      },
    ]);
    this.role = new IamRole(this, "role", {
      name: props.name,
      description: props.description,
      assumeRolePolicy: trust.json,
    });
    const permissions = policyDocument(this, "permissions", props.statements);
    this.policy = new IamRolePolicy(this, "policy", {
      name: "permissions",
      role: this.role.id,
      policy: permissions.json,
    });
  }

  get arn(): string {
    return this.role.arn;
  }
}

function trustConditions(guard: ConfusedDeputyGuard): PolicyCondition[] | undefined {
  if ("externalId" in guard) {
    return [{ test: "StringEquals", variable: "sts:ExternalId", values: [guard.externalId] }];
  }
  if ("sourceArns" in guard) {
    return [
      { test: "StringEquals", variable: "aws:SourceAccount", values: [guard.sourceAccount] },
      { test: "ArnLike", variable: "aws:SourceArn", values: [...guard.sourceArns] },
    ];
  }
  return undefined;
}
