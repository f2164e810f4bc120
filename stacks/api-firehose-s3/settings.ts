import type { Checker } from "../config/checks";

/** Settings of the api-firehose-s3 stack (each documented with its default). */
export type ApiFirehoseS3Settings = Record<string, never>;

const KEYS: string[] = [];

export function readApiFirehoseS3Settings(
  field: string,
  value: unknown,
  check: Checker,
): ApiFirehoseS3Settings {
  check.section(field, value, KEYS);
  return {};
}
