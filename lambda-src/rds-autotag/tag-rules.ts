/**
 * Amazon RDS tag limits (API reference, `Tag` data type): keys 1–128 and values 0–256 Unicode
 * characters, neither prefixed with `aws:` or `rds:`, characters limited to Unicode letters, digits,
 * white space and `_ . : / = + - @`; at most 50 tags per resource.
 */

/** Most tags one RDS resource can carry. */
export const MAX_TAGS_PER_RESOURCE = 50;

/** Longest tag key, in Unicode characters. */
export const MAX_TAG_KEY_LENGTH = 128;

/** Longest tag value, in Unicode characters. */
export const MAX_TAG_VALUE_LENGTH = 256;

const RESERVED_PREFIX = /^(aws|rds):/i;
const ALLOWED_CHARACTERS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const DISALLOWED_CHARACTER = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu;

/** Length in Unicode code points, which is what the RDS limits count (not UTF-16 units). */
function characterCount(text: string): number {
  return Array.from(text).length;
}

/** Why `key` is not a valid RDS tag key, or `undefined` when it is. */
export function tagKeyProblem(key: string): string | undefined {
  const length = characterCount(key);
  if (length < 1 || length > MAX_TAG_KEY_LENGTH) {
    return `must be 1-${MAX_TAG_KEY_LENGTH} characters long (is ${length})`;
  }
  return commonProblem(key);
}

/** Why `value` is not a valid RDS tag value, or `undefined` when it is. */
export function tagValueProblem(value: string): string | undefined {
  const length = characterCount(value);
  if (length > MAX_TAG_VALUE_LENGTH) {
    return `must be at most ${MAX_TAG_VALUE_LENGTH} characters long (is ${length})`;
  }
  return commonProblem(value);
}

function commonProblem(text: string): string | undefined {
  if (RESERVED_PREFIX.test(text)) {
    return 'must not start with "aws:" or "rds:" (reserved by AWS)';
  }
  if (!ALLOWED_CHARACTERS.test(text)) {
    return "may only contain letters, digits, white space and _ . : / = + - @";
  }
  return undefined;
}

/** A runtime value made to fit the tag value rules, and what had to change. */
export interface FittedTagValue {
  readonly value: string;
  /** Characters outside the allowed set were replaced with `_`. */
  readonly sanitized: boolean;
  /** The value was cut to {@link MAX_TAG_VALUE_LENGTH} characters. */
  readonly truncated: boolean;
  /** Length of the original value, in characters. */
  readonly originalLength: number;
}

/**
 * Fits a value known only at run time (an identity ARN) to the tag value rules, so one odd
 * principal (e.g. a session name with a comma) cannot make every retry of the event fail.
 */
export function fitTagValue(raw: string): FittedTagValue {
  const sanitizedValue = raw.replace(DISALLOWED_CHARACTER, "_");
  const characters = Array.from(sanitizedValue);
  const truncated = characters.length > MAX_TAG_VALUE_LENGTH;
  return {
    value: truncated ? characters.slice(0, MAX_TAG_VALUE_LENGTH).join("") : sanitizedValue,
    sanitized: sanitizedValue !== raw,
    truncated,
    originalLength: characters.length,
  };
}
