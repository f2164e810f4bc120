import { runCli } from "./lib/cli";
import { preflightOrStop, SKIP_PREFLIGHT_FLAG } from "./lib/preflight";
import { opsRequestFromArgs } from "./lib/stack-ops";

const USAGE = `npm run preflight [-- <stack>...] [--env <name>] [${SKIP_PREFLIGHT_FLAG}]`;

// `npm run preflight [-- stack...] [--env name]`: the account checks `npm run plan` makes before Terraform runs,
// on their own, so a deploy can run them once for every stack before it applies the first one.
runCli(async () => {
  const args = process.argv.slice(2);
  const request = opsRequestFromArgs(args, USAGE, [SKIP_PREFLIGHT_FLAG]);
  await preflightOrStop(request, args, () => undefined);
});
