import * as path from "node:path";
import { ConfigError } from "../stacks/config/errors";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { summaryLines, writeSummaries } from "./lib/plan-summary";
import { planStacks, stacksFromArgs, synthesizeForOps } from "./lib/stack-ops";
import { terraformBinary } from "./lib/terraform";

// `npm run plan [-- stack...] [--env name]`: real plans with your AWS credentials, saved as
// plans/<stack>.tfplan with plans/summary.json and plans/summary.md (a pull-request comment).
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const config = loadProjectConfig(args);
  const context = {
    config,
    outdir: path.join(PROJECT_ROOT, "cdktf.out"),
    stacks: stacksFromArgs(args),
    terraform: terraformBinary(),
    env: process.env,
  };
  synthesizeForOps(context);
  const planDir = path.join(PROJECT_ROOT, "plans");
  const outcomes = await planStacks(context, planDir);
  writeSummaries(planDir, `Terraform plan (${config.environment})`, outcomes);
  for (const line of summaryLines(outcomes)) console.log(line);
  console.log(`\nPlan files and summary.md in ${path.relative(process.cwd(), planDir) || "."}/`);
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
