import type { Checker } from "../config/checks";

/** Settings of the event-rule-targets stack (each documented with its default). */
export type EventRuleTargetsSettings = Record<string, never>;

const KEYS: string[] = [];

export function readEventRuleTargetsSettings(
  field: string,
  value: unknown,
  check: Checker,
): EventRuleTargetsSettings {
  check.section(field, value, KEYS);
  return {};
}
