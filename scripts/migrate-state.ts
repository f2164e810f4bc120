import * as path from "node:path";
import { PROJECT_ROOT } from "../stacks/config/load";
import { EXIT, runCli } from "./lib/cli";
import {
  assertS3Backend,
  migrateState,
  opsRequestFromArgs,
  synthesizeForOps,
  withScratchOutdir,
} from "./lib/stack-ops";

const USAGE = "npm run state:migrate [-- <stack>...] [--env <name>]";

// After switching the configuration to the S3 backend, moves each stack's local state into it
// (README, "State backend"). Refuses a local backend before synthesizing anything.
// Exit 0: every stack migrated or skipped; 1: bad arguments or configuration, or a stack failed.
runCli(async () => {
  const request = opsRequestFromArgs(process.argv.slice(2), USAGE);
  assertS3Backend(request.config);
  const outcomes = await withScratchOutdir(`migrate-${request.config.environment}`, async (outdir) => {
    synthesizeForOps({ ...request, outdir });
    return migrateState({ ...request, outdir }, path.join(PROJECT_ROOT, "state", request.config.environment));
  });
  for (const o of outcomes) {
    if (o.status === "migrated")
      console.log(`${o.stack}: migrated (serial ${o.serial}); local copy kept as ${o.backup}`);
    else if (o.status === "skipped") console.log(`${o.stack}: skipped, ${o.reason}`);
    else console.log(`${o.stack}: ERROR ${o.error}`);
  }
  if (outcomes.some((o) => o.status === "error")) process.exitCode = EXIT.failed;
});
