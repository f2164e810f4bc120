import * as path from "node:path";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import {
  App,
  LocalBackend,
  S3Backend,
  type TerraformElement,
  TerraformResource,
  TerraformStack,
} from "cdktf";
import { type Construct, Node } from "constructs";
import { ConfigError } from "../core/errors";
import { globalBucketName, Naming } from "../core/naming";
import { PROJECT_ROOT } from "../core/paths";
import { type Partition, partitionOf } from "../core/regions";
import type { CommonSettings, StackProps } from "../core/stack-props";
import { AlarmTopic } from "./monitoring/alarm-topic";
import { StackMonitoring } from "./monitoring/monitoring";
import { StackKey } from "./stack-key";

export const PROJECT_TAG = "cdktf-event-integrations";

/**
 * The Terraform every stack requires: 1.10 brings the S3 backend's native lock file
 * (`use_lockfile`). The README's prerequisite says the same (a test checks it).
 * @see https://developer.hashicorp.com/terraform/language/backend/s3 (use_lockfile)
 */
export const REQUIRED_TERRAFORM_VERSION = ">= 1.10.0";

/** Account id used by offline plans, where no AWS API may be called. */
export const OFFLINE_ACCOUNT_ID = "123456789012";

export interface StackOptions {
  /**
   * Offline plan mode: no AWS API calls (skip_* provider flags, a placeholder account) and a
   * local backend inside the offline working copy. Only the offline harness sets it; it is not
   * a configuration source, so it cannot leak into `cdktf deploy`.
   */
  readonly offline?: boolean;
}

/** What every stack shares: provider, backend, tags, account, naming and readable addresses. */
export abstract class IntegrationStack extends TerraformStack {
  readonly stackId: string;
  /** The settings every stack shares; a stack's own settings come in its props. */
  readonly config: CommonSettings;
  readonly names: Naming;
  readonly region: string;
  readonly partition: Partition;
  /** The account id: from configuration, offline placeholder, or aws_caller_identity. */
  readonly accountId: string;
  /** The stack's KMS key (encryption setting): every storage resource and key grant goes through it. */
  readonly kms: StackKey;

  private readonly imports: Readonly<Record<string, string>>;

  protected constructor(
    scope: Construct,
    id: string,
    props: StackProps<unknown>,
    options: StackOptions = {},
  ) {
    super(scope, id);
    const config = props.common;
    this.stackId = id;
    this.config = config;
    this.imports = props.imports;
    this.names = new Naming(config.prefix, config.environment);
    this.region = config.region;
    this.partition = partitionOf(config.region);

    new AwsProvider(this, "aws", {
      region: config.region,
      allowedAccountIds: config.accountId && !options.offline ? [config.accountId] : undefined,
      defaultTags: [{ tags: this.defaultTags() }],
      ...(options.offline
        ? { skipCredentialsValidation: true, skipRequestingAccountId: true, skipMetadataApiCheck: "true" }
        : {}),
    });
    this.accountId =
      config.accountId ??
      (options.offline ? OFFLINE_ACCOUNT_ID : new DataAwsCallerIdentity(this, "current").accountId);
    this.configureBackend(options);
    // An older terraform stops at init with "Unsupported Terraform Core version" instead of
    // ignoring the lock file setting and applying without a lock.
    this.addOverride("terraform.required_version", REQUIRED_TERRAFORM_VERSION);
    this.kms = new StackKey(
      this,
      "encryption",
      {
        region: this.region,
        partition: this.partition,
        accountId: this.accountId,
        keyName: `${config.prefix}-${config.environment}-${id}`,
      },
      props.encryption,
    );
  }

  /** An ARN in this stack's partition, region and account (pass "" for global or account-less ARNs). */
  arn(service: string, resource: string, where: { region?: string; account?: string } = {}): string {
    return `arn:${this.partition}:${service}:${where.region ?? this.region}:${where.account ?? this.accountId}:${resource}`;
  }

  /**
   * A globally unique S3 bucket name: `<prefix>-<environment>-<suffix>-<account>-<region>`, so
   * neither two environments nor two accounts can collide.
   */
  bucketName(suffix: string): string {
    // The account id may still be a Terraform reference here: count it as its 12 digits.
    this.names.name("s3Bucket", suffix, `-123456789012-${this.region}`.length);
    return globalBucketName(this.config.prefix, this.config.environment, suffix, this.accountId, this.region);
  }

  private alarmTopic?: AlarmTopic;

  /**
   * Where this stack's alarms notify: `alarmTopicArn`; else, with `alarmEmail`, a topic the stack creates on
   * first use; else nowhere (the alarms only show in CloudWatch, and synth warns).
   */
  get notificationTargets(): string[] {
    if (this.config.alarmTopicArn) return [this.config.alarmTopicArn];
    if (!this.config.alarmEmail) return [];
    this.alarmTopic ??= new AlarmTopic(this, "alarm-topic", { email: this.config.alarmEmail, key: this.kms });
    return [this.alarmTopic.arn];
  }

  /**
   * The actions of each individual alarm: the notification targets, unless `alarmNotifications` is
   * `composite-only` and the stack has a composite alarm to notify instead.
   */
  get alarmActions(): string[] {
    const compositeOnly =
      this.config.alarmNotifications === "composite-only" && StackMonitoring.of(this) !== undefined;
    return compositeOnly ? [] : this.notificationTargets;
  }

  /** Adds the composite alarm and dashboard of a stack that has monitoring; buildApp calls it. */
  finishMonitoring(): void {
    StackMonitoring.of(this)?.finish();
  }

  /**
   * Marks a data-bearing resource `prevent_destroy` when `protectData` is on (outside dev by
   * default): a plan that would delete or replace it fails instead of losing data.
   */
  protectData<T extends TerraformResource>(resource: T): T {
    if (this.config.protectData) resource.lifecycle = { ...resource.lifecycle, preventDestroy: true };
    return resource;
  }

  /**
   * Turns the configured `imports` for this stack into Terraform `import` blocks, so existing
   * resources are adopted into state on the next apply instead of created.
   */
  applyImports(): void {
    const wanted = this.imports;
    if (Object.keys(wanted).length === 0) return;
    const resources = new Map<string, TerraformResource>();
    for (const node of this.node.findAll()) {
      if (node instanceof TerraformResource)
        resources.set(`${node.terraformResourceType}.${this.getLogicalId(node)}`, node);
    }
    const unknown = Object.keys(wanted).filter((address) => !resources.has(address));
    if (unknown.length > 0) {
      throw new ConfigError(
        unknown.map((address) => ({
          field: `imports.${this.stackId}`,
          value: address,
          allowed: `an address of this stack: ${[...resources.keys()].sort().join(", ")}`,
        })),
      );
    }
    for (const [address, id] of Object.entries(wanted)) resources.get(address)?.importFrom(id);
  }

  private defaultTags(): Record<string, string> {
    return {
      ...this.config.tags,
      project: PROJECT_TAG,
      environment: this.config.environment,
      stack: this.stackId,
      "managed-by": "cdktf",
    };
  }

  private configureBackend(options: StackOptions): void {
    const { backend, environment } = this.config;
    if (options.offline) {
      new LocalBackend(this, { path: "terraform.tfstate" });
      return;
    }
    if (backend.type === "local") {
      new LocalBackend(this, { path: localStatePath(App.of(this).outdir, environment, this.stackId) });
      return;
    }
    new S3Backend(this, {
      bucket: backend.bucket,
      region: backend.region,
      key: `${backend.keyPrefix}/${environment}/${this.stackId}.tfstate`,
      encrypt: true,
      kmsKeyId: backend.kmsKeyId,
    });
    // Terraform's native S3 locking (>= 1.10); cdktf 0.21's S3Backend has no prop for it.
    this.addOverride("terraform.backend.s3.use_lockfile", true);
  }

  /**
   * Addresses are the construct path joined with "_" (no hash): `aws_iam_role.target-role_role`.
   * Plans stay readable, and an address only changes when a construct id does.
   */
  protected override allocateLogicalId(element: TerraformElement | Node): string {
    const node = element instanceof Node ? element : element.node;
    const components = node.scopes.slice(node.scopes.indexOf(this) + 1).map((scope) => scope.node.id);
    if (components.length > 1) {
      const bad = components.find((component) => component.includes("_"));
      if (bad) throw new Error(`Construct id ${JSON.stringify(bad)} in ${node.path}: use "-" instead of "_"`);
    }
    return components.join("_");
  }
}

/**
 * Local state lives in `state/<environment>/<stack>.tfstate` at the project root, referenced
 * relative to the stack's working directory so the synthesized files are portable.
 */
function localStatePath(outdir: string, environment: string, stackId: string): string {
  const fromRoot = path.relative(PROJECT_ROOT, path.resolve(outdir));
  // An outdir outside the project (tests, temporary copies) is laid out like the default one.
  const inProject =
    fromRoot !== "" && !fromRoot.startsWith("..") && !path.isAbsolute(fromRoot) ? fromRoot : "cdktf.out";
  const workingDirectory = path.posix.join(inProject.split(path.sep).join("/"), "stacks", stackId);
  return path.posix.join(
    path.posix.relative(workingDirectory, "."),
    "state",
    environment,
    `${stackId}.tfstate`,
  );
}
