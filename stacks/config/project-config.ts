import { z } from "zod";
import type { Checker } from "../core/checks";
import { BACKEND_BUCKET_DESCRIPTION, commonSettings, stringMap } from "../core/common-settings";
import type { EncryptionSettings } from "../core/encryption-settings";
import { isDisposableEnvironment } from "../core/environments";
import { globalBucketName, STATE_BUCKET_SUFFIX } from "../core/naming";
import { parseSettings } from "../core/settings-schema";
import type { BackendConfig, CommonSettings } from "../core/stack-props";
import { STACK_IDS, type StackId } from "../registry";
import { crossCheck } from "./cross-checks";
import {
  checkKeyConflicts,
  readStackEncryption,
  readStackSettings,
  type StackSettingsMap,
} from "./stack-settings";

export type { BackendConfig };

/** The whole configuration: the common settings, and each stack's own settings and encryption. */
export interface ProjectConfig extends CommonSettings {
  /**
   * Existing resources to adopt into state: stack id → Terraform address → import id. Each becomes
   * a Terraform `import` block (cdktf importFrom) on the next plan.
   */
  readonly imports: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * Each stack's encryption at rest, resolved: `stacks.<id>.encryption` when given, else the common
   * `encryption`, else AWS managed keys (EncryptionSettings documents the modes).
   */
  readonly encryption: Readonly<Record<StackId, EncryptionSettings>>;
  readonly stacks: StackSettingsMap;
}

/** `imports.<stack>`: Terraform address → import id. */
const importMap = stringMap({
  key: /^[a-z0-9_]+\.[A-Za-z0-9_-]+$/,
  keyDescribe: "a resource address of the stack, such as aws_kinesis_stream.stream",
  value: /^\S.{0,2047}$/,
  valueDescribe: "the import id the resource's documentation gives (a name, an ARN, ...)",
  maxEntries: 100,
});

const { alarmTopicArn, alarmEmail, alarmNotifications, docsBaseUrl, ...first } = commonSettings.shape;

/**
 * The top level of the configuration. Its keys are checked where each layer was written (load.ts), so
 * here they are only read; imports, encryption and stacks have readers of their own (stack ids, overrides).
 */
const topLevel = z.object({
  ...first,
  imports: z.unknown().optional(),
  alarmTopicArn,
  alarmEmail,
  alarmNotifications,
  docsBaseUrl,
  encryption: z.unknown().optional(),
  stacks: z.unknown().optional(),
  environments: z.unknown().optional(),
});

export const TOP_LEVEL_KEYS = Object.keys(topLevel.shape) as (keyof typeof topLevel.shape)[];

/** Reads a merged raw configuration object into a typed, validated ProjectConfig. */
export function readProjectConfig(raw: Record<string, unknown>, check: Checker): ProjectConfig {
  const {
    imports: _imports,
    encryption: _encryption,
    stacks: _stacks,
    environments: _environments,
    ...common
  } = parseSettings("", topLevel.prefault({}), raw, check);
  const { environment, region, accountId } = common;
  const backend = resolveBackend(common.backend, raw.backend, check, common);
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
  const protectData = common.protectData ?? !isDisposableEnvironment(environment);
  const imports = readImports(raw.imports, check);
  const stacks = readStackSettings(raw.stacks, check);
  crossCheck({ environment, region, accountId, backend, alarmTopicArn: common.alarmTopicArn, stacks }, check);
  const encryption = readStackEncryption(raw.encryption, raw.stacks, check, region);
  checkKeyConflicts(encryption, stacks, check);
  return { ...common, backend, protectData, imports, encryption, stacks };
}

/** Without a bucket, s3 state goes to the one the state-backend stack creates (its name needs the account id). */
function resolveBackend(
  backend: z.output<typeof commonSettings>["backend"],
  raw: unknown,
  check: Checker,
  where: { prefix: string; environment: string; region: string; accountId?: string },
): BackendConfig {
  if (backend.type === "local") return { type: "local" };
  const defaultBucket = where.accountId
    ? globalBucketName(where.prefix, where.environment, STATE_BUCKET_SUFFIX, where.accountId, where.region)
    : undefined;
  const given = (raw as { bucket?: unknown } | undefined)?.bucket;
  if (given === undefined && defaultBucket === undefined)
    check.fail("backend.bucket", undefined, `required: ${BACKEND_BUCKET_DESCRIPTION}`);
  return {
    type: "s3",
    bucket: backend.bucket ?? defaultBucket ?? "",
    region: backend.region ?? where.region,
    keyPrefix: backend.keyPrefix,
    kmsKeyId: backend.kmsKeyId,
  };
}

function readImports(value: unknown, check: Checker): Record<string, Record<string, string>> {
  const raw = check.section("imports", value, STACK_IDS, "stack");
  return Object.fromEntries(
    Object.entries(raw).map(([stack, addresses]) => [
      stack,
      parseSettings(`imports.${stack}`, importMap.default({}), addresses, check),
    ]),
  );
}
