import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { StackId } from "../../stacks/registry";

/** The outcome of one check, as printed and as `--json` reports it. */
export interface CheckResult {
  readonly stack: StackId;
  readonly check: string;
  readonly status: "ok" | "FAIL" | "skipped";
  readonly latencyMs: number;
  /** For FAIL: expected, seen, where to look. For skipped: why. For ok: what was measured, if anything. */
  readonly detail?: string;
}

/**
 * A check did not see what it expected. The message says what was expected and what was seen;
 * `where` names the place to look (a log group, a dead-letter queue URL).
 */
export class CheckFailure extends Error {
  override readonly name = "CheckFailure";
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(message);
  }
}

/** `expected …, saw …` as a CheckFailure. */
export function mismatch(what: string, expected: unknown, seen: unknown, where?: string): CheckFailure {
  return new CheckFailure(`${what}: expected ${show(expected)}, saw ${show(seen)}`, where);
}

function show(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
}

/** The run was interrupted (Ctrl-C): the checks stop, cleanup still runs. */
export class Interrupted extends Error {
  override readonly name = "Interrupted";
  constructor() {
    super("interrupted");
  }
}

/** A run id: goes into every key, name and event the smoke test writes, so its data can be told apart. */
export function newRunId(): string {
  return `smoke-${new Date().toISOString().slice(0, 10).replaceAll("-", "")}-${randomBytes(4).toString("hex")}`;
}

/** Undo steps, run last-in first-out, each once, whatever happened before (a failure, Ctrl-C). */
export class Cleanup {
  private readonly steps: { readonly label: string; readonly undo: () => Promise<void> }[] = [];

  add(label: string, undo: () => Promise<void>): void {
    this.steps.push({ label, undo });
  }

  /** Runs every step; returns the ones that failed, with why (the caller reports them). */
  async run(): Promise<string[]> {
    const problems: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop();
      if (!step) break;
      try {
        await step.undo();
      } catch (error) {
        problems.push(`${step.label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return problems;
  }

  get pending(): number {
    return this.steps.length;
  }
}

/** What every check gets: its stack's outputs, the run id, cleanup, progress, the abort signal. */
export interface SmokeRun {
  readonly runId: string;
  readonly signal: AbortSignal;
  readonly cleanup: Cleanup;
  /** Long waits say what they wait for, on stderr (stdout stays one line per check). */
  readonly progress: (message: string) => void;
  /** How long any single wait may last, in seconds (`--timeout`); each wait has its own default. */
  readonly timeoutSeconds: number | undefined;
  /** How often waits poll, in milliseconds (tests make it short). */
  readonly pollMs: number;
}

/** Records checks of one stack: times each, turns a thrown error into a FAIL line, keeps going. */
export class StackChecks {
  readonly results: CheckResult[] = [];

  constructor(
    readonly stack: StackId,
    private readonly run: SmokeRun,
    private readonly onResult: (result: CheckResult) => void = () => undefined,
  ) {}

  /** Runs one check; its value on success, undefined on failure (dependent checks then skip). */
  async check<T>(name: string, body: () => Promise<T>): Promise<T | undefined> {
    if (this.run.signal.aborted) throw new Interrupted();
    const started = performance.now();
    try {
      const value = await body();
      this.record({ check: name, status: "ok", started, detail: noteOf(value) });
      return value;
    } catch (error) {
      if (this.run.signal.aborted) throw new Interrupted();
      this.record({ check: name, status: "FAIL", started, detail: describeFailure(error) });
      return undefined;
    }
  }

  skip(name: string, reason: string): void {
    this.record({ check: name, status: "skipped", started: performance.now(), detail: reason });
  }

  private record(entry: {
    check: string;
    status: CheckResult["status"];
    started: number;
    detail: string | undefined;
  }): void {
    const result: CheckResult = {
      stack: this.stack,
      check: entry.check,
      status: entry.status,
      latencyMs: Math.round(performance.now() - entry.started),
      ...(entry.detail ? { detail: entry.detail } : {}),
    };
    this.results.push(result);
    this.onResult(result);
  }
}

/** A check may return `{ note }` to print what it measured beside "ok". */
function noteOf(value: unknown): string | undefined {
  if (typeof value === "object" && value !== null && "note" in value && typeof value.note === "string")
    return value.note;
  return undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof CheckFailure)
    return error.where ? `${error.message} (look at ${error.where})` : error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Polls `probe` until it returns a value (not undefined), the timeout passes (`--timeout`, else the
 * wait's own default; throws a CheckFailure saying what did not happen), or the run is interrupted.
 * Says every 15 s what it waits for.
 */
export async function waitFor<T>(
  run: SmokeRun,
  what: string,
  probe: () => Promise<T | undefined>,
  options: {
    readonly defaultTimeoutSeconds: number;
    readonly where?: string;
    readonly lastSeen?: () => string;
  },
): Promise<T> {
  const timeoutSeconds = run.timeoutSeconds ?? options.defaultTimeoutSeconds;
  const started = Date.now();
  let lastReport = started;
  for (;;) {
    if (run.signal.aborted) throw new Interrupted();
    const value = await probe();
    if (value !== undefined) return value;
    const elapsed = Date.now() - started;
    if (elapsed >= timeoutSeconds * 1000) {
      const seen = options.lastSeen ? `; last seen: ${options.lastSeen()}` : "";
      throw new CheckFailure(`${what}: not seen within ${timeoutSeconds} s${seen}`, options.where);
    }
    if (Date.now() - lastReport >= 15_000) {
      lastReport = Date.now();
      run.progress(
        `  … waiting for ${what} (${Math.round(elapsed / 1000)} s of at most ${timeoutSeconds} s)`,
      );
    }
    await sleep(run.pollMs, undefined, { signal: run.signal }).catch(() => undefined);
  }
}

/** The AWS error name of a rejected SDK call (e.g. "AccessDenied"), or undefined. */
export function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
