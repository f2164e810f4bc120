import { loadProjectConfig } from "../stacks/config/load";
import { runCli } from "./lib/cli";
import { parseSmokeArgs, USAGE } from "./smoke/args";
import type * as Main from "./smoke/main";
import { checkRegion, resolveCredentials } from "./smoke/preflight";

// `npm run smoke -- [stack...] [--env name] [--json] [--timeout s] [--instance id] [--db id]`: proves
// each deployed stack works end to end in the user's account (README, "Smoke test after deploy").
runCli(async () => {
  const args = parseSmokeArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const config = loadProjectConfig(args.configArgv);
  // Region and credentials first: without them nothing is synthesized, read or written.
  const region = checkRegion(config.region);
  const credentials = await resolveCredentials(process.env);
  // Loaded only now (the stacks, cdktf and the SDK clients take seconds), so a missing credential is told at once.
  const { smokeMain }: typeof Main = require("./smoke/main");
  process.exitCode = await smokeMain(args, config, region, credentials);
});
