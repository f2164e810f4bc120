/** One bad configuration value: which field, what it was, and what is allowed instead. */
export interface ConfigProblem {
  readonly field: string;
  readonly value: unknown;
  readonly allowed: string;
}

/**
 * Thrown before anything is synthesized when the configuration is invalid.
 * Lists every problem at once so a user fixes them in one pass.
 */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  - ${p.field} = ${describe(p.value)}: ${p.allowed}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "(missing)";
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
