import * as fs from "node:fs";
import * as path from "node:path";

export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly replace: number;
  readonly replaced: readonly string[];
  readonly destroyed: readonly string[];
  /** "old address -> new address" for every resource a moved block carries over. */
  readonly moved: readonly string[];
}

export interface PlanJson {
  resource_changes?: { address: string; previous_address?: string; change: { actions: string[] } }[];
  resource_drift?: { address: string; change: { actions: string[] } }[];
}

/** Counts a plan's changes as Terraform's own summary line does, naming replacements, destroys and moves. */
export function summarizePlan(planJson: PlanJson): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const replaced: string[] = [];
  const destroyed: string[] = [];
  const moved: string[] = [];
  for (const rc of planJson.resource_changes ?? []) {
    if (rc.previous_address && rc.previous_address !== rc.address)
      moved.push(`${rc.previous_address} -> ${rc.address}`);
    const actions = rc.change.actions;
    if (actions.includes("create") && actions.includes("delete")) {
      replaced.push(rc.address);
      add++;
      destroy++;
    } else if (actions.includes("create")) add++;
    else if (actions.includes("update")) change++;
    else if (actions.includes("delete")) {
      destroyed.push(rc.address);
      destroy++;
    }
  }
  return { add, change, destroy, replace: replaced.length, replaced, destroyed, moved };
}

/** One stack's outcome: a summary, or the error that stopped it. */
export type StackPlanOutcome =
  | { readonly stack: string; readonly ok: true; readonly summary: PlanSummary; readonly planFile: string }
  | { readonly stack: string; readonly ok: false; readonly error: string };

/** A stack this run did not plan, and why (not selected, or the run stopped before planning). */
export interface NotRun {
  readonly stack: string;
  readonly reason: string;
}

/**
 * The line that names an error: its first line and, for Terraform's errors, the first `Error:`
 * diagnostic ("terraform init failed (exit 1): Error: Failed to query available provider packages").
 */
export function errorHeadline(error: string): string {
  const lines = error.split("\n");
  const first = lines[0] ?? "";
  const diagnostic = lines.slice(1).find((line) => line.startsWith("Error: "));
  return diagnostic ? `${first} ${diagnostic}` : first;
}

/** One line per stack, replacements and destroys called out, for terminals and logs. */
export function summaryLines(
  outcomes: readonly StackPlanOutcome[],
  notRun: readonly NotRun[] = [],
): string[] {
  return [
    ...outcomes.map((o) => {
      if (!o.ok) return `${o.stack}: ERROR ${errorHeadline(o.error)}`;
      const s = o.summary;
      const notes = [
        ...s.replaced.map((a) => `REPLACE ${a}`),
        ...s.destroyed.map((a) => `DESTROY ${a}`),
        ...s.moved.map((m) => `moved ${m}`),
      ];
      return `${o.stack}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy${notes.length ? ` (${notes.join("; ")})` : ""}`;
    }),
    ...notRun.map((n) => `${n.stack}: not run (${n.reason})`),
  ];
}

/** Each errored stack's full error, indented under its name: what the console shows after the summary lines. */
export function errorDetails(outcomes: readonly StackPlanOutcome[]): string[] {
  return outcomes.flatMap((o) =>
    o.ok ? [] : ["", `${o.stack}:`, ...o.error.split("\n").map((line) => (line ? `    ${line}` : ""))],
  );
}

const cell = (text: string) => text.replace(/\|/g, "\\|");
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/**
 * A pull-request comment: the outcome of every stack first (planned / errored / not run), then
 * replacements and destroys as bold warnings, then each error in full. A run where anything
 * errored or was not run never claims that nothing is replaced or destroyed.
 */
export function summaryMarkdown(
  title: string,
  outcomes: readonly StackPlanOutcome[],
  notRun: readonly NotRun[] = [],
  stoppedBy?: string,
  /** Lines shown under the verdict: the pre-flight checks (scripts/lib/preflight). */
  notes: readonly string[] = [],
): string {
  const errored = outcomes.filter((o) => !o.ok);
  const planned = outcomes.length - errored.length;
  const rows = [
    ...outcomes.map((o) => {
      if (!o.ok) return `| \`${o.stack}\` | :x: errored | – | – | – | ${cell(errorHeadline(o.error))} |`;
      const s = o.summary;
      const notes = [
        ...s.replaced.map((a) => `:warning: **replace** \`${a}\``),
        ...s.destroyed.map((a) => `:warning: **destroy** \`${a}\``),
        ...s.moved.map((m) => `moved \`${m}\``),
      ];
      return `| \`${o.stack}\` | planned | ${s.add} | ${s.change} | ${s.destroy} | ${notes.join("<br>")} |`;
    }),
    ...notRun.map((n) => `| \`${n.stack}\` | not run | – | – | – | ${cell(n.reason)} |`),
  ];
  const risky = outcomes.some((o) => o.ok && (o.summary.replace > 0 || o.summary.destroyed.length > 0));
  const verdict: string[] = [];
  if (errored.length > 0)
    verdict.push(
      `**:x: ${plural(errored.length, "stack")} errored: what ${errored.length === 1 ? "it" : "they"} would ` +
        "add, change, replace or destroy is unknown. Fix the error and plan again before merging.**",
    );
  if (risky) verdict.push("**This plan replaces or destroys resources: review it before merging.**");
  if (planned === 0 && errored.length === 0)
    verdict.push("**:x: Nothing was planned: this summary says nothing about what would change.**");
  else if (errored.length === 0 && !risky)
    verdict.push(
      notRun.length > 0
        ? `No resource is replaced or destroyed in the ${plural(planned, "stack")} planned; stacks not run are not covered.`
        : "No resource is replaced or destroyed.",
    );
  const stopped =
    stoppedBy === undefined
      ? []
      : ["", "The run stopped before planning:", "", "````text", stoppedBy, "````"];
  const details = errored.flatMap((o) => [
    "",
    `<details open><summary><code>${o.stack}</code>: ${o.error.split("\n")[0]}</summary>`,
    "",
    "````text",
    ...o.error.split("\n").slice(1),
    "````",
    "",
    "</details>",
  ]);
  return [
    `### ${title}`,
    "",
    `Outcome: ${planned} planned, ${errored.length} errored, ${notRun.length} not run.`,
    "",
    "| stack | outcome | add | change | destroy | notes |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
    ...verdict.flatMap((line) => [line, ""]),
    ...(notes.length > 0 ? [...notes.map((note) => `- ${note}`), ""] : []),
    ...stopped,
    ...details,
    ...(details.length > 0 || stopped.length > 0 ? [""] : []),
  ].join("\n");
}

/** Writes summary.json and summary.md into `dir`. */
export function writeSummaries(
  dir: string,
  title: string,
  outcomes: readonly StackPlanOutcome[],
  notRun: readonly NotRun[] = [],
  stoppedBy?: string,
  notes: readonly string[] = [],
): void {
  fs.mkdirSync(dir, { recursive: true });
  const outcome = {
    planned: outcomes.filter((o) => o.ok).map((o) => o.stack),
    errored: outcomes.filter((o) => !o.ok).map((o) => o.stack),
    notRun: notRun.map((n) => n.stack),
  };
  fs.writeFileSync(
    path.join(dir, "summary.json"),
    `${JSON.stringify({ title, outcome, stacks: outcomes, notRun, stoppedBy, ...(notes.length > 0 ? { notes } : {}) }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, "summary.md"), summaryMarkdown(title, outcomes, notRun, stoppedBy, notes));
}
