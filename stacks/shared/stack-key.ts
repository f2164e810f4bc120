import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { KEY_ARN_OUTPUT } from "../baseline/rules/customer-key";
import type { EncryptionSettings } from "../core/encryption-settings";
import type { Partition } from "../core/regions";
import {
  accountAdministersKey,
  type PolicyCondition,
  type PolicyStatement,
  policyDocument,
} from "./policy-document";

/** What the key needs to know about its stack. */
export interface KeyOwner {
  readonly region: string;
  readonly partition: Partition;
  readonly accountId: string;
  /** `<prefix>-<environment>-<stack>`: the created key's alias and description. */
  readonly keyName: string;
}

/**
 * One use of the key by a service principal that acts without a role of ours (CloudWatch Logs writing a log
 * group, EventBridge writing to an encrypted DLQ, CloudTrail, CloudWatch alarms publishing to SNS). Only a key
 * policy can allow these: IAM policies attach to roles and users, not to services.
 */
export interface ServiceKeyGrant {
  readonly sid: string;
  readonly service: string;
  readonly actions: readonly string[];
  readonly conditions: readonly PolicyCondition[];
}

/** One use of the key by a role of the stack, granted in the role's own policy. */
export interface RoleKeyGrant {
  readonly roleName: string;
  readonly statement: PolicyStatement;
}

/**
 * The KMS key of one stack: nothing in `aws-managed` mode, an existing key by ARN, or a key the stack
 * creates. Every construct that stores data or lets a principal use the key asks here, so the grants are
 * written once: into role policies (roleStatement), and into the created key's policy or the statements
 * `npm run kms:policy` prints for an existing key (allowService).
 */
export class StackKey extends Construct {
  /** The key ARN in customer mode; undefined in aws-managed mode (each service uses its own key). */
  readonly arn: string | undefined;
  readonly key?: KmsKey;
  private readonly serviceGrants: ServiceKeyGrant[] = [];
  private readonly roleGrants: RoleKeyGrant[] = [];
  readonly owner: KeyOwner;
  private finished = false;

  constructor(scope: Construct, id: string, owner: KeyOwner, settings: EncryptionSettings) {
    super(scope, id);
    this.owner = owner;
    if ("createKey" in settings) {
      this.key = new KmsKey(this, "key", {
        description: `Encrypts what the ${owner.keyName} stack stores at rest`,
        enableKeyRotation: true,
        deletionWindowInDays: settings.deletionWindowDays,
      });
      new KmsAlias(this, "alias", { name: `alias/${owner.keyName}`, targetKeyId: this.key.keyId });
      this.arn = this.key.arn;
    } else {
      this.arn = "kmsKeyArn" in settings ? settings.kmsKeyArn : undefined;
    }
    // Customer mode only (the default output stays as it was): ops need the key ARN, and the baseline reads
    // it to check that every storage resource uses it.
    if (this.arn !== undefined) {
      new TerraformOutput(scope, KEY_ARN_OUTPUT, {
        value: this.arn,
        description: "The KMS key that encrypts this stack's data at rest",
      });
    }
  }

  get customer(): boolean {
    return this.arn !== undefined;
  }

  /**
   * A statement for a role's policy: `actions` on this key only, under `conditions` (kms:ViaService and the
   * service's encryption context, as each service documents). Empty in aws-managed mode.
   */
  roleStatements(
    roleName: string,
    sid: string,
    actions: readonly string[],
    conditions: readonly PolicyCondition[],
  ): PolicyStatement[] {
    if (this.arn === undefined) return [];
    const statement: PolicyStatement = { sid, actions, resources: [this.arn], conditions };
    this.roleGrants.push({ roleName, statement });
    return [statement];
  }

  /** Lets a service principal use the key, in the key policy (no-op in aws-managed mode). */
  allowService(grant: ServiceKeyGrant): void {
    if (this.arn === undefined) return;
    if (this.finished) throw new Error(`Key grant ${grant.sid} added after the key policy was written`);
    this.serviceGrants.push(grant);
  }

  private readonly keyTags: Record<string, string> = {};

  /**
   * A tag the created key must carry for a service to use it (EventBridge connections want
   * `EventBridgeApiDestinations`); an existing key must be tagged by its owner (README says so). No-op otherwise.
   */
  tagKey(name: string, value: string): void {
    if (!this.key) return;
    this.keyTags[name] = value;
    this.key.tags = { ...this.keyTags };
  }

  /** `kms:ViaService` for a service of this stack's region. */
  viaService(service: string): PolicyCondition {
    return {
      test: "StringEquals",
      variable: "kms:ViaService",
      values: [`${service}.${this.owner.region}.amazonaws.com`],
    };
  }

  /** The key-policy statements every service principal of the stack needs (resources are the key itself: "*"). */
  keyPolicyStatements(): PolicyStatement[] {
    return this.serviceGrants.map((grant) => ({
      sid: grant.sid,
      actions: grant.actions,
      resources: ["*"],
      principals: [{ type: "Service", identifiers: [grant.service] }],
      conditions: grant.conditions,
    }));
  }

  /** The roles' grants, for an existing key whose policy does not delegate to IAM. */
  roleKeyGrants(): readonly RoleKeyGrant[] {
    return this.roleGrants;
  }

  /**
   * Writes the created key's policy once the stack is built: the account's administrators manage the key and
   * may delegate its use through IAM (AWS's default key policy statement, without which no role policy works
   * and the key cannot be managed), plus each service principal's grant.
   * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (!this.key) return;
    const { partition, accountId } = this.owner;
    const policy = policyDocument(this, "key-policy", [
      accountAdministersKey(partition, accountId),
      ...this.keyPolicyStatements(),
    ]);
    this.key.policy = policy.json;
  }
}
