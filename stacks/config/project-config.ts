import type { Checker } from "../core/checks";
import { KMS_KEY_OR_ALIAS_ARN_PATTERN, readLogRetention } from "../core/common-settings";
import type { EncryptionSettings } from "../core/encryption-settings";
import { ALARM_NOTIFICATIONS, type BackendConfig, type CommonSettings } from "../core/stack-props";

export type { BackendConfig };

import { DISPOSABLE_ENVIRONMENT, isDisposableEnvironment } from "../core/environments";
import { globalBucketName, STATE_BUCKET_SUFFIX } from "../core/naming";
import { KNOWN_REGIONS } from "../core/regions";
import { STACK_IDS, type StackId } from "../registry";
import { crossCheck } from "./cross-checks";
import {
  checkKeyConflicts,
  readStackEncryption,
  readStackSettings,
  type StackSettingsMap,
} from "./stack-settings";

/** The whole configuration: the common settings, and each stack's own settings and encryption. */
export interface ProjectConfig extends CommonSettings {
  /**
   * Existing resources to adopt into state: stack id → Terraform address → import id. Each becomes
   * a Terraform `import` block (cdktf importFrom) on the next plan.
   * @default {}
   */
  readonly imports: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Each stack's encryption at rest, resolved: `stacks.<id>.encryption` when given, else the common
   * `encryption`, else AWS managed keys (EncryptionSettings documents the modes).
   */
  readonly encryption: Readonly<Record<StackId, EncryptionSettings>>;
  readonly stacks: StackSettingsMap;
}

export const TOP_LEVEL_KEYS = [
  "environment",
  "region",
  "prefix",
  "accountId",
  "tags",
  "backend",
  "logRetentionDays",
  "protectData",
  "imports",
  "alarmTopicArn",
  "alarmEmail",
  "alarmNotifications",
  "docsBaseUrl",
  "encryption",
  "stacks",
  "environments",
] as const;

const NAME_PART = { pattern: /^[a-z][a-z0-9-]*[a-z0-9]$/ };

/** Our own tags (project, environment, stack, managed-by) plus these must stay within AWS's 50 per resource. */
const MAX_EXTRA_TAGS = 40;

/**
 * The tag keys every stack sets itself (IntegrationStack's default tags). A user tag with one of
 * these keys would be silently overridden, so it is refused. Tag keys are case-sensitive in AWS:
 * `Environment` is a different key and allowed.
 */
export const OWN_TAG_KEYS = ["project", "environment", "stack", "managed-by"] as const;

/** Reads a merged raw configuration object into a typed, validated ProjectConfig. */
export function readProjectConfig(raw: Record<string, unknown>, check: Checker): ProjectConfig {
  const environment = check.string("environment", raw.environment, DISPOSABLE_ENVIRONMENT, {
    ...NAME_PART,
    min: 2,
    max: 16,
    describe: "2 to 16 characters: lowercase letters, digits and hyphens, starting with a letter",
  });
  const prefix = check.string("prefix", raw.prefix, "integ", {
    ...NAME_PART,
    min: 2,
    max: 20,
    describe: "2 to 20 characters: lowercase letters, digits and hyphens, starting with a letter",
  });
  const region = check.string("region", raw.region, "us-east-1", {
    pattern: new RegExp(`^(${KNOWN_REGIONS.join("|")})$`),
    describe: `an AWS region code such as "us-east-1" (known regions: ${KNOWN_REGIONS.join(", ")})`,
  });
  const accountId = check.optionalString("accountId", raw.accountId, {
    pattern: /^\d{12}$/,
    describe: "a 12-digit AWS account id, as a string",
  });
  const tags = check.stringMap("tags", raw.tags, {
    key: /^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u,
    keyDescribe: "1 to 128 characters (letters, digits, spaces and _ . : / = + - @), not starting with aws:",
    value: /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u,
    valueDescribe: "0 to 256 characters (letters, digits, spaces and _ . : / = + - @)",
    maxEntries: MAX_EXTRA_TAGS,
  });
  for (const key of Object.keys(tags).filter((k) => (OWN_TAG_KEYS as readonly string[]).includes(k))) {
    check.fail(
      `tags.${key}`,
      tags[key],
      `a key other than ${OWN_TAG_KEYS.join(", ")}: every stack sets those tags itself ` +
        "(environment = the environment name, stack = the stack id), which would override yours",
    );
  }
  const backend = readBackend(raw.backend, check, { prefix, environment, region, accountId });
  const logRetentionDays = readLogRetention("logRetentionDays", raw.logRetentionDays, 30, check);
  // A bad or misspelt accountId is reported once, as itself, not again as missing.
  if (
    !isDisposableEnvironment(environment) &&
    raw.accountId === undefined &&
    !check.suggested.has("accountId")
  ) {
    check.fail(
      "accountId",
      undefined,
      `required for environment "${environment}": every environment but dev is pinned to one account (allowed_account_ids)`,
    );
  }
  const protectData = check.boolean("protectData", raw.protectData, !isDisposableEnvironment(environment));
  const imports = readImports(raw.imports, check);
  const alarmTopicArn = check.optionalString("alarmTopicArn", raw.alarmTopicArn, {
    pattern: /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
    describe: "an SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:ops-alerts",
  });
  const alarmEmail = check.optionalString("alarmEmail", raw.alarmEmail, {
    pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
    max: 254,
    describe: "an email address such as ops@example.com",
  });
  const alarmNotifications = check.oneOf(
    "alarmNotifications",
    raw.alarmNotifications,
    "every-alarm",
    ALARM_NOTIFICATIONS,
  );
  const docsBaseUrl = check.optionalString("docsBaseUrl", raw.docsBaseUrl, {
    pattern: /^https:\/\/[^\s#?]+$/,
    max: 1000,
    describe:
      "an https URL without query or fragment, such as https://github.com/acme/integrations/blob/main/README.md",
  });
  const stacks = readStackSettings(raw.stacks, check);
  crossCheck({ environment, region, accountId, backend, alarmTopicArn, stacks }, check);
  const encryption = readStackEncryption(raw.encryption, raw.stacks, check, region);
  checkKeyConflicts(encryption, stacks, check);
  return {
    environment,
    region,
    prefix,
    accountId,
    tags,
    backend,
    logRetentionDays,
    protectData,
    imports,
    alarmTopicArn,
    alarmEmail,
    alarmNotifications,
    docsBaseUrl,
    encryption,
    stacks,
  };
}

function readBackend(
  value: unknown,
  check: Checker,
  where: { prefix: string; environment: string; region: string; accountId?: string },
): BackendConfig {
  const raw = check.section("backend", value, ["type", "bucket", "region", "keyPrefix", "kmsKeyId"]);
  const type = check.oneOf("backend.type", raw.type, "local", ["local", "s3"] as const);
  if (type === "local") {
    for (const key of ["bucket", "region", "keyPrefix", "kmsKeyId"]) {
      if (raw[key] !== undefined) check.fail(`backend.${key}`, raw[key], 'only used with backend.type "s3"');
    }
    return { type };
  }
  // Without a bucket, use the one the state-backend stack creates (its name needs the account id).
  const defaultBucket = where.accountId
    ? globalBucketName(where.prefix, where.environment, STATE_BUCKET_SUFFIX, where.accountId, where.region)
    : undefined;
  return {
    type,
    bucket: check.string("backend.bucket", raw.bucket, defaultBucket ?? "", {
      pattern: /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      describe:
        "an S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens); without one, set accountId to use the state-backend stack's bucket",
      required: defaultBucket === undefined,
    }),
    region: check.string("backend.region", raw.region, where.region, {
      pattern: new RegExp(`^(${KNOWN_REGIONS.join("|")})$`),
      describe: "the AWS region of the state bucket",
    }),
    keyPrefix: check.string("backend.keyPrefix", raw.keyPrefix, "cdktf-event-integrations", {
      pattern: /^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/,
      max: 200,
      describe: "an S3 key prefix without leading or trailing slash, such as team/integrations",
    }),
    kmsKeyId: check.optionalString("backend.kmsKeyId", raw.kmsKeyId, {
      pattern: KMS_KEY_OR_ALIAS_ARN_PATTERN,
      describe: "a KMS key or alias ARN, in the state bucket's region",
    }),
  };
}

function readImports(value: unknown, check: Checker): Record<string, Record<string, string>> {
  const raw = check.section("imports", value, STACK_IDS, "stack");
  const imports: Record<string, Record<string, string>> = {};
  for (const [stack, addresses] of Object.entries(raw)) {
    imports[stack] = check.stringMap(`imports.${stack}`, addresses, {
      key: /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/,
      keyDescribe: "a resource address of the stack, such as aws_kinesis_stream.stream",
      value: /^\S.{0,2047}$/,
      valueDescribe: "the import id the resource's documentation gives (a name, an ARN, ...)",
      maxEntries: 100,
    });
  }
  return imports;
}
