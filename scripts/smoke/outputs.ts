import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import { synthesizeForOps } from "../lib/stack-ops";
import { mustRunTerraform } from "../lib/terraform";

/** `terraform output -json` of one stack: output name → value (sensitive values included). */
export type StackOutputs = Readonly<Record<string, unknown>>;

/** Each stack's outputs, or undefined when it has no state yet (not deployed). */
export type OutputsByStack = ReadonlyMap<StackId, StackOutputs | undefined>;

interface OutputsOptions {
  readonly config: ProjectConfig;
  readonly stacks: readonly StackId[];
  readonly terraform: string;
  readonly env: NodeJS.ProcessEnv;
  /** Where local state lives (the project's `state/`); tests point it elsewhere. */
  readonly projectRoot?: string;
}

/**
 * Reads every stack's outputs from its state, the way a deploy left it. Local state is read in place
 * (`terraform output -state`, no init, nothing written next to it). With the S3 backend the stacks
 * are synthesized into a temporary folder of our own (never the project's cdktf.out), initialized
 * there and asked for their outputs; the folder is removed afterwards.
 */
export async function readStackOutputs(options: OutputsOptions): Promise<OutputsByStack> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-outputs-"));
  try {
    const outputs = new Map<StackId, StackOutputs | undefined>();
    if (options.config.backend.type === "local") {
      for (const stack of options.stacks) outputs.set(stack, await readLocal(options, stack, scratch));
      return outputs;
    }
    synthesizeForOps({ config: options.config, outdir: scratch, stacks: options.stacks });
    for (const stack of options.stacks) {
      const cwd = path.join(scratch, "stacks", stack);
      await mustRunTerraform(
        options.terraform,
        ["init", "-input=false", "-no-color"],
        cwd,
        options.env,
        stack,
      );
      outputs.set(stack, await outputJson(options, stack, cwd, []));
    }
    return outputs;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

async function readLocal(
  options: OutputsOptions,
  stack: StackId,
  emptyDir: string,
): Promise<StackOutputs | undefined> {
  const root = options.projectRoot ?? PROJECT_ROOT;
  const stateFile = path.join(root, "state", options.config.environment, `${stack}.tfstate`);
  if (!fs.existsSync(stateFile)) return undefined;
  // An empty working directory: `-state` is honoured only without a backend block.
  return outputJson(options, stack, emptyDir, [`-state=${stateFile}`]);
}

async function outputJson(
  options: OutputsOptions,
  stack: StackId,
  cwd: string,
  extra: readonly string[],
): Promise<StackOutputs | undefined> {
  const result = await mustRunTerraform(
    options.terraform,
    ["output", "-json", "-no-color", ...extra],
    cwd,
    options.env,
    stack,
  );
  const parsed = JSON.parse(result.stdout || "{}") as Record<string, { value: unknown }>;
  const values = Object.fromEntries(Object.entries(parsed).map(([name, output]) => [name, output.value]));
  return Object.keys(values).length > 0 ? values : undefined;
}

/** A string output the check needs; a missing one names the stack and output (an older deploy?). */
export function stringOutput(outputs: StackOutputs, stack: StackId, name: string): string {
  const value = outputs[name];
  if (typeof value !== "string" || value === "")
    throw new Error(
      `${stack}: output "${name}" is missing from its state; deploy the current version of the stack first`,
    );
  return value;
}
