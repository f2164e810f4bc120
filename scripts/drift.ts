import * as path from "node:path";
import { ConfigError } from "../stacks/config/errors";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { detectDrift, driftExitCode, driftLine, stacksFromArgs, synthesizeForOps } from "./lib/stack-ops";
import { terraformBinary } from "./lib/terraform";

// `npm run drift [-- stack...] [--env name]`: what changed in AWS outside Terraform, one line per
// stack; exit 0 in sync, 2 drift, 1 a stack could not be checked. Needs real credentials.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const context = {
    config: loadProjectConfig(args),
    outdir: path.join(PROJECT_ROOT, "cdktf.out"),
    stacks: stacksFromArgs(args),
    terraform: terraformBinary(),
    env: process.env,
  };
  synthesizeForOps(context);
  const outcomes = await detectDrift(context);
  for (const outcome of outcomes) console.log(driftLine(outcome));
  process.exitCode = driftExitCode(outcomes);
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
