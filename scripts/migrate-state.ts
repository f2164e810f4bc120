import * as path from "node:path";
import { ConfigError } from "../stacks/config/errors";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { migrateState, stacksFromArgs, synthesizeForOps } from "./lib/stack-ops";
import { terraformBinary } from "./lib/terraform";

// `npm run state:migrate [-- stack...] [--env name]`: after switching the configuration to the S3
// backend, moves each stack's local state into it (README, "State backend").
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
  const outcomes = await migrateState(context, path.join(PROJECT_ROOT, "state", config.environment));
  for (const o of outcomes) {
    if (o.status === "migrated")
      console.log(`${o.stack}: migrated (serial ${o.serial}); local copy kept as ${o.backup}`);
    else if (o.status === "skipped") console.log(`${o.stack}: skipped, ${o.reason}`);
    else console.log(`${o.stack}: ERROR ${o.error}`);
  }
  if (outcomes.some((o) => o.status === "error")) process.exitCode = 1;
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
