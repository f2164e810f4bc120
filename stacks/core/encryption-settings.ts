import type { Checker } from "./checks";
import { arnAccount, arnRegion, KMS_KEY_ARN_PATTERN } from "./common-settings";
import { partitionOf } from "./regions";

/**
 * Which KMS key encrypts what a stack stores at rest.
 * - `aws-managed`: each service's own AWS owned or AWS managed key (today's behaviour).
 * - `customer` with `kmsKeyArn`: an existing customer managed key; its key policy is the user's
 *   (`npm run kms:policy -- <stack>` prints the statements to add).
 * - `customer` with `createKey`: the stack creates its own key, rotated yearly, with a key policy built
 *   from the grants the stack needs, under the alias `<prefix>-<environment>-<stack>`.
 */
export type EncryptionSettings =
  | { readonly mode: "aws-managed" }
  | { readonly mode: "customer"; readonly kmsKeyArn: string }
  | { readonly mode: "customer"; readonly createKey: true; readonly deletionWindowDays: number };

export const ENCRYPTION_MODES = ["aws-managed", "customer"] as const;

export const ENCRYPTION_KEYS = ["mode", "kmsKeyArn", "createKey", "deletionWindowDays"];

/** KMS's allowed pending-deletion window. @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html */
export const DELETION_WINDOW_DAYS = { min: 7, max: 30, fallback: 30 } as const;

export const AWS_MANAGED: EncryptionSettings = { mode: "aws-managed" };

/**
 * Reads one `encryption` object (the common one, or a stack's override, which replaces the common one
 * whole). `region` is the stack's region: KMS keys are regional, and the partition must match.
 */
export function readEncryption(
  field: string,
  value: unknown,
  fallback: EncryptionSettings,
  check: Checker,
  region: string,
): EncryptionSettings {
  if (value === undefined) return fallback;
  const raw = check.section(field, value, ENCRYPTION_KEYS);
  if (raw.mode === undefined) {
    check.fail(`${field}.mode`, undefined, `required: "${ENCRYPTION_MODES.join('" or "')}"`);
    return fallback;
  }
  const mode = check.oneOf(`${field}.mode`, raw.mode, "aws-managed", ENCRYPTION_MODES);
  if (mode === "aws-managed") {
    for (const key of ["kmsKeyArn", "createKey", "deletionWindowDays"]) {
      if (raw[key] !== undefined) check.fail(`${field}.${key}`, raw[key], 'only used with mode "customer"');
    }
    return AWS_MANAGED;
  }
  const createKey = check.boolean(`${field}.createKey`, raw.createKey, false);
  if (createKey && raw.kmsKeyArn !== undefined) {
    check.fail(
      `${field}.kmsKeyArn`,
      raw.kmsKeyArn,
      "not together with createKey: true; either give an existing key ARN or let the stack create its key, not both",
    );
    return AWS_MANAGED;
  }
  if (createKey) {
    const deletionWindowDays = check.integer(
      `${field}.deletionWindowDays`,
      raw.deletionWindowDays,
      DELETION_WINDOW_DAYS.fallback,
      {
        min: DELETION_WINDOW_DAYS.min,
        max: DELETION_WINDOW_DAYS.max,
        unit: "days (KMS's pending-deletion window)",
      },
    );
    return { mode, createKey: true, deletionWindowDays };
  }
  if (raw.deletionWindowDays !== undefined) {
    check.fail(`${field}.deletionWindowDays`, raw.deletionWindowDays, "only used with createKey: true");
  }
  if (raw.kmsKeyArn === undefined) {
    check.fail(
      `${field}.kmsKeyArn`,
      undefined,
      'required with mode "customer": a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>, or set createKey: true instead',
    );
    return AWS_MANAGED;
  }
  const kmsKeyArn = check.string(`${field}.kmsKeyArn`, raw.kmsKeyArn, "", {
    pattern: KMS_KEY_ARN_PATTERN,
    describe:
      "a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>; not an alias or alias ARN: IAM and key policies match keys by key ARN only, so a grant naming an alias authorizes nothing",
  });
  if (kmsKeyArn === "") return AWS_MANAGED;
  const partition = partitionOf(region);
  const keyPartition = kmsKeyArn.split(":")[1];
  if (keyPartition !== partition) {
    check.fail(
      `${field}.kmsKeyArn`,
      kmsKeyArn,
      `a key in partition ${partition} (region ${region} is in ${partition}, this key is in ${keyPartition}): create or pick a key in ${region}`,
    );
  } else if (arnRegion(kmsKeyArn) !== region) {
    check.fail(
      `${field}.kmsKeyArn`,
      kmsKeyArn,
      `a key in ${region}, the stack's region: KMS keys are regional and AWS services use a key only in its own region (for a multi-Region key, give the ARN of its replica in ${region})`,
    );
  }
  return { mode, kmsKeyArn };
}

/** The account that owns an existing key (its key policy is edited there). */
export function keyAccount(settings: EncryptionSettings): string | undefined {
  return "kmsKeyArn" in settings ? arnAccount(settings.kmsKeyArn) : undefined;
}
