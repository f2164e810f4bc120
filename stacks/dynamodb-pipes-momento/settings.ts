import type { Checker } from "../config/checks";

/** Settings of the dynamodb-pipes-momento stack (each documented with its default). */
export type DynamodbPipesMomentoSettings = Record<string, never>;

const KEYS: string[] = [];

export function readDynamodbPipesMomentoSettings(
  field: string,
  value: unknown,
  check: Checker,
): DynamodbPipesMomentoSettings {
  check.section(field, value, KEYS);
  return {};
}
