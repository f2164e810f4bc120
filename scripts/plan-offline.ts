import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../stacks/app";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { parseStackArgs, runCli } from "./lib/cli";
import { findOfflineTooling, mapLimited, planStackOffline } from "./lib/offline-terraform";
import { type StackPlanOutcome, summaryLines, writeSummaries } from "./lib/plan-summary";

// `npm run plan:offline [-- stack...] [--env name]`: a real terraform plan per stack, no credentials,
// no network. Each run works in a folder of its own, .offline-plan/runs/<run>/, so two runs in one
// checkout never touch each other's files; the finished run's summary.json and summary.md are then
// also copied (atomically) to .offline-plan/.

const OFFLINE_PLAN_DIR = path.join(PROJECT_ROOT, ".offline-plan");
/** Finished runs older than this are removed when a new run starts. */
const KEEP_RUNS_MS = 24 * 60 * 60 * 1000;

runCli(async () => {
  const { stacks, configArgv } = parseStackArgs(process.argv.slice(2), "[<stack>...] [--env <name>]");
  const tooling = findOfflineTooling();
  if (!tooling.available) {
    console.error(`plan:offline cannot run: ${tooling.reason}.\nFix: ${tooling.fix}.`);
    process.exit(1);
  }
  const config = loadProjectConfig(configArgv);
  const runs = path.join(OFFLINE_PLAN_DIR, "runs");
  fs.mkdirSync(runs, { recursive: true });
  pruneOldRuns(runs);
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const root = fs.mkdtempSync(path.join(runs, `${stamp}-`));
  const outdir = path.join(root, "cdktf.out");
  synthesizeApp(buildApp(config, { offline: true, outdir, stacks }));

  const outcomes = await mapLimited(stacks, 2, async (stack): Promise<StackPlanOutcome> => {
    try {
      const workDir = path.join(root, "work", stack);
      const result = await planStackOffline(tooling, path.join(outdir, "stacks", stack), workDir, {
        planText: true,
      });
      console.log(`\n===== ${stack} =====\n${result.planText}`);
      for (const standIn of result.standIns) {
        console.log(
          `NOTE: hashicorp/archive could not be installed; ${standIn.address} was stood in by the harness ` +
            `(same inputs zipped reproducibly, ${standIn.size} bytes, sha256 ${standIn.sha256Base64}).`,
        );
      }
      for (const address of result.timeStandIns) {
        console.log(
          `NOTE: hashicorp/time could not be installed; ${address} was planned as terraform_data ` +
            "(same dependencies and inputs; it does not wait, which only matters at apply time).",
        );
      }
      return { stack, ok: true, summary: result.summary, planFile: path.join(workDir, "offline.tfplan") };
    } catch (error) {
      return { stack, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  });
  const title = `Offline Terraform plan (${config.environment})`;
  writeSummaries(root, title, outcomes);
  publishLatest(root);
  console.log(`\nOffline plans (terraform ${tooling.version}, providers from ${tooling.mirror}):`);
  for (const line of summaryLines(outcomes)) console.log(`  ${line}`);
  console.log(
    `Plans and summaries: ${path.relative(PROJECT_ROOT, root)}/ (summaries also in .offline-plan/)`,
  );
  for (const o of outcomes) if (!o.ok) console.error(`\n${o.error}`);
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
});

/** Copies the run's summaries to .offline-plan/ by rename, so a reader never sees half a file. */
function publishLatest(root: string): void {
  for (const name of ["summary.json", "summary.md"]) {
    const staged = path.join(OFFLINE_PLAN_DIR, `.${name}.${process.pid}`);
    fs.copyFileSync(path.join(root, name), staged);
    fs.renameSync(staged, path.join(OFFLINE_PLAN_DIR, name));
  }
}

/** Removes finished runs (they have a summary.json) older than KEEP_RUNS_MS; running ones are left alone. */
function pruneOldRuns(runs: string): void {
  for (const name of fs.readdirSync(runs)) {
    const summary = path.join(runs, name, "summary.json");
    const stat = fs.statSync(summary, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > KEEP_RUNS_MS) {
      fs.rmSync(path.join(runs, name), { recursive: true, force: true });
    }
  }
}
