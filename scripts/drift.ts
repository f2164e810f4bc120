import { runCli } from "./lib/cli";
import { detectDrift, driftExitCode, driftLine, opsContextFromArgs, synthesizeForOps } from "./lib/stack-ops";

// `npm run drift [-- stack...] [--env name]`: what changed in AWS outside Terraform, one line per
// stack; exit 0 in sync, 2 drift, 1 a stack could not be checked. Needs real credentials.
runCli(async () => {
  const context = opsContextFromArgs(process.argv.slice(2));
  synthesizeForOps(context);
  const outcomes = await detectDrift(context);
  for (const outcome of outcomes) console.log(driftLine(outcome));
  process.exitCode = driftExitCode(outcomes);
});
