import type { CheckResult } from "./runner";

/** One line per check: stack, check, ok/FAIL/skipped, latency; the detail indented below. */
export function resultLine(result: CheckResult): string {
  const status = result.status === "skipped" ? "skip" : result.status;
  const line = `${result.stack.padEnd(22)} ${result.check.padEnd(44)} ${status.padEnd(4)} ${formatLatency(result.latencyMs).padStart(8)}`;
  if (!result.detail) return line;
  return `${line}\n${" ".repeat(23)}${result.status === "ok" ? "" : "↳ "}${result.detail}`;
}

function formatLatency(ms: number): string {
  return ms < 10_000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface SmokeSummary {
  readonly runId: string;
  readonly ok: number;
  readonly failed: number;
  readonly skipped: number;
  readonly interrupted: boolean;
  /** Cleanup steps that failed: what is left behind, and why. */
  readonly leftBehind: readonly string[];
}

export function summarize(
  runId: string,
  results: readonly CheckResult[],
  interrupted: boolean,
  leftBehind: readonly string[],
): SmokeSummary {
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  return {
    runId,
    ok: count("ok"),
    failed: count("FAIL"),
    skipped: count("skipped"),
    interrupted,
    leftBehind,
  };
}

export function summaryLines(summary: SmokeSummary): string[] {
  const lines = [
    `smoke ${summary.runId}: ${summary.ok} ok, ${summary.failed} failed, ${summary.skipped} skipped${summary.interrupted ? " (interrupted)" : ""}`,
  ];
  if (summary.leftBehind.length > 0) {
    lines.push("Cleanup could not remove (delete these by hand):");
    for (const item of summary.leftBehind) lines.push(`  - ${item}`);
  }
  return lines;
}

/** 0 only when nothing failed, nothing was left behind and the run was not interrupted. */
export function exitCode(summary: SmokeSummary): number {
  return summary.failed === 0 && summary.leftBehind.length === 0 && !summary.interrupted ? 0 : 1;
}

export function jsonReport(summary: SmokeSummary, results: readonly CheckResult[]): string {
  return JSON.stringify({ ...summary, results }, null, 2);
}
