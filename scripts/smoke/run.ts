import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import type { SmokeClients } from "./clients";
import type { SmokeOptions, StackSmoke } from "./context";
import type { OutputsByStack } from "./outputs";
import { type SmokeSummary, summarize } from "./report";
import { CheckFailure, type CheckResult, Cleanup, Interrupted, type SmokeRun, StackChecks } from "./runner";
import { STACK_SMOKES } from "./stacks";

export interface SmokeRequest {
  readonly config: ProjectConfig;
  readonly stacks: readonly StackId[];
  /** True when the user named the stacks: then a stack without state is a failure, not a skip. */
  readonly named: boolean;
  readonly outputs: OutputsByStack;
  readonly clients: SmokeClients;
  readonly options: SmokeOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: typeof fetch;
  readonly run: Omit<SmokeRun, "cleanup">;
  readonly onResult?: (result: CheckResult) => void;
  /** Tests replace a stack's smoke to exercise the runner. */
  readonly smokes?: Partial<Record<StackId, StackSmoke>>;
}

/**
 * Runs each stack's checks in order, then every cleanup step, whatever happened (a failed check, an
 * unexpected error, Ctrl-C): the summary lists anything cleanup could not remove.
 */
export async function runSmoke(
  request: SmokeRequest,
): Promise<{ summary: SmokeSummary; results: CheckResult[] }> {
  const cleanup = new Cleanup();
  const run: SmokeRun = { ...request.run, cleanup };
  const results: CheckResult[] = [];
  const onResult = (result: CheckResult) => {
    results.push(result);
    request.onResult?.(result);
  };
  let interrupted = false;
  let leftBehind: string[] = [];
  try {
    for (const stack of request.stacks) await smokeStack(request, run, new StackChecks(stack, run, onResult));
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    interrupted = true;
  } finally {
    if (cleanup.pending > 0)
      request.run.progress(`Cleaning up ${cleanup.pending} thing(s) the smoke test wrote…`);
    leftBehind = await cleanup.run();
  }
  return { summary: summarize(request.run.runId, results, interrupted, leftBehind), results };
}

async function smokeStack(request: SmokeRequest, run: SmokeRun, checks: StackChecks): Promise<void> {
  const { stack } = checks;
  const outputs = request.outputs.get(stack);
  if (!outputs) {
    if (request.named)
      await checks.check("deployed", () =>
        Promise.reject(
          new CheckFailure("no outputs in its state: deploy it first, or pick the --env it is in"),
        ),
      );
    else checks.skip("deployed", "no state yet: not deployed in this environment");
    return;
  }
  const smoke = request.smokes?.[stack] ?? STACK_SMOKES[stack];
  try {
    await smoke({ ...request, outputs, run, checks });
  } catch (error) {
    if (error instanceof Interrupted || run.signal.aborted) throw new Interrupted();
    // Not a check's own failure (those are FAIL lines already): a missing output, an SDK error outside a check.
    await checks.check("stack checks", () => Promise.reject(error));
  }
}
