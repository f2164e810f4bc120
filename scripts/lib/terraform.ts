import { spawn } from "node:child_process";

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The terraform to run: $TERRAFORM_BINARY (tests point it at a fake), else `terraform` on the PATH. */
export function terraformBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.TERRAFORM_BINARY || "terraform";
}

/** Runs terraform and collects its output; never throws for a non-zero exit (callers decide). */
export function runTerraform(
  binary: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<TerraformResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** A failed terraform command: `detail` holds Terraform's own error, without the CLI's noise. */
export class TerraformError extends Error {
  constructor(
    label: string,
    readonly command: string,
    readonly exitCode: number,
    readonly detail: string,
  ) {
    super(`${label}: terraform ${command} failed (exit ${exitCode}):\n${detail}`);
    this.name = "TerraformError";
  }

  /** The message without the label: what a per-stack report shows next to the stack's name. */
  get summary(): string {
    return `terraform ${this.command} failed (exit ${this.exitCode}):\n${this.detail}`;
  }
}

/** Runs terraform and throws a TerraformError unless it exits with one of `okCodes`. */
export async function mustRunTerraform(
  binary: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  label: string,
  okCodes: readonly number[] = [0],
): Promise<TerraformResult> {
  const result = await runTerraform(binary, args, cwd, env);
  if (!okCodes.includes(result.code)) {
    const command = args[0] === "state" ? `state ${args[1]}` : (args[0] ?? "");
    throw new TerraformError(label, command, result.code, relevantErrorLines(result));
  }
  return result;
}

const MAX_ERROR_LINES = 40;
const CLI_CONFIG_NOTICE = /^There are some problems with the CLI configuration:$/;

/**
 * The lines of a failed run that say why: every `Error:` diagnostic, whole (summary, source
 * location, detail), with the box drawing of colour mode removed. Warnings, progress lines and the
 * CLI-configuration warning that comes first on some machines are left out. Without any `Error:`
 * diagnostic (a crash, a plain message) it keeps the last lines of the output instead.
 */
export function relevantErrorLines(result: Pick<TerraformResult, "stdout" | "stderr">): string {
  const streams = [result.stderr, result.stdout].map(diagnostics);
  const withError = streams.find((stream) => stream.errors.length > 0);
  const chosen = withError ? withError.errors : streams.flatMap((stream) => stream.others).slice(-15);
  const compact = chosen.filter((line, i) => line !== "" || (chosen[i - 1] ?? "") !== "");
  while (compact.length > 0 && compact[compact.length - 1] === "") compact.pop();
  if (compact.length === 0) return "(terraform printed nothing)";
  if (compact.length <= MAX_ERROR_LINES) return compact.join("\n");
  const more = `... (${compact.length - MAX_ERROR_LINES} more lines)`;
  return [...compact.slice(0, MAX_ERROR_LINES), more].join("\n");
}

/** One output stream split into its `Error:` diagnostics and the lines outside any diagnostic. */
function diagnostics(text: string): { errors: string[]; others: string[] } {
  const lines = text
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes are control characters
    .replace(/\u001b\[[0-9;]*m/g, "")
    .split(/\r?\n/)
    .filter((line) => !/^\s*[╷╵]\s*$/.test(line))
    .map((line) => line.replace(/^\s*│ ?/, "").trimEnd());
  const errors: string[] = [];
  const others: string[] = [];
  let block: "error" | "warning" | "none" = "none";
  for (const line of lines) {
    if (/^(Error|Warning): /.test(line)) block = line.startsWith("Error: ") ? "error" : "warning";
    if (block === "error") errors.push(line);
    else if (block === "none" && line.trim() !== "" && !CLI_CONFIG_NOTICE.test(line)) others.push(line);
  }
  return { errors, others };
}

/** Runs `task` over `items` with at most `limit` at once, keeping the input order in the results. */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
