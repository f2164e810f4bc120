import { buildApp } from "../../stacks/app";
import type { ProjectConfig } from "../../stacks/config/project-config";
import { keyAccount } from "../../stacks/core/encryption-settings";
import type { StackId } from "../../stacks/registry";
import type { IntegrationStack } from "../../stacks/shared/integration-stack";
import { pascalCase } from "../../stacks/shared/log-group";
import type { PolicyStatement } from "../../stacks/shared/policy-document";
import { withTemporaryOutdir } from "./scratch-outdir";

/** A statement as it is written in a key policy (JSON, as the KMS console and PutKeyPolicy take it). */
export interface KeyPolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: Record<string, string[]>;
  readonly Action: string[];
  readonly Resource: "*";
  readonly Condition?: Record<string, Record<string, string[]>>;
}

/**
 * The statements an existing key's policy needs for one stack: each service principal that acts without a
 * role (CloudWatch Logs, EventBridge to a DLQ, ...), then each of the stack's roles with the same actions and
 * conditions as its IAM policy (only needed when the key policy does not delegate to IAM, but harmless).
 * Names are built from configuration, so the statements are final before the stack is deployed.
 */
export function keyPolicyFor(config: ProjectConfig, id: StackId): KeyPolicyStatement[] {
  const settings = config.encryption[id];
  if (!("kmsKeyArn" in settings)) {
    throw new Error(
      settings.mode === "aws-managed"
        ? `${id} uses AWS managed keys (encryption mode "aws-managed"): there is no key policy to edit`
        : `${id} creates its own key (createKey: true) and writes its key policy itself: nothing to add`,
    );
  }
  // Roles live in the stack's account; without accountId, that is the key's account (the usual case).
  const accountId = config.accountId ?? keyAccount(settings);
  const statements = withTemporaryOutdir((outdir) => {
    const app = buildApp({ ...config, accountId }, { stacks: [id], offline: true, outdir });
    const stack = app.node.findChild(id) as IntegrationStack;
    const partition = stack.partition;
    return [
      ...stack.kms.keyPolicyStatements().map((s) => toKeyPolicy(s, { Service: principalsOf(s) })),
      ...stack.kms
        .roleKeyGrants()
        .map(({ roleName, statement }) =>
          toKeyPolicy(
            { ...statement, sid: `${statement.sid}${pascalCase(roleName)}` },
            { AWS: [`arn:${partition}:iam::${accountId}:role/${roleName}`] },
          ),
        ),
    ];
  });
  const unresolved = JSON.stringify(statements).match(/\$\{[^}]*\}/);
  if (unresolved) {
    throw new Error(
      `Key policy of ${id} still holds a Terraform reference (${unresolved?.[0]}): a bug, please report it`,
    );
  }
  return statements;
}

function principalsOf(statement: PolicyStatement): string[] {
  return (statement.principals ?? []).flatMap((p) => [...p.identifiers]);
}

function toKeyPolicy(statement: PolicyStatement, principal: Record<string, string[]>): KeyPolicyStatement {
  const condition: Record<string, Record<string, string[]>> = {};
  for (const c of statement.conditions ?? []) {
    condition[c.test] = { ...condition[c.test], [c.variable]: [...c.values] };
  }
  return {
    Sid: statement.sid,
    Effect: statement.effect ?? "Allow",
    Principal: principal,
    Action: [...statement.actions],
    Resource: "*",
    ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
  };
}
