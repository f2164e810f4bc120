/**
 * The detail contract of the "start-state-machine" and "start-lambda-function" events:
 *
 * ```json
 * {
 *   "requestId": "order-42:retry.1",   // required string, 1..64 characters from [A-Za-z0-9._:-]
 *   "action": "reindex",               // required string, 1..64 characters
 *   "payload": { "any": "JSON" }       // optional JSON object (not an array, not null)
 * }
 * ```
 *
 * Validation is strict: any other field is rejected, so a producer's typo (`requestID`) fails loudly instead
 * of being ignored. Lengths count Unicode code points, not UTF-16 units.
 */

/** A detail that satisfies the contract. */
export interface Detail {
  readonly requestId: string;
  readonly action: string;
  readonly payload?: Readonly<Record<string, unknown>>;
}

/** One violation of the contract, such as `{ field: "detail.action", problem: "must not be empty" }`. */
export interface DetailProblem {
  readonly field: string;
  readonly problem: string;
}

/** The outcome of {@link validateDetail}. */
export type DetailValidation =
  | { readonly valid: true; readonly detail: Detail }
  | {
      readonly valid: false;
      readonly problems: readonly DetailProblem[];
      /** The fields that did pass, so logs can still name the request. */
      readonly validFields: Partial<Pick<Detail, "requestId" | "action">>;
    };

/** Longest requestId and action, in code points. */
export const MAX_FIELD_LENGTH = 64;

const REQUEST_ID_CHARACTERS = /^[A-Za-z0-9._:-]+$/;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(["requestId", "action", "payload"]);

/** Checks `value` (an event's `detail`) against the contract and reports every problem found. */
export function validateDetail(value: unknown): DetailValidation {
  if (value === undefined) return invalid([{ field: "detail", problem: "is missing" }]);
  if (!isJsonObject(value)) {
    return invalid([{ field: "detail", problem: `must be a JSON object (got ${jsonType(value)})` }]);
  }

  const problems: DetailProblem[] = [];
  const validFields: { requestId?: string; action?: string } = {};

  const requestId = checkRequestId(value.requestId);
  if (requestId.ok) validFields.requestId = requestId.value;
  else problems.push({ field: "detail.requestId", problem: requestId.problem });

  const action = checkBoundedString(value.action);
  if (action.ok) validFields.action = action.value;
  else problems.push({ field: "detail.action", problem: action.problem });

  const { payload } = value;
  if ("payload" in value && !isJsonObject(payload)) {
    problems.push({ field: "detail.payload", problem: `must be a JSON object (got ${jsonType(payload)})` });
  }
  for (const key of Object.keys(value)) {
    if (!KNOWN_FIELDS.has(key)) {
      problems.push({ field: `detail.${key}`, problem: "is not part of the contract" });
    }
  }

  if (!requestId.ok || !action.ok || problems.length > 0) return { valid: false, problems, validFields };
  const detail: Detail = {
    requestId: requestId.value,
    action: action.value,
    ...(isJsonObject(payload) ? { payload } : {}),
  };
  return { valid: true, detail };
}

/** One readable sentence per problem, such as "detail.requestId must be a string (got number)". */
export function describeProblems(problems: readonly DetailProblem[]): string {
  return problems.map(({ field, problem }) => `${field} ${problem}`).join("; ");
}

/** True for a JSON object: not null and not an array. */
export function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(problems: DetailProblem[]): DetailValidation {
  return { valid: false, problems, validFields: {} };
}

/** A checked string field: its value, or what is wrong with it. */
type FieldCheck =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: string };

function checkRequestId(value: unknown): FieldCheck {
  const check = checkBoundedString(value);
  if (!check.ok || REQUEST_ID_CHARACTERS.test(check.value)) return check;
  return { ok: false, problem: "must contain only letters, digits, '.', '_', ':' and '-'" };
}

/** A required string of 1..64 code points. */
function checkBoundedString(value: unknown): FieldCheck {
  if (value === undefined) return { ok: false, problem: "is missing" };
  if (typeof value !== "string") return { ok: false, problem: `must be a string (got ${jsonType(value)})` };
  if (value.length === 0) return { ok: false, problem: "must not be empty" };
  const length = [...value].length;
  if (length > MAX_FIELD_LENGTH) {
    return { ok: false, problem: `must be at most ${MAX_FIELD_LENGTH} characters (got ${length})` };
  }
  return { ok: true, value };
}

/** The JSON type name of a parsed value, for messages. */
function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}
