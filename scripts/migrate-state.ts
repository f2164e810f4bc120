import * as path from "node:path";
import { PROJECT_ROOT } from "../stacks/config/load";
import { runCli } from "./lib/cli";
import { migrateState, opsContextFromArgs, synthesizeForOps } from "./lib/stack-ops";

// `npm run state:migrate [-- stack...] [--env name]`: after switching the configuration to the S3
// backend, moves each stack's local state into it (README, "State backend").
runCli(async () => {
  const context = opsContextFromArgs(process.argv.slice(2));
  synthesizeForOps(context);
  const outcomes = await migrateState(context, path.join(PROJECT_ROOT, "state", context.config.environment));
  for (const o of outcomes) {
    if (o.status === "migrated")
      console.log(`${o.stack}: migrated (serial ${o.serial}); local copy kept as ${o.backup}`);
    else if (o.status === "skipped") console.log(`${o.stack}: skipped, ${o.reason}`);
    else console.log(`${o.stack}: ERROR ${o.error}`);
  }
  if (outcomes.some((o) => o.status === "error")) process.exitCode = 1;
});
