import { runCli } from "./lib/cli";
import {
  detectDrift,
  driftExitCode,
  driftLine,
  opsRequestFromArgs,
  synthesizeForOps,
  withScratchOutdir,
} from "./lib/stack-ops";

const USAGE = "npm run drift [-- <stack>...] [--env <name>]";

// What changed in AWS outside Terraform, one line per stack. Needs real credentials.
// Exit 0: every stack in sync; 2: every stack checked and at least one drifted; 1: bad arguments or
// configuration, or a stack that could not be checked. Synthesizes into a scratch folder it removes.
runCli(async () => {
  const request = opsRequestFromArgs(process.argv.slice(2), USAGE);
  const outcomes = await withScratchOutdir(`drift-${request.config.environment}`, async (outdir) => {
    synthesizeForOps({ ...request, outdir });
    return detectDrift({ ...request, outdir });
  });
  for (const outcome of outcomes) console.log(driftLine(outcome));
  for (const outcome of outcomes) {
    if (outcome.status !== "error") continue;
    const [, ...detail] = outcome.error.split("\n");
    console.error(["", `${outcome.stack}:`, ...detail.map((line) => (line ? `    ${line}` : ""))].join("\n"));
  }
  process.exitCode = driftExitCode(outcomes);
});
