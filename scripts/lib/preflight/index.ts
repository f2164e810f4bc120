import type { ProjectConfig } from "../../../stacks/config/project-config";
import type { StackId } from "../../../stacks/registry";
import { checkApiGatewayAccount, type PreflightCheck } from "./apigateway-account";

export type { PreflightCheck } from "./apigateway-account";

/** The flag that skips the pre-flight checks (for credentials that may not read the settings they check). */
export const SKIP_PREFLIGHT_FLAG = "--skip-preflight";

/** Thrown before Terraform runs when a pre-flight check says the apply would fail. */
export class PreflightError extends Error {
  constructor(readonly checks: readonly PreflightCheck[]) {
    super(
      [
        "Pre-flight checks stopped the plan before Terraform ran:",
        ...checks
          .filter((c) => c.status === "blocked")
          .flatMap((c) => [`  - ${c.name}: ${c.summary}`, `    ${c.instruction ?? ""}`]),
      ].join("\n"),
    );
    this.name = "PreflightError";
  }
}

/** Runs every pre-flight check for the stacks about to be planned. */
export async function runPreflight(
  config: ProjectConfig,
  stacks: readonly StackId[],
  args: readonly string[],
): Promise<PreflightCheck[]> {
  if (args.includes(SKIP_PREFLIGHT_FLAG)) {
    return [{ name: "pre-flight checks", status: "skipped", summary: `skipped (${SKIP_PREFLIGHT_FLAG})` }];
  }
  const found = await Promise.all([checkApiGatewayAccount(config, stacks)]);
  return found.filter((check): check is PreflightCheck => check !== undefined);
}

/**
 * Runs the checks and prints them; when one is blocked, hands their lines to `onBlocked` (to write the plan
 * summary) and throws PreflightError. Returns the lines for the plan summary.
 */
export async function preflightOrStop(
  context: { readonly config: ProjectConfig; readonly stacks: readonly StackId[] },
  args: readonly string[],
  onBlocked: (lines: string[]) => void,
): Promise<string[]> {
  const checks = await runPreflight(context.config, context.stacks, args);
  const lines = preflightLines(checks);
  for (const line of lines) console.log(line);
  if (checks.some((c) => c.status === "blocked")) {
    onBlocked(lines);
    throw new PreflightError(checks);
  }
  return lines;
}

/** One line per check, for the terminal and the plan summary. */
export function preflightLines(checks: readonly PreflightCheck[]): string[] {
  return checks.map((c) => `pre-flight: ${c.name}: ${c.status === "blocked" ? "BLOCKED, " : ""}${c.summary}`);
}
