import type { PlanJson } from "./plan-summary";

// `terraform plan -json` streams its UI as one JSON message per line. Reading the plan from that
// stream, rather than from `terraform show -json` afterwards, spares a second start of the provider
// (seconds of CPU for hashicorp/aws) per plan.
// @see https://developer.hashicorp.com/terraform/internals/machine-readable-ui

interface UiMessage {
  readonly type?: string;
  readonly "@level"?: string;
  readonly "@message"?: string;
  readonly change?: { resource: { addr: string }; previous_resource?: { addr: string }; action: string };
  readonly changes?: { add: number; change: number; remove: number };
  readonly diagnostic?: {
    severity: string;
    summary: string;
    detail?: string;
    address?: string;
    range?: { filename: string; start: { line: number } };
  };
}

/** The stream's action names as the `actions` lists of the JSON plan representation. */
const ACTIONS: Record<string, string[]> = {
  create: ["create"],
  update: ["update"],
  delete: ["delete"],
  replace: ["delete", "create"],
  read: ["read"],
  noop: ["no-op"],
  move: ["no-op"],
  import: ["no-op"],
  remove: ["forget"],
};

function messages(stdout: string): UiMessage[] {
  return stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as UiMessage);
}

/**
 * The plan's resource changes and drift, shaped like `terraform show -json` (what summarizePlan reads),
 * checked against the stream's own "Plan: N to add, ..." counts.
 */
export function planFromStream(stdout: string): PlanJson {
  const plan: Required<PlanJson> = { resource_changes: [], resource_drift: [] };
  let counts: UiMessage["changes"];
  for (const message of messages(stdout)) {
    const change = message.change;
    if (message.type === "change_summary") counts = message.changes;
    if (!change || (message.type !== "planned_change" && message.type !== "resource_drift")) continue;
    const entry = {
      address: change.resource.addr,
      previous_address: change.previous_resource?.addr,
      change: { actions: ACTIONS[change.action] ?? [change.action] },
    };
    (message.type === "planned_change" ? plan.resource_changes : plan.resource_drift).push(entry);
  }
  if (!counts) throw new Error("terraform plan -json printed no change summary");
  const count = (action: string) =>
    plan.resource_changes.filter((c) => c.change.actions.includes(action)).length;
  if (
    count("create") !== counts.add ||
    count("update") !== counts.change ||
    count("delete") !== counts.remove
  ) {
    throw new Error(
      `terraform plan -json: planned changes do not add up to its summary ${JSON.stringify(counts)}`,
    );
  }
  return plan;
}

/** Terraform's errors and warnings from the stream, as readable text with where they point. */
export function diagnosticsFromStream(stdout: string): string {
  return messages(stdout)
    .filter((m) => m.type === "diagnostic" && m.diagnostic)
    .map((m) => {
      const d = m.diagnostic as NonNullable<UiMessage["diagnostic"]>;
      const where = d.range ? ` (${d.range.filename} line ${d.range.start.line})` : "";
      const address = d.address ? ` ${d.address}:` : "";
      return `${d.severity === "error" ? "Error" : "Warning"}:${address} ${d.summary}${where}${d.detail ? `\n  ${d.detail}` : ""}`;
    })
    .join("\n");
}
