import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../../stacks/app";
import { loadProjectConfig, PROJECT_ROOT } from "../../stacks/config/load";
import type { ProjectConfig } from "../../stacks/config/project-config";
import { isStackId, STACK_IDS, type StackId } from "../../stacks/config/stack-ids";
import { type PlanJson, type StackPlanOutcome, summarizePlan } from "./plan-summary";
import { mapLimited, mustRunTerraform, runTerraform, terraformBinary } from "./terraform";

/** `[stack...] [--env name]` → the stacks to act on (every stack when none is named). */
export function stacksFromArgs(args: readonly string[]): StackId[] {
  const named = args.filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--env");
  const unknown = named.filter((name) => !isStackId(name));
  if (unknown.length > 0)
    throw new Error(`Unknown stack ${unknown.join(", ")}; stacks are ${STACK_IDS.join(", ")}`);
  return named.length > 0 ? (named as StackId[]) : [...STACK_IDS];
}

/** The context of plan, drift and state:migrate: the configuration from the arguments, cdktf.out, the PATH's terraform. */
export function opsContextFromArgs(args: readonly string[]): OpsContext {
  return {
    config: loadProjectConfig(args),
    outdir: path.join(PROJECT_ROOT, "cdktf.out"),
    stacks: stacksFromArgs(args),
    terraform: terraformBinary(),
    env: process.env,
  };
}

export interface OpsContext {
  readonly config: ProjectConfig;
  readonly outdir: string;
  readonly stacks: readonly StackId[];
  readonly terraform: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Synthesizes the selected stacks as a deploy would (real account, configured backend). */
export function synthesizeForOps(context: Pick<OpsContext, "config" | "outdir" | "stacks">): void {
  fs.mkdirSync(context.outdir, { recursive: true });
  synthesizeApp(buildApp(context.config, { outdir: context.outdir, stacks: context.stacks }));
}

const stackDir = (context: OpsContext, stack: string) => path.join(context.outdir, "stacks", stack);

/** init + plan -out + show -json per stack; a failing stack is reported, the others still plan. */
export async function planStacks(context: OpsContext, planDir: string): Promise<StackPlanOutcome[]> {
  fs.mkdirSync(planDir, { recursive: true });
  return mapLimited(context.stacks, 2, async (stack): Promise<StackPlanOutcome> => {
    const cwd = stackDir(context, stack);
    const planFile = path.join(path.resolve(planDir), `${stack}.tfplan`);
    try {
      await mustRunTerraform(
        context.terraform,
        ["init", "-input=false", "-no-color"],
        cwd,
        context.env,
        stack,
      );
      await mustRunTerraform(
        context.terraform,
        ["plan", "-input=false", "-no-color", `-out=${planFile}`],
        cwd,
        context.env,
        stack,
      );
      const shown = await mustRunTerraform(
        context.terraform,
        ["show", "-json", planFile],
        cwd,
        context.env,
        stack,
      );
      return { stack, ok: true, summary: summarizePlan(JSON.parse(shown.stdout) as PlanJson), planFile };
    } catch (error) {
      return { stack, ok: false, error: error instanceof Error ? error.message : String(error) };
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
    const cwd = stackDir(context, stack);
    try {
      await mustRunTerraform(
        context.terraform,
        ["init", "-input=false", "-no-color"],
        cwd,
        context.env,
        stack,
      );
      const plan = await mustRunTerraform(
        context.terraform,
        [
          "plan",
          "-refresh-only",
          "-detailed-exitcode",
          "-input=false",
          "-lock=false",
          "-no-color",
          "-out=drift.tfplan",
        ],
        cwd,
        context.env,
        stack,
        [0, 2],
      );
      if (plan.code === 0) return { stack, status: "in-sync" };
      const shown = await mustRunTerraform(
        context.terraform,
        ["show", "-json", "drift.tfplan"],
        cwd,
        context.env,
        stack,
      );
      const drift = (JSON.parse(shown.stdout) as PlanJson).resource_drift ?? [];
      return {
        stack,
        status: "drifted",
        resources: drift.map((d) => `${d.address} (${d.change.actions.join("/")})`),
      };
    } catch (error) {
      return { stack, status: "error", error: error instanceof Error ? error.message : String(error) };
    }
  });
}

export function driftLine(outcome: DriftOutcome): string {
  if (outcome.status === "in-sync") return `${outcome.stack}: no drift`;
  if (outcome.status === "error") return `${outcome.stack}: ERROR ${outcome.error.split("\n")[0]}`;
  return `${outcome.stack}: DRIFT in ${outcome.resources.length} resource(s): ${outcome.resources.join(", ") || "(see plan)"}`;
}

/** 0 when every stack is in sync, 2 when any drifted, 1 when any could not be checked. */
export function driftExitCode(outcomes: readonly DriftOutcome[]): number {
  if (outcomes.some((o) => o.status === "error")) return 1;
  return outcomes.some((o) => o.status === "drifted") ? 2 : 0;
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
  if (context.config.backend.type !== "s3") {
    throw new Error(
      'backend.type is "local": set the S3 backend in the configuration first (README, State backend)',
    );
  }
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
    try {
      const localState = JSON.parse(fs.readFileSync(local, "utf8")) as StateFile;
      await mustRunTerraform(
        context.terraform,
        ["init", "-input=false", "-reconfigure", "-no-color"],
        cwd,
        context.env,
        stack,
      );
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
      await mustRunTerraform(context.terraform, ["state", "push", local], cwd, context.env, stack);
      const check = await mustRunTerraform(context.terraform, ["state", "pull"], cwd, context.env, stack);
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
      outcomes.push({
        stack,
        status: "error",
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return outcomes;
}
