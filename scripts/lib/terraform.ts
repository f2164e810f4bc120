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

/** Runs terraform and throws, with Terraform's own message, unless it exits with one of `okCodes`. */
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
    throw new Error(
      `${label}: terraform ${args[0]} failed (exit ${result.code}):\n${(result.stderr || result.stdout).trim()}`,
    );
  }
  return result;
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
