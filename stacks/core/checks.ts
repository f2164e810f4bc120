import leven from "leven";
import type { ConfigProblem } from "./errors";

/**
 * Collects configuration problems, so all of them are reported together. The settings' values are checked
 * by their zod schemas (settings-schema.ts reports each issue here); this checks the configuration's own
 * shape (which layers and sections exist) and what depends on several settings.
 */
export class Checker {
  readonly problems: ConfigProblem[] = [];

  fail(field: string, value: unknown, allowed: string): void {
    this.problems.push({ field, value, allowed });
  }

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
