import { buildApp } from "../stacks/app";
import { auditApp, type StackAudit } from "../stacks/baseline/audit";
import { formatFinding } from "../stacks/baseline/rule";
import { RULES } from "../stacks/baseline/rules";
import { loadProjectConfig } from "../stacks/config/load";
import { ConfigError } from "../stacks/core/errors";
import { parseStackArgs, UsageError } from "./lib/cli";
import { withTemporaryOutdir } from "./lib/scratch-outdir";

const USAGE = "npm run audit [-- --env <name>]";

// `npm run audit [-- --env name]`: every baseline rule against every stack, with suppressions and reasons.

function cell(audit: StackAudit, ruleId: string): string {
  if (audit.findings.some((f) => f.ruleId === ruleId)) return "FAIL";
  const suppressed = audit.suppressed.filter((s) => s.ruleId === ruleId);
  if (suppressed.length > 0) return `suppressed (${suppressed.length})`;
  return audit.applicable.has(ruleId) ? "pass" : "n/a";
}

function main(): void {
  const args = parseStackArgs(process.argv.slice(2), USAGE, false);
  if (args.help) {
    console.log(`Usage: ${USAGE}`);
    return;
  }
  const config = loadProjectConfig(args.configArgv);
  const audits = withTemporaryOutdir((outdir) => auditApp(buildApp(config, { outdir })));
  const header = ["rule", ...audits.map((a) => a.stack)];
  const rows = RULES.map((rule) => [rule.id, ...audits.map((a) => cell(a, rule.id))]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of rows) console.log(line(row));

  const suppressed = audits.flatMap((a) => a.suppressed);
  console.log(suppressed.length ? "\nSuppressions (each with its reason):" : "\nNo suppressions.");
  for (const s of suppressed) console.log(`  ${s.stack} ${s.address} [${s.ruleId}]: ${s.reason}`);

  const failures = audits.flatMap((a) => [...a.findings.map(formatFinding), ...a.suppressionProblems]);
  if (failures.length > 0) {
    console.log(`\n${failures.length} finding(s):`);
    for (const f of failures) console.log(`  ${f}`);
    process.exitCode = 1;
  }
  console.log("\nRules:");
  for (const rule of RULES) console.log(`  ${rule.id}: ${rule.title}. Mirrors ${rule.mirrors}.`);
}

try {
  main();
} catch (error) {
  if (!(error instanceof ConfigError || error instanceof UsageError)) throw error;
  console.error(error.message);
  process.exit(1);
}
