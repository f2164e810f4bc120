import { type ParseArgsConfig, parseArgs } from "node:util";
import { isStackId, STACK_IDS, type StackId } from "../../stacks/registry";

/** Documented exit codes of the project's scripts (README, "Plans, drift and existing resources"). */
export const EXIT = {
  /** Everything planned / in sync / migrated. */
  ok: 0,
  /** Something failed: bad arguments or configuration, a stack that errored. */
  failed: 1,
  /** drift only: every stack was checked and at least one drifted. */
  drift: 2,
} as const;

/** A mistake in the command line: printed with the usage, exit 1. */
export class UsageError extends Error {
  constructor(message: string, usage: string) {
    super(`${message}\nUsage: ${usage}`);
    this.name = "UsageError";
  }
}

export interface StackArgs {
  /** The stacks named on the command line, every stack when none is named. */
  readonly stacks: StackId[];
  /** `--env <name>` as loadProjectConfig takes it (empty when not given). */
  readonly configArgv: string[];
  readonly help: boolean;
}

/**
 * `[stack...] [--env name]` parsed strictly with node:util parseArgs: an unknown flag, a missing
 * value or a stack name that does not exist is an error, never ignored.
 */
export function parseStackArgs(
  args: readonly string[],
  usage: string,
  allowStacks = true,
  flags: readonly string[] = [],
): StackArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args, allowStacks, flags);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
  const named = parsed.positionals;
  const unknown = named.filter((name) => !isStackId(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `Unknown stack ${unknown.map((name) => JSON.stringify(name)).join(", ")}; stacks are ${STACK_IDS.join(", ")}`,
      usage,
    );
  }
  const env = parsed.values.env;
  if (env !== undefined && (env === "" || env.startsWith("-")))
    throw new UsageError(
      `--env needs an environment name, for example --env prod (got ${JSON.stringify(env)})`,
      usage,
    );
  return {
    stacks: named.length > 0 ? [...new Set(named as StackId[])] : [...STACK_IDS],
    configArgv: env === undefined ? [] : ["--env", env],
    help: parsed.values.help === true,
  };
}

/** `flags` are a script's own boolean flags (`--skip-preflight`), accepted beside --env and --help. */
function parse(args: readonly string[], allowPositionals: boolean, flags: readonly string[]) {
  const own = Object.fromEntries(
    flags.map((flag) => [flag.replace(/^--/, ""), { type: "boolean" as const }]),
  );
  return parseArgs({
    args: [...args],
    options: { ...own, env: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals,
    strict: true,
  });
}

type Options = NonNullable<ParseArgsConfig["options"]>;
const HELP = { help: { type: "boolean", short: "h" } } as const;

/**
 * A script's own options parsed strictly, with `--help`/`-h` beside them: an unknown flag, a missing value
 * or (unless `allowPositionals`) a stray word is a UsageError naming the usage, never ignored.
 */
export function parseScriptArgs<O extends Options>(
  args: readonly string[],
  usage: string,
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({
      args: [...args],
      options: { ...options, ...HELP } as O & typeof HELP,
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), usage);
  }
}

/**
 * Runs a script's main. A failure (a ConfigError, a BaselineError, a usage error) is printed as
 * its message, which says what is wrong and how to fix it, rather than a stack trace; exit 1.
 */
export function runCli(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(EXIT.failed);
    });
}
