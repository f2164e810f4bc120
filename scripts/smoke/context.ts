import type { ProjectConfig } from "../../stacks/config/project-config";
import type { SmokeClients } from "./clients";
import type { StackOutputs } from "./outputs";
import type { SmokeRun, StackChecks } from "./runner";

/** What the user asked for beyond the stacks (`--instance`, `--db`). */
export interface SmokeOptions {
  /** ec2-state-to-kinesis: read this instance's state changes from the stream. */
  readonly instance?: string;
  /** How far back to read the stream, in minutes. @default 60 */
  readonly sinceMinutes: number;
  /** rds-autotag: invoke the function for this DB instance or cluster and check its tags. */
  readonly db?: string;
}

/** Everything one stack's smoke test gets. */
export interface StackSmokeInput {
  readonly outputs: StackOutputs;
  readonly config: ProjectConfig;
  readonly clients: SmokeClients;
  readonly run: SmokeRun;
  readonly checks: StackChecks;
  readonly options: SmokeOptions;
  readonly env: NodeJS.ProcessEnv;
  readonly fetch: typeof fetch;
}

/** One stack's checks, in order; each records its own result line through `checks`. */
export type StackSmoke = (input: StackSmokeInput) => Promise<void>;
