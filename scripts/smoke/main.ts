import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { ProjectConfig } from "../../stacks/config/project-config";
import { terraformBinary } from "../lib/terraform";
import type { SmokeArgs } from "./args";
import { awsClients } from "./clients";
import { readStackOutputs } from "./outputs";
import { exitCode, jsonReport, resultLine, summaryLines } from "./report";
import { runSmoke } from "./run";
import { newRunId } from "./runner";

/** After the preflight: read the outputs, run the checks, clean up, report; returns the exit code. */
export async function smokeMain(
  args: SmokeArgs,
  config: ProjectConfig,
  region: string,
  credentials: AwsCredentialIdentityProvider,
): Promise<number> {
  const runId = newRunId();
  const abort = new AbortController();
  process.once("SIGINT", () => {
    console.error(
      "\nInterrupted: stopping the checks and removing what they wrote (Ctrl-C again to quit now)…",
    );
    abort.abort();
    process.once("SIGINT", () => process.exit(130));
  });
  const progress = (message: string) => console.error(message);

  progress(
    `smoke ${runId}: reading the outputs of ${args.stacks.join(", ")} (${config.environment}, ${region})…`,
  );
  const outputs = await readStackOutputs({
    config,
    stacks: args.stacks,
    terraform: terraformBinary(),
    env: process.env,
  });
  const { summary, results } = await runSmoke({
    config,
    stacks: args.stacks,
    named: args.named,
    outputs,
    clients: awsClients(region, credentials),
    options: args.options,
    env: process.env,
    fetch,
    run: { runId, signal: abort.signal, progress, timeoutSeconds: args.timeoutSeconds, pollMs: 3000 },
    onResult: args.json ? undefined : (result) => console.log(resultLine(result)),
  });
  if (args.json) console.log(jsonReport(summary, results));
  else for (const line of summaryLines(summary)) console.log(line);
  return summary.interrupted ? 130 : exitCode(summary);
}
