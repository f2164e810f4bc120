import * as path from "node:path";
import { STACK_IDS } from "../stacks/registry";
import { EXIT, runCli, UsageError } from "./lib/cli";
import { errorDetails, type NotRun, summaryLines, writeSummaries } from "./lib/plan-summary";
import { preflightOrStop, SKIP_PREFLIGHT_FLAG } from "./lib/preflight";
import {
  clearPlanOutputs,
  errorText,
  type OpsRequest,
  opsRequestFromArgs,
  PLANS_DIR,
  planOutdir,
  planStacks,
  synthesizeForOps,
} from "./lib/stack-ops";

const USAGE = `npm run plan [-- <stack>...] [--env <name>] [${SKIP_PREFLIGHT_FLAG}]`;

// Real plans with your AWS credentials, saved as plans/<stack>.tfplan with plans/summary.json and
// plans/summary.md (a pull-request comment). Synthesizes into plans/.synth/<env>, never cdktf.out.
// Exit 0: every selected stack planned; 1: bad arguments or configuration, or any stack errored.
runCli(async () => {
  const args = process.argv.slice(2);
  let request: OpsRequest;
  try {
    request = opsRequestFromArgs(args, USAGE, [SKIP_PREFLIGHT_FLAG]);
  } catch (error) {
    // A configuration error is a run that planned nothing: no earlier plan may look like its result.
    if (error instanceof UsageError) throw error;
    reportNothingPlanned("Terraform plan", error);
    throw error;
  }
  const title = `Terraform plan (${request.config.environment})`;
  const outdir = planOutdir(request.config.environment);
  const notSelected: NotRun[] = STACK_IDS.filter((id) => !request.stacks.includes(id)).map((stack) => ({
    stack,
    reason: "not selected in this run",
  }));
  clearPlanOutputs(PLANS_DIR);
  try {
    synthesizeForOps({ ...request, outdir });
  } catch (error) {
    reportNothingPlanned(title, error);
    throw error;
  }
  // Account settings that would fail the apply stop here, before Terraform runs (scripts/lib/preflight).
  const notes = await preflightOrStop(request, args, (lines) =>
    writeSummaries(
      PLANS_DIR,
      title,
      [],
      request.stacks.map((stack) => ({ stack, reason: "stopped by the pre-flight checks" })),
      undefined,
      lines,
    ),
  );
  const outcomes = await planStacks({ ...request, outdir }, PLANS_DIR);
  writeSummaries(PLANS_DIR, title, outcomes, notSelected, undefined, notes);
  for (const line of summaryLines(outcomes, notSelected)) console.log(line);
  const details = errorDetails(outcomes);
  if (details.length > 0) console.error(["", "Errors, as Terraform reported them:", ...details].join("\n"));
  const shown = path.relative(process.cwd(), PLANS_DIR) || ".";
  console.log(`\nPlan files, summary.md and summary.json in ${shown}/`);
  const planned = outcomes.find((o) => o.ok);
  if (planned) {
    const workdir = path.relative(process.cwd(), path.join(outdir, "stacks", planned.stack));
    const planFile = path.relative(process.cwd(), path.join(PLANS_DIR, `${planned.stack}.tfplan`));
    console.log(`Apply a saved plan from its folder: terraform -chdir=${workdir} apply "$PWD/${planFile}"`);
  }
  if (outcomes.some((o) => !o.ok)) process.exitCode = EXIT.failed;
});

/** Replaces any summary of an earlier run with one that says this run planned nothing, and why. */
function reportNothingPlanned(title: string, error: unknown): void {
  clearPlanOutputs(PLANS_DIR);
  const notRun = STACK_IDS.map((stack) => ({ stack, reason: "the run stopped before planning" }));
  writeSummaries(PLANS_DIR, title, [], notRun, errorText(error));
}
