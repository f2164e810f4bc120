import { parseArgs } from "node:util";
import { isStackId, STACK_IDS, type StackId } from "../../stacks/registry";
import type { SmokeOptions } from "./context";

export interface SmokeArgs {
  readonly stacks: readonly StackId[];
  /** The user named the stacks (a stack without state is then a failure). */
  readonly named: boolean;
  /** Passed to the configuration loader: `["--env", name]` or nothing. */
  readonly configArgv: readonly string[];
  readonly json: boolean;
  readonly timeoutSeconds: number | undefined;
  readonly options: SmokeOptions;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run smoke -- [stack...] [options]

Exercises each deployed stack's data path in your AWS account and checks the outcome; everything it
writes carries a run id and is removed at the end.

Stacks (default: every deployed stack):
  ${STACK_IDS.join("\n  ")}

Options:
  --env <name>        the environment (as for synth and deploy)
  --json              one JSON report on stdout (progress stays on stderr)
  --timeout <s>       the longest any single wait may last (default: per check, e.g. Firehose's buffer + 120 s)
  --instance <id>     ec2-state-to-kinesis: read this instance's state changes from the stream
  --since <minutes>   how far back --instance reads the stream (default 60)
  --db <identifier>   rds-autotag: invoke the function for this DB instance or cluster, check its tags
  -h, --help          this text`;

/** Bad arguments: the message names the argument, the value and what is allowed. */
export class SmokeUsageError extends Error {
  override readonly name = "SmokeUsageError";
}

export function parseSmokeArgs(argv: readonly string[]): SmokeArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new SmokeUsageError(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  const unknown = positionals.filter((name) => !isStackId(name));
  if (unknown.length > 0)
    throw new SmokeUsageError(`Unknown stack ${unknown.join(", ")}; stacks are ${STACK_IDS.join(", ")}`);
  return {
    stacks: positionals.length > 0 ? (positionals as StackId[]) : [...STACK_IDS],
    named: positionals.length > 0,
    configArgv: values.env === undefined ? [] : ["--env", values.env],
    json: values.json ?? false,
    timeoutSeconds:
      values.timeout === undefined ? undefined : wholeNumber("--timeout", values.timeout, 1, 3600),
    options: {
      instance: instanceId(values.instance),
      sinceMinutes: values.since === undefined ? 60 : wholeNumber("--since", values.since, 1, 10080),
      db: dbIdentifier(values.db),
    },
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      env: { type: "string" },
      json: { type: "boolean" },
      timeout: { type: "string" },
      instance: { type: "string" },
      since: { type: "string" },
      db: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
}

function wholeNumber(name: string, raw: string, min: number, max: number): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max)
    throw new SmokeUsageError(`${name} = "${raw}": a whole number from ${min} to ${max}`);
  return value;
}

function instanceId(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(raw))
    throw new SmokeUsageError(`--instance = "${raw}": an EC2 instance id such as i-0abcd1234ef567890`);
  return raw;
}

/** RDS identifiers: 1–63 letters, digits and hyphens, starting with a letter. */
function dbIdentifier(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/.test(raw) || raw.endsWith("-") || raw.includes("--"))
    throw new SmokeUsageError(
      `--db = "${raw}": a DB instance or cluster identifier (1 to 63 letters, digits, hyphens; starts with a letter)`,
    );
  return raw;
}
