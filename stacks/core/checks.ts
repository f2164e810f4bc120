import leven from "leven";
import type { ConfigProblem } from "./errors";

/**
 * Collects configuration problems while reading a raw (untyped) object.
 * Every reader returns a usable value (the default when the input is bad), so reading
 * continues and all problems are reported together.
 */
export class Checker {
  readonly problems: ConfigProblem[] = [];

  fail(field: string, value: unknown, allowed: string): void {
    this.problems.push({ field, value, allowed });
  }

  /** Every section read and its known keys, even when absent: the README test lists settings from it. */
  readonly sectionsRead = new Map<string, readonly string[]>();

  /** Keys a "did you mean" named: a required-setting message for the same key would only repeat the typo. */
  readonly suggested = new Set<string>();

  /**
   * Reads an object section; unknown keys are errors (they are almost always typos), with the closest
   * known key as a suggestion. `noun` names what the keys are ("setting", "stack").
   */
  section(
    field: string,
    value: unknown,
    knownKeys: readonly string[],
    noun = "setting",
  ): Record<string, unknown> {
    this.sectionsRead.set(field, knownKeys);
    if (value === undefined) return {};
    if (!isPlainObject(value)) {
      this.fail(field, value, "an object");
      return {};
    }
    for (const key of Object.keys(value)) {
      if (!knownKeys.includes(key)) this.unknownKey(`${field}.${key}`, key, value[key], knownKeys, noun);
    }
    return value;
  }

  unknownKey(
    field: string,
    key: string,
    value: unknown,
    knownKeys: readonly string[],
    noun = "setting",
    /** false for a layer that is not merged (another environment's section): its typo explains nothing here. */
    remember = true,
  ): void {
    const guess = closest(key, knownKeys);
    if (guess !== undefined && remember) this.suggested.add(guess);
    this.fail(
      field,
      value,
      `unknown ${noun}; known ${noun}s are ${knownKeys.join(", ")}${guess === undefined ? "" : `. Did you mean ${JSON.stringify(guess)}?`}`,
    );
  }

  string(
    field: string,
    value: unknown,
    fallback: string,
    rule: { pattern?: RegExp; min?: number; max?: number; describe: string; required?: boolean },
  ): string {
    if (value === undefined) {
      if (rule.required) this.fail(field, value, `required: ${rule.describe}`);
      return fallback;
    }
    const ok =
      typeof value === "string" &&
      value.length >= (rule.min ?? 0) &&
      value.length <= (rule.max ?? Number.POSITIVE_INFINITY) &&
      (rule.pattern === undefined || rule.pattern.test(value));
    if (!ok) {
      this.fail(field, value, rule.describe);
      return fallback;
    }
    return value;
  }

  optionalString(
    field: string,
    value: unknown,
    rule: { pattern?: RegExp; min?: number; max?: number; describe: string },
  ): string | undefined {
    if (value === undefined || value === null) return undefined;
    const result = this.string(field, value, "", rule);
    return result === "" ? undefined : result;
  }

  integer(
    field: string,
    value: unknown,
    fallback: number,
    range: { min: number; max: number; unit?: string },
  ): number {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < range.min || value > range.max) {
      const unit = range.unit ? ` ${range.unit}` : "";
      this.fail(field, value, `a whole number from ${range.min} to ${range.max}${unit}`);
      return fallback;
    }
    return value;
  }

  boolean(field: string, value: unknown, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== "boolean") {
      this.fail(field, value, "true or false");
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(field: string, value: unknown, fallback: T, allowed: readonly T[]): T {
    if (value === undefined) return fallback;
    if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, value, `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`);
      return fallback;
    }
    return value as T;
  }

  /** A non-empty list of distinct strings, each passing `item`. */
  stringList(
    field: string,
    value: unknown,
    fallback: readonly string[],
    item: { pattern?: RegExp; describe: string; maxItems: number; allowEmpty?: boolean },
  ): readonly string[] {
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) {
      this.fail(field, value, `a list of ${item.describe}`);
      return fallback;
    }
    if ((value.length === 0 && !item.allowEmpty) || value.length > item.maxItems) {
      this.fail(field, value, `a list of ${item.allowEmpty ? 0 : 1} to ${item.maxItems} entries`);
      return fallback;
    }
    let ok = true;
    value.forEach((entry, index) => {
      if (typeof entry !== "string" || (item.pattern !== undefined && !item.pattern.test(entry))) {
        this.fail(`${field}[${index}]`, entry, item.describe);
        ok = false;
      }
    });
    if (new Set(value).size !== value.length) {
      this.fail(field, value, "a list without duplicates");
      ok = false;
    }
    return ok ? (value as string[]) : fallback;
  }

  /** A map of strings, such as resource tags. */
  stringMap(
    field: string,
    value: unknown,
    rule: { key: RegExp; keyDescribe: string; value: RegExp; valueDescribe: string; maxEntries: number },
  ): Readonly<Record<string, string>> {
    if (value === undefined) return {};
    if (!isPlainObject(value)) {
      this.fail(field, value, "an object of string keys to string values");
      return {};
    }
    const entries = Object.entries(value);
    if (entries.length > rule.maxEntries) {
      this.fail(field, value, `at most ${rule.maxEntries} entries`);
      return {};
    }
    const result: Record<string, string> = {};
    for (const [key, entry] of entries) {
      if (!rule.key.test(key)) {
        this.fail(`${field} key ${JSON.stringify(key)}`, key, rule.keyDescribe);
      } else if (typeof entry !== "string" || !rule.value.test(entry)) {
        this.fail(`${field}.${key}`, entry, rule.valueDescribe);
      } else {
        result[key] = entry;
      }
    }
    return result;
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The known key a typo most likely meant: same letters in another case, or at most a third of them wrong. */
export function closest(key: string, knownKeys: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const known of knownKeys) {
    const distance = leven(key.toLowerCase(), known.toLowerCase());
    if (
      distance <= Math.max(1, Math.floor(known.length / 3)) &&
      (best === undefined || distance < best.distance)
    )
      best = { key: known, distance };
  }
  return best?.key;
}
