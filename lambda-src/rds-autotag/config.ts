import { MAX_TAGS_PER_RESOURCE, tagKeyProblem, tagValueProblem } from "./tag-rules";

/**
 * Environment contract of the RDS auto-tagger, read once per container. Free of AWS SDK imports so
 * the infrastructure code can reuse the variable names and the validation.
 */

/** Required. JSON object of tag key to tag value applied to every created resource; `{}` for none. */
export const STATIC_TAGS_ENV = "STATIC_TAGS";

/** Optional. Tag key under which the creator's identity is written; {@link DEFAULT_CREATOR_TAG_KEY} when unset. */
export const CREATOR_TAG_KEY_ENV = "CREATOR_TAG_KEY";

/** Creator tag key used when {@link CREATOR_TAG_KEY_ENV} is unset. */
export const DEFAULT_CREATOR_TAG_KEY = "CreatedBy";

/** One configured static tag. */
export interface StaticTag {
  readonly key: string;
  readonly value: string;
}

/** Validated configuration of the function. */
export interface AutotagConfig {
  /** Static tags sorted by key (UTF-16 code unit order), so every call sends them in the same order. */
  readonly staticTags: readonly StaticTag[];
  readonly creatorTagKey: string;
}

/** The environment does not describe a usable configuration; the message says which variable and why. */
export class AutotagConfigError extends Error {
  override readonly name = "AutotagConfigError";
}

/**
 * Reads and validates the configuration. Throws {@link AutotagConfigError} rather than guessing:
 * the function is meant to fail at cold start when its deployment is wrong.
 */
export function readConfig(env: Readonly<Record<string, string | undefined>>): AutotagConfig {
  const creatorTagKey = readCreatorTagKey(env[CREATOR_TAG_KEY_ENV]);
  const staticTags = parseStaticTags(env[STATIC_TAGS_ENV]);
  checkTagCount(staticTags, creatorTagKey);
  return { staticTags, creatorTagKey };
}

function readCreatorTagKey(raw: string | undefined): string {
  if (raw === undefined) {
    return DEFAULT_CREATOR_TAG_KEY;
  }
  const problem = tagKeyProblem(raw);
  if (problem !== undefined) {
    throw new AutotagConfigError(
      `${CREATOR_TAG_KEY_ENV} ${JSON.stringify(raw)} is not a valid tag key: ${problem}`,
    );
  }
  return raw;
}

/** Parses the {@link STATIC_TAGS_ENV} value into sorted tags, or throws {@link AutotagConfigError}. */
export function parseStaticTags(raw: string | undefined): StaticTag[] {
  if (raw === undefined) {
    throw new AutotagConfigError(
      `${STATIC_TAGS_ENV} is not set; set it to a JSON object of tag key to value ({} for none)`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AutotagConfigError(`${STATIC_TAGS_ENV} is not valid JSON: ${reason}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new AutotagConfigError(`${STATIC_TAGS_ENV} must be a JSON object of tag key to string value`);
  }

  const tags: StaticTag[] = [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    const keyProblem = tagKeyProblem(key);
    if (keyProblem !== undefined) {
      problems.push(`key ${JSON.stringify(key)} ${keyProblem}`);
    }
    if (typeof value !== "string") {
      problems.push(
        `value of ${JSON.stringify(key)} must be a string (is ${value === null ? "null" : typeof value})`,
      );
      continue;
    }
    const valueProblem = tagValueProblem(value);
    if (valueProblem !== undefined) {
      problems.push(`value of ${JSON.stringify(key)} ${valueProblem}`);
    }
    tags.push({ key, value });
  }
  if (problems.length > 0) {
    throw new AutotagConfigError(`${STATIC_TAGS_ENV} is invalid: ${problems.join("; ")}`);
  }
  return tags.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** RDS refuses a tagging call that would take a resource past its tag quota, so fail early instead. */
function checkTagCount(staticTags: readonly StaticTag[], creatorTagKey: string): void {
  if (staticTags.length > MAX_TAGS_PER_RESOURCE) {
    throw new AutotagConfigError(
      `${STATIC_TAGS_ENV} has ${staticTags.length} tags, more than the RDS limit of ${MAX_TAGS_PER_RESOURCE} per resource`,
    );
  }
  const withCreator = staticTags.filter((tag) => tag.key !== creatorTagKey).length + 1;
  if (withCreator > MAX_TAGS_PER_RESOURCE) {
    throw new AutotagConfigError(
      `${STATIC_TAGS_ENV} has ${staticTags.length} tags, which with the creator tag "${creatorTagKey}" ` +
        `exceeds the RDS limit of ${MAX_TAGS_PER_RESOURCE} per resource`,
    );
  }
}
