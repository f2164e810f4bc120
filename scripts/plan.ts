import * as path from "node:path";
import { PROJECT_ROOT } from "../stacks/config/load";
import { runCli } from "./lib/cli";
import { summaryLines, writeSummaries } from "./lib/plan-summary";
import { opsContextFromArgs, planStacks, synthesizeForOps } from "./lib/stack-ops";

// `npm run plan [-- stack...] [--env name]`: real plans with your AWS credentials, saved as
// plans/<stack>.tfplan with plans/summary.json and plans/summary.md (a pull-request comment).
runCli(async () => {
  const context = opsContextFromArgs(process.argv.slice(2));
  synthesizeForOps(context);
  const planDir = path.join(PROJECT_ROOT, "plans");
  const outcomes = await planStacks(context, planDir);
  writeSummaries(planDir, `Terraform plan (${context.config.environment})`, outcomes);
  for (const line of summaryLines(outcomes)) console.log(line);
  console.log(`\nPlan files and summary.md in ${path.relative(process.cwd(), planDir) || "."}/`);
  if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
});
