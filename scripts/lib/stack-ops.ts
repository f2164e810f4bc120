import * as fs from "node:fs";
import * as path from "node:path";
import { loadProjectConfigWithSources, PROJECT_ROOT } from "../../stacks/config/load";
import type { ProjectConfig } from "../../stacks/config/project-config";
import type { Sources } from "../../stacks/core/cache-keys";
import type { StackId } from "../../stacks/registry";
import { EXIT, parseStackArgs } from "./cli";
import { errorHeadline, type PlanJson, type StackPlanOutcome, summarizePlan } from "./plan-summary";
import { synthesizeCached } from "./synth-cache";
import { mapLimited, mustRunTerraform, runTerraform, TerraformError, terraformBinary } from "./terraform";

/** `[stack...] [--env name]` → the stacks to act on (every stack when none is named); strict. */
export function stacksFromArgs(args: readonly string[], usage = "[<stack>...] [--env <name>]"): StackId[] {
  return parseStackArgs(args, usage).stacks;
}

/** What plan, drift and state:migrate act on, before anything is synthesized. */
export interface OpsRequest {
  readonly config: ProjectConfig;
  readonly stacks: readonly StackId[];
  readonly terraform: string;
  readonly env: NodeJS.ProcessEnv;
  /** The project's sources as the configuration's memo hashed them: the synth cache's key reuses the hash. */
  readonly sources?: Sources;
}

/** The context of plan, drift and state:migrate: a request plus the folder its stacks are synthesized into. */
export interface OpsContext extends OpsRequest {
  readonly outdir: string;
}

/**
 * The arguments and configuration of a script, checked before anything is touched. `--help`
 * prints the usage and exits 0.
 */
export function opsRequestFromArgs(
  args: readonly string[],
  usage: string,
  flags: readonly string[] = [],
): OpsRequest {
  const parsed = parseStackArgs(args, usage, true, flags);
  if (parsed.help) {
    console.log(`Usage: ${usage}`);
    process.exit(EXIT.ok);
  }
  const { config, sources } = loadProjectConfigWithSources(parsed.configArgv);
  return {
    config,
    sources,
    stacks: parsed.stacks,
    terraform: terraformBinary(),
    env: process.env,
  };
}

/** `plans/`: plan files, summary.json and summary.md of the last `npm run plan`. */
export const PLANS_DIR = path.join(PROJECT_ROOT, "plans");

/**
 * Where `npm run plan` synthesizes an environment: its own folder, never the project's cdktf.out
 * (which holds whatever the user last synthesized). It stays, initialized, so a saved plan can be
 * applied from it: `terraform -chdir=plans/.synth/<env>/stacks/<stack> apply "$PWD/plans/<stack>.tfplan"`.
 * Inside the project, so a local backend's relative state path still reaches `state/<env>/`.
 */
export function planOutdir(environment: string): string {
  return path.join(PLANS_DIR, ".synth", environment);
}

/**
 * Runs `task` with a fresh folder to synthesize into (drift, state:migrate), removed afterwards
 * whatever happens. Inside the project for the same reason as planOutdir.
 */
export async function withScratchOutdir<T>(kind: string, task: (outdir: string) => Promise<T>): Promise<T> {
  const parent = path.join(PLANS_DIR, ".synth");
  fs.mkdirSync(parent, { recursive: true });
  const outdir = fs.mkdtempSync(path.join(parent, `${kind}-`));
  try {
    return await task(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Synthesizes the selected stacks as a deploy would (real account, configured backend), or copies the
 * same output from the synth cache when nothing it depends on changed (scripts/lib/synth-cache.ts).
 */
export function synthesizeForOps(
  context: Pick<OpsContext, "config" | "outdir" | "stacks" | "sources">,
): "hit" | "miss" {
  return synthesizeCached(
    context,
    (outdir) => {
      // Loaded here, not imported: a cache hit, `--help` and a refused argument need no cdktf, the provider
      // classes or the constructs (about 0.15 s of CPU for cdktf alone).
      const { buildApp, synthesizeApp } = require("../../stacks/app") as typeof import("../../stacks/app");
      synthesizeApp(buildApp(context.config, { outdir, stacks: context.stacks }));
    },
    { sources: context.sources },
  ).cache;
}

/** state:migrate only moves state into S3: with a local backend there is nothing to migrate to. */
export function assertS3Backend(config: ProjectConfig): void {
  if (config.backend.type !== "s3") {
    throw new Error(
      `backend.type = "local" for environment "${config.environment}": set "backend": {"type": "s3"} ` +
        "in its configuration first (README, State backend); nothing was synthesized or migrated",
    );
  }
}

/** What a failed step says: Terraform's own error lines, or the message of anything else that failed. */
export function errorText(error: unknown): string {
  if (error instanceof TerraformError) return error.summary;
  return error instanceof Error ? error.message : String(error);
}

const stackDir = (context: OpsContext, stack: string) => path.join(context.outdir, "stacks", stack);

/** Terraform in a stack's folder: an exit code outside `okCodes` (default 0) throws a TerraformError. */
function terraformIn(context: OpsContext, stack: string) {
  const cwd = stackDir(context, stack);
  return (args: readonly string[], okCodes?: readonly number[]) =>
    mustRunTerraform(context.terraform, args, cwd, context.env, stack, okCodes);
}

/** Removes every plan file and summary a previous run left in `planDir` (not the synth folders). */
export function clearPlanOutputs(planDir: string): void {
  if (!fs.existsSync(planDir)) return;
  for (const entry of fs.readdirSync(planDir)) {
    if (entry.endsWith(".tfplan") || entry === "summary.json" || entry === "summary.md")
      fs.rmSync(path.join(planDir, entry), { force: true });
  }
}

/**
 * init + plan -out + show -json per stack; a failing stack is reported, the others still plan.
 * Plan files of earlier runs go first, and an errored stack keeps no plan file: every plan file
 * in `planDir` afterwards is one the summary reports as planned.
 */
export async function planStacks(context: OpsContext, planDir: string): Promise<StackPlanOutcome[]> {
  clearPlanOutputs(planDir);
  fs.mkdirSync(planDir, { recursive: true });
  return mapLimited(context.stacks, 2, async (stack): Promise<StackPlanOutcome> => {
    const terraform = terraformIn(context, stack);
    const planFile = path.join(path.resolve(planDir), `${stack}.tfplan`);
    try {
      await terraform(["init", "-input=false", "-no-color"]);
      await terraform(["plan", "-input=false", "-no-color", `-out=${planFile}`]);
      const shown = await terraform(["show", "-json", planFile]);
      return { stack, ok: true, summary: summarizePlan(JSON.parse(shown.stdout) as PlanJson), planFile };
    } catch (error) {
      fs.rmSync(planFile, { force: true });
      return { stack, ok: false, error: errorText(error) };
    }
  });
}

export type DriftOutcome =
  | { readonly stack: string; readonly status: "in-sync" }
  | { readonly stack: string; readonly status: "drifted"; readonly resources: readonly string[] }
  | { readonly stack: string; readonly status: "error"; readonly error: string };

/**
 * `terraform plan -refresh-only -detailed-exitcode` per stack: what changed in AWS outside
 * Terraform. Exit code 2 of that plan means drift; the plan JSON names the resources.
 */
export async function detectDrift(context: OpsContext): Promise<DriftOutcome[]> {
  return mapLimited(context.stacks, 2, async (stack): Promise<DriftOutcome> => {
    const terraform = terraformIn(context, stack);
    try {
      await terraform(["init", "-input=false", "-no-color"]);
      const plan = await terraform(
        [
          "plan",
          "-refresh-only",
          "-detailed-exitcode",
          "-input=false",
          "-lock=false",
          "-no-color",
          "-out=drift.tfplan",
        ],
        [0, 2],
      );
      if (plan.code === 0) return { stack, status: "in-sync" };
      const shown = await terraform(["show", "-json", "drift.tfplan"]);
      const drift = (JSON.parse(shown.stdout) as PlanJson).resource_drift ?? [];
      return {
        stack,
        status: "drifted",
        resources: drift.map((d) => `${d.address} (${d.change.actions.join("/")})`),
      };
    } catch (error) {
      return { stack, status: "error", error: errorText(error) };
    }
  });
}

export function driftLine(outcome: DriftOutcome): string {
  if (outcome.status === "in-sync") return `${outcome.stack}: no drift`;
  if (outcome.status === "error") return `${outcome.stack}: ERROR ${errorHeadline(outcome.error)}`;
  return `${outcome.stack}: DRIFT in ${outcome.resources.length} resource(s): ${outcome.resources.join(", ") || "(see plan)"}`;
}

/**
 * 0 when every stack is in sync, 2 when every stack was checked and any drifted, 1 when any
 * could not be checked (drift elsewhere is still printed, but the run is a failure to fix first).
 */
export function driftExitCode(outcomes: readonly DriftOutcome[]): number {
  if (outcomes.some((o) => o.status === "error")) return EXIT.failed;
  return outcomes.some((o) => o.status === "drifted") ? EXIT.drift : EXIT.ok;
}

export type MigrationOutcome =
  | { readonly stack: string; readonly status: "migrated"; readonly serial: number; readonly backup: string }
  | { readonly stack: string; readonly status: "skipped"; readonly reason: string }
  | { readonly stack: string; readonly status: "error"; readonly error: string };

interface StateFile {
  readonly serial: number;
  readonly lineage: string;
  readonly resources?: unknown[];
}

/**
 * Moves each stack's local state (state/<env>/<stack>.tfstate) into the configured S3 backend:
 * init against S3, refuse if the remote state already holds resources, `state push`, read it
 * back and compare lineage and serial, then keep the local file as `<file>.migrated`.
 */
export async function migrateState(context: OpsContext, localStateDir: string): Promise<MigrationOutcome[]> {
  assertS3Backend(context.config);
  const outcomes: MigrationOutcome[] = [];
  // One at a time: a migration is rare and its output should read in order.
  for (const stack of context.stacks) {
    const local = path.join(localStateDir, `${stack}.tfstate`);
    if (!fs.existsSync(local)) {
      outcomes.push({
        stack,
        status: "skipped",
        reason: `no local state at ${path.relative(process.cwd(), local)}`,
      });
      continue;
    }
    const cwd = stackDir(context, stack);
    const terraform = terraformIn(context, stack);
    try {
      const localState = JSON.parse(fs.readFileSync(local, "utf8")) as StateFile;
      await terraform(["init", "-input=false", "-reconfigure", "-no-color"]);
      const remote = await runTerraform(context.terraform, ["state", "pull"], cwd, context.env);
      const remoteState = remote.stdout.trim() ? (JSON.parse(remote.stdout) as StateFile) : undefined;
      if (remoteState && (remoteState.resources ?? []).length > 0) {
        outcomes.push({
          stack,
          status: "skipped",
          reason: "the S3 backend already holds state for this stack; not overwriting it",
        });
        continue;
      }
      await terraform(["state", "push", local]);
      const check = await terraform(["state", "pull"]);
      const pushed = JSON.parse(check.stdout) as StateFile;
      if (pushed.lineage !== localState.lineage || pushed.serial < localState.serial) {
        throw new Error(
          `${stack}: the state read back from S3 (lineage ${pushed.lineage}, serial ${pushed.serial}) is not the one pushed`,
        );
      }
      const backup = `${local}.migrated`;
      fs.renameSync(local, backup);
      outcomes.push({ stack, status: "migrated", serial: pushed.serial, backup });
    } catch (error) {
      outcomes.push({ stack, status: "error", error: errorText(error) });
    }
  }
  return outcomes;
}
