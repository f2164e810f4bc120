import type { Checker } from "../core/checks";
import { type EncryptionSettings, readEncryption } from "../core/encryption-settings";
import { parseSettings } from "../core/settings-schema";
import { STACK_IDS, STACKS, type StackId, type StackSettingsMap, stackDefinition } from "../registry";

export type { StackSettingsMap };

/** Every stack's section may hold `encryption`, which overrides the common one; the stack's schema never sees it. */
const ENCRYPTION_KEY = "encryption";

export function readStackSettings(value: unknown, check: Checker): StackSettingsMap {
  const raw = check.section("stacks", value, STACK_IDS, "stack");
  return Object.fromEntries(
    STACKS.map((definition) => [
      definition.id,
      parseSettings(
        `stacks.${definition.id}`,
        definition.settings,
        withoutEncryption(raw[definition.id]),
        check,
      ),
    ]),
  ) as unknown as StackSettingsMap;
}

function withoutEncryption(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value) || !(ENCRYPTION_KEY in value))
    return value;
  const { [ENCRYPTION_KEY]: _override, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** Each stack's encryption: its own `stacks.<id>.encryption` when given, else the common `encryption`. */
export function readStackEncryption(
  common: unknown,
  stacks: unknown,
  check: Checker,
  region: string,
): Readonly<Record<StackId, EncryptionSettings>> {
  const shared = readEncryption("encryption", common, { mode: "aws-managed" }, check, region);
  const raw = (typeof stacks === "object" && stacks !== null ? stacks : {}) as Record<string, unknown>;
  const result = {} as Record<StackId, EncryptionSettings>;
  for (const id of STACK_IDS) {
    const section = raw[id];
    const override =
      typeof section === "object" && section !== null
        ? (section as Record<string, unknown>)[ENCRYPTION_KEY]
        : undefined;
    const field = `stacks.${id}.${ENCRYPTION_KEY}`;
    result[id] = readEncryption(field, override, shared, check, region);
    if (result[id].mode === "customer" && !stackDefinition(id).customerKey) {
      check.fail(
        `${override === undefined ? ENCRYPTION_KEY : field}.mode`,
        "customer",
        `"aws-managed" for ${id}: its resources cannot use a customer key yet (README, "Encryption at rest", lists the stacks that can); set ${field} to {"mode": "aws-managed"}`,
      );
      result[id] = { mode: "aws-managed" };
    }
  }
  return result;
}

/** The stacks that allow encryption mode "customer": their definitions say `customerKey: true`. */
export const CUSTOMER_KEY_STACKS: readonly StackId[] = STACKS.filter((d) => d.customerKey).map((d) => d.id);

/**
 * A stack key and a resource's own key setting for the same resource: say which one to drop rather than
 * pick one silently (the customer key is usually meant to replace it).
 */
export function checkKeyConflicts(
  encryption: Readonly<Record<StackId, EncryptionSettings>>,
  stacks: StackSettingsMap,
  check: Checker,
): void {
  const own: [StackId, string, string | undefined][] = [
    ["state-backend", "kmsKeyArn", stacks["state-backend"].kmsKeyArn],
    [
      "ec2-state-to-kinesis",
      "kmsKeyId",
      stacks["ec2-state-to-kinesis"].kmsKeyId === "alias/aws/kinesis"
        ? undefined
        : stacks["ec2-state-to-kinesis"].kmsKeyId,
    ],
    ["event-rule-targets", "stateMachine.kmsKeyArn", stacks["event-rule-targets"].stateMachine.kmsKeyArn],
  ];
  for (const [id, key, value] of own) {
    const settings = encryption[id];
    if (value === undefined || settings.mode !== "customer") continue;
    if ("kmsKeyArn" in settings && settings.kmsKeyArn === value) continue;
    check.fail(
      `stacks.${id}.${key}`,
      value,
      `not with encryption mode "customer", which already encrypts this resource with ${"kmsKeyArn" in settings ? settings.kmsKeyArn : "the stack's created key"}: remove stacks.${id}.${key}, or give that key as encryption.kmsKeyArn`,
    );
  }
}
