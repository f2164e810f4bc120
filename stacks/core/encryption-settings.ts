import { z } from "zod";
import type { Checker } from "./checks";
import { arnAccount, arnRegion, KMS_KEY_ARN_PATTERN } from "./common-settings";
import { partitionOf } from "./regions";
import { boolean, integer, parseSettings, text, withRules } from "./settings-schema";

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

/** KMS's allowed pending-deletion window. @see https://docs.aws.amazon.com/kms/latest/APIReference/API_ScheduleKeyDeletion.html */
export const DELETION_WINDOW_DAYS = { min: 7, max: 30, fallback: 30 } as const;

export const AWS_MANAGED: EncryptionSettings = { mode: "aws-managed" };

const KEY_ARN_DESCRIPTION =
  "a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>; not an alias or alias ARN: IAM and key policies match keys by key ARN only, so a grant naming an alias authorizes nothing";

/** One `encryption` object, as written; which keys go together is checked on the section as written. */
export const encryptionSettings = withRules(
  z
    .strictObject(
      {
        mode: z.enum(ENCRYPTION_MODES, {
          error: (issue) =>
            issue.input === undefined
              ? `required: "${ENCRYPTION_MODES.join('" or "')}"`
              : `one of ${ENCRYPTION_MODES.map((m) => JSON.stringify(m)).join(", ")}`,
        }),
        kmsKeyArn: text(KEY_ARN_DESCRIPTION, { pattern: KMS_KEY_ARN_PATTERN }).optional(),
        createKey: boolean().optional(),
        deletionWindowDays: integer(
          DELETION_WINDOW_DAYS.min,
          DELETION_WINDOW_DAYS.max,
          "days (KMS's pending-deletion window)",
        ).optional(),
      },
      { error: "an object" },
    )
    .superRefine((parsed, ctx) => {
      if (parsed.mode === "customer" && !parsed.createKey && parsed.kmsKeyArn === undefined)
        ctx.addIssue({
          code: "custom",
          path: ["kmsKeyArn"],
          input: undefined,
          message:
            'required with mode "customer": a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<key id>, or set createKey: true instead',
        });
    }),
  (raw, fail) => {
    if (raw.mode === undefined) return;
    if (raw.mode !== "customer") {
      for (const key of ["kmsKeyArn", "createKey", "deletionWindowDays"])
        if (raw[key] !== undefined) fail(key, 'only used with mode "customer"');
    } else if (raw.createKey === true && raw.kmsKeyArn !== undefined) {
      fail(
        "kmsKeyArn",
        "not together with createKey: true; either give an existing key ARN or let the stack create its key, not both",
      );
    } else if (raw.createKey !== true && raw.deletionWindowDays !== undefined) {
      fail("deletionWindowDays", "only used with createKey: true");
    }
  },
).optional();

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
  const parsed = parseSettings(field, encryptionSettings, value, check);
  if (parsed === undefined) return fallback;
  if (parsed.mode === "aws-managed") return AWS_MANAGED;
  if (parsed.createKey)
    return {
      mode: "customer",
      createKey: true,
      deletionWindowDays: parsed.deletionWindowDays ?? DELETION_WINDOW_DAYS.fallback,
    };
  const { kmsKeyArn } = parsed;
  if (kmsKeyArn === undefined) return AWS_MANAGED;
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
  return { mode: "customer", kmsKeyArn };
}

/** The account that owns an existing key (its key policy is edited there). */
export function keyAccount(settings: EncryptionSettings): string | undefined {
  return "kmsKeyArn" in settings ? arnAccount(settings.kmsKeyArn) : undefined;
}
