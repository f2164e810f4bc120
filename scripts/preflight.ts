import { loadProjectConfig } from "../stacks/config/load";
import { runCli } from "./lib/cli";
import { preflightOrStop } from "./lib/preflight";
import { stacksFromArgs } from "./lib/stack-ops";

// `npm run preflight [-- stack...] [--env name]`: the account checks `npm run plan` makes before Terraform runs,
// on their own, so a deploy can run them once for every stack before it applies the first one.
runCli(async () => {
  const args = process.argv.slice(2);
  await preflightOrStop(
    { config: loadProjectConfig(args), stacks: stacksFromArgs(args) },
    args,
    () => undefined,
  );
});
