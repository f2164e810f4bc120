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

/** One line per stack, replacements and destroys called out, for terminals and logs. */
export function summaryLines(outcomes: readonly StackPlanOutcome[]): string[] {
  return outcomes.map((o) => {
    if (!o.ok) return `${o.stack}: ERROR ${o.error.split("\n")[0]}`;
    const s = o.summary;
    const notes = [
      ...s.replaced.map((a) => `REPLACE ${a}`),
      ...s.destroyed.map((a) => `DESTROY ${a}`),
      ...s.moved.map((m) => `moved ${m}`),
    ];
    return `${o.stack}: ${s.add} to add, ${s.change} to change, ${s.destroy} to destroy${notes.length ? ` (${notes.join("; ")})` : ""}`;
  });
}

/** A Markdown table for a pull-request comment; replacements and destroys are bold warnings. */
export function summaryMarkdown(title: string, outcomes: readonly StackPlanOutcome[]): string {
  const rows = outcomes.map((o) => {
    if (!o.ok) return `| \`${o.stack}\` | – | – | – | :x: ${o.error.split("\n")[0].replace(/\|/g, "\\|")} |`;
    const s = o.summary;
    const notes = [
      ...s.replaced.map((a) => `:warning: **replace** \`${a}\``),
      ...s.destroyed.map((a) => `:warning: **destroy** \`${a}\``),
      ...s.moved.map((m) => `moved \`${m}\``),
    ];
    return `| \`${o.stack}\` | ${s.add} | ${s.change} | ${s.destroy} | ${notes.join("<br>")} |`;
  });
  const risky = outcomes.some((o) => o.ok && (o.summary.replace > 0 || o.summary.destroyed.length > 0));
  return [
    `### ${title}`,
    "",
    "| stack | add | change | destroy | notes |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    risky
      ? "**This plan replaces or destroys resources: review it before merging.**"
      : "No resource is replaced or destroyed.",
    "",
  ].join("\n");
}

/** Writes summary.json and summary.md into `dir`. */
export function writeSummaries(dir: string, title: string, outcomes: readonly StackPlanOutcome[]): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "summary.json"),
    `${JSON.stringify({ title, stacks: outcomes }, null, 2)}\n`,
  );
  fs.writeFileSync(path.join(dir, "summary.md"), summaryMarkdown(title, outcomes));
}
