import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../stacks/app";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { runCli } from "./lib/cli";
import { findOfflineTooling, mapLimited, planStackOffline } from "./lib/offline-terraform";
import { type StackPlanOutcome, summaryLines, writeSummaries } from "./lib/plan-summary";
import { stacksFromArgs } from "./lib/stack-ops";

// `npm run plan:offline [-- stack...] [--env name]`: a real terraform plan per stack, no credentials,
// no network. Plans, summary.json and summary.md land in .offline-plan/.
runCli(async () => {
  const args = process.argv.slice(2);
  const stacks = stacksFromArgs(args);
  const tooling = findOfflineTooling();
  if (!tooling.available) {
    console.error(`plan:offline cannot run: ${tooling.reason}`);
    process.exit(1);
  }
  const config = loadProjectConfig(args);
  const root = path.join(PROJECT_ROOT, ".offline-plan");
  const outdir = path.join(root, "cdktf.out");
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  synthesizeApp(buildApp(config, { offline: true, outdir, stacks }));

  const outcomes = await mapLimited(stacks, 2, async (stack): Promise<StackPlanOutcome> => {
    try {
      const workDir = path.join(root, "work", stack);
      const result = await planStackOffline(tooling, path.join(outdir, "stacks", stack), workDir);
      console.log(`\n===== ${stack} =====\n${result.planText}`);
      for (const standIn of result.standIns) {
        console.log(
          `NOTE: hashicorp/archive is not in the mirror; ${standIn.address} was stood in by the harness ` +
            `(same inputs zipped reproducibly, ${standIn.size} bytes, sha256 ${standIn.sha256Base64}).`,
        );
      }
      for (const address of result.timeStandIns) {
        console.log(
          `NOTE: hashicorp/time is not in the mirror; ${address} was planned as terraform_data ` +
            "(same dependencies and inputs; it does not wait, which only matters at apply time).",
        );
      }
      return { stack, ok: true, summary: result.summary, planFile: path.join(workDir, "offline.tfplan") };
    } catch (error) {
      return { stack, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  });
  writeSummaries(root, `Offline Terraform plan (${config.environment})`, outcomes);
  console.log(`\nOffline plans (terraform ${tooling.version}, providers from ${tooling.mirror}):`);
  for (const line of summaryLines(outcomes)) console.log(`  ${line}`);
  for (const o of outcomes) if (!o.ok) console.error(`\n${o.error}`);
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
});
