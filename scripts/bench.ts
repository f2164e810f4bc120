import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../stacks/app";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { STACK_IDS } from "../stacks/registry";
import { parseScriptArgs, runCli, UsageError } from "./lib/cli";
import { planStacksOffline } from "./lib/offline-plan-batch";
import { findOfflineTooling, planStackOffline } from "./lib/offline-terraform";
import { referenceCpuSeconds } from "./lib/reference-workload";
import { SYNTH_CACHE_ENV, synthesizeCached } from "./lib/synth-cache";
import { reproducibleZip } from "./lib/zip";

// `npm run bench [-- --runs N]`: wall time, CPU time and peak RSS of the synth paths, the whole test suite
// (with and without Terraform, and its slowest files), the time of an offline plan per stack alone and of
// all stacks in one plan, and Lambda package sizes. Under load, compare CPU times: wall times inflate.
// Measured here, never asserted in tests: timings belong to the machine, not to the code.

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
  /** user + sys CPU seconds (GNU time only): unlike wall time, barely moved by other load on the machine. */
  readonly cpuSeconds: number;
}

const USAGE = "npm run bench [-- --runs <N>]  (N runs of each synth path, median shown; default 7)";
const runs = runsFromArgs(process.argv.slice(2));
const GNU_TIME = "/usr/bin/time";

function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const fullEnv = { ...process.env, CHECKPOINT_DISABLE: "1", ...env };
  if (fs.existsSync(GNU_TIME)) {
    const result = spawnSync(GNU_TIME, ["-f", "BENCH %e %M %U %S", command, ...args], {
      cwd: PROJECT_ROOT,
      env: fullEnv,
      encoding: "utf8",
    });
    const line = result.stderr.split("\n").find((l) => l.startsWith("BENCH "));
    if (result.status !== 0 || !line)
      throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
    const [, seconds, kb, user, sys] = line.split(" ");
    return { seconds: Number(seconds), peakMb: Number(kb) / 1024, cpuSeconds: Number(user) + Number(sys) };
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, env: fullEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return {
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    peakMb: Number.NaN,
    cpuSeconds: Number.NaN,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function series(
  label: string,
  count: number,
  run: () => Sample,
  budget?: { seconds: number; peakMb?: number },
  warm = true,
): void {
  if (warm) run(); // warm the file cache so the first run does not skew the median
  const samples = Array.from({ length: count }, run);
  const seconds = median(samples.map((s) => s.seconds));
  const peakMb = Math.max(...samples.map((s) => s.peakMb));
  const cpu = median(samples.map((s) => s.cpuSeconds));
  const verdict = budget
    ? seconds <= budget.seconds && (budget.peakMb === undefined || peakMb <= budget.peakMb)
      ? "within budget"
      : "OVER BUDGET"
    : "";
  const budgetText = budget
    ? `budget ${budget.seconds} s${budget.peakMb ? ` / ${budget.peakMb} MB` : ""}`
    : "";
  console.log(
    `${label.padEnd(38)} median ${seconds.toFixed(2)} s  cpu ${cpu.toFixed(1)} s  peak ${peakMb.toFixed(0)} MB  (${count} runs)  ${budgetText}  ${verdict}`,
  );
}

function lambdaPackages(outdir: string): { stack: string; asset: string; bytes: number }[] {
  const packages: { stack: string; asset: string; bytes: number }[] = [];
  const stacksDir = path.join(outdir, "stacks");
  for (const stack of fs.readdirSync(stacksDir)) {
    const assets = path.join(stacksDir, stack, "assets");
    if (!fs.existsSync(assets)) continue;
    for (const asset of fs.readdirSync(assets)) {
      for (const version of fs.readdirSync(path.join(assets, asset))) {
        packages.push({ stack, asset, bytes: reproducibleZip(path.join(assets, asset, version)).length });
      }
    }
  }
  return packages;
}

const JEST = path.join(PROJECT_ROOT, "node_modules", "jest", "bin", "jest.js");

// Every synth goes to a scratch folder: the bench never overwrites the user's cdktf.out.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-"));
const synthOut = path.join(scratch, "cdktf.out");

console.log(`Benchmark on ${os.cpus().length} cores, node ${process.version}, load ${loadAverage()}`);
console.log(
  `Machine reference: ${referenceCpuSeconds().toFixed(2)} s CPU for a fixed workload (scripts/lib/reference-workload.ts); compare numbers from other machines by it\n`,
);
// A synth each time (the synth cache off), then `npm run synth` again with nothing changed (served by it).
const NO_CACHE = { [SYNTH_CACHE_ENV]: "off" };
series(
  "npm run synth (all stacks)",
  runs,
  () => measure("npm", ["run", "-s", "synth"], { ...NO_CACHE, CDKTF_OUTDIR: synthOut }),
  { seconds: 1.2, peakMb: 250 },
);
series("npm run synth, from the synth cache", runs, () =>
  measure("npm", ["run", "-s", "synth"], { CDKTF_OUTDIR: synthOut }),
);
series(
  "npx cdktf synth (all stacks)",
  Math.max(3, Math.ceil(runs / 2)),
  () => measure("npx", ["cdktf", "synth", "--output", path.join(scratch, "cdktf-cli.out")], NO_CACHE),
  { seconds: 3 },
);
timeOpsSynth();
// Whole suite, once each way (a cold start is part of what users wait for): with the offline plans as
// this machine has them, and without Terraform at all. The slowest test files say where the time goes.
const suite = (label: string, env: NodeJS.ProcessEnv, budget: { seconds: number }) => {
  const report = path.join(scratch, "jest.json");
  try {
    series(
      label,
      1,
      // jest's own entry, not npx: under `npm run bench` npx sees npm's environment and can refuse.
      () => measure(process.execPath, [JEST, "--silent", "--json", `--outputFile=${report}`], env),
      budget,
      false,
    );
  } catch (error) {
    const tail = String((error as Error).message)
      .trim()
      .split("\n")
      .slice(-8)
      .join("\n    ");
    console.log(`${label.padEnd(38)} not timed: the suite fails; run npm test\n    ${tail}`);
    for (const failure of failedTests(report)) console.log(`    failed: ${failure}`);
    return;
  }
  for (const file of slowestFiles(report, 5))
    console.log(`  ${file.seconds.toFixed(1).padStart(6)} s  ${file.name}`);
};
const tooling = findOfflineTooling();
if (tooling.available) suite(`npm test (offline plans, ${tooling.source})`, { CI: "true" }, { seconds: 60 });
else console.log(`npm test (offline plans) not timed: ${tooling.reason}`);
suite("npm test (no Terraform)", { TERRAFORM_BINARY: "terraform-not-installed", CI: "" }, { seconds: 20 });
runCli(async () => {
  try {
    if (tooling.available) await timePlans(tooling);
    printLambdaPackages(synthOut);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

/** --runs from the command line; --help prints the usage and exits, a mistake exits 1 before anything runs. */
function runsFromArgs(args: string[]): number {
  try {
    const { values } = parseScriptArgs(args, USAGE, { runs: { type: "string", default: "7" } });
    if (values.help) {
      console.log(`Usage: ${USAGE}`);
      process.exit(0);
    }
    const runs = Number(values.runs);
    if (!/^\d+$/.test(values.runs) || runs < 1)
      throw new UsageError(
        `--runs needs a whole number of runs, 1 or more (got ${JSON.stringify(values.runs)})`,
        USAGE,
      );
    return runs;
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
}

/** The tests that failed (file, name and the failure's first line), from a `jest --json` report. */
function failedTests(report: string): string[] {
  if (!fs.existsSync(report)) return [];
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
    testResults: {
      name: string;
      message: string;
      assertionResults: { status: string; fullName: string; failureMessages: string[] }[];
    }[];
  };
  return json.testResults.flatMap((file) => {
    const name = path.relative(PROJECT_ROOT, file.name);
    const failed = file.assertionResults.filter((a) => a.status === "failed");
    const firstLine = (text: string) => text.trim().split("\n")[0] ?? "";
    // A file that failed outside any test (a hook, a syntax error) has only its own message.
    if (failed.length === 0) return file.message ? [`${name}: ${firstLine(file.message)}`] : [];
    return failed.map((a) => `${name}: ${a.fullName}: ${firstLine(a.failureMessages[0] ?? "")}`);
  });
}

/** The test files that took longest (jest's own per-file times), from a `jest --json` report. */
function slowestFiles(report: string, count: number): { name: string; seconds: number }[] {
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
    testResults: { name: string; startTime: number; endTime: number }[];
  };
  return json.testResults
    .map((r) => ({ name: path.relative(PROJECT_ROOT, r.name), seconds: (r.endTime - r.startTime) / 1000 }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, count);
}

/**
 * Offline plans of the shipped configuration: one per stack, one after the other (what `npm run
 * plan:offline` does), then every stack in one plan (what the test suite does, planStacksOffline).
 * Each with its wall time and the CPU time of the Terraform processes it ran (terraform and the
 * provider processes it started): wall time inflates under load, CPU time barely moves.
 */
async function timePlans(available: Extract<typeof tooling, { available: true }>): Promise<void> {
  const root = path.join(scratch, "plans");
  const outdir = path.join(root, "cdktf.out");
  fs.mkdirSync(outdir, { recursive: true });
  synthesizeApp(buildApp(loadProjectConfig([]), { offline: true, outdir }));
  console.log(
    `\nOffline plan per stack (terraform ${available.version}, providers from ${available.mirror}):`,
  );
  const timed = async (label: string, plan: () => Promise<unknown>) => {
    const start = process.hrtime.bigint();
    const cpu = childCpuSeconds();
    await plan();
    const sample = {
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      cpuSeconds: childCpuSeconds() - cpu,
    };
    console.log(
      `  ${label.padEnd(36)} ${sample.seconds.toFixed(2)} s  cpu ${sample.cpuSeconds.toFixed(1)} s`,
    );
    return sample;
  };
  const alone: Sample[] = [];
  for (const stack of STACK_IDS) {
    const workDir = path.join(root, "work", stack);
    const sample = await timed(stack, () =>
      planStackOffline(available, path.join(outdir, "stacks", stack), workDir),
    );
    alone.push({ ...sample, peakMb: Number.NaN });
  }
  console.log(
    `  ${"median".padEnd(36)} ${median(alone.map((s) => s.seconds)).toFixed(2)} s  cpu ${median(alone.map((s) => s.cpuSeconds)).toFixed(1)} s`,
  );
  const jobs = STACK_IDS.map((id) => ({ key: id, stackDir: path.join(outdir, "stacks", id) }));
  const together = await timed(`all ${jobs.length} in one plan`, () =>
    planStacksOffline(available, jobs, path.join(root, "together")),
  );
  console.log(
    `  ${"".padEnd(36)} (${(together.seconds / jobs.length).toFixed(2)} s, cpu ${(together.cpuSeconds / jobs.length).toFixed(1)} s per stack)`,
  );
}

/**
 * CPU seconds (user + sys) of every child process this one has waited for, and of theirs (Linux:
 * cutime and cstime of /proc/self/stat); NaN where that is not available.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
function childCpuSeconds(): number {
  try {
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of the file (cutime, cstime), counted from 3 after the command name; USER_HZ is 100 on Linux.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * The synth of plan, drift and state:migrate (synthesizeForOps) in this process: once fresh (into an
 * empty synth cache of the scratch folder), then served by the cache, as on a second `npm run plan`.
 */
function timeOpsSynth(): void {
  const config = loadProjectConfig([]);
  const cacheDir = path.join(scratch, "synth-cache");
  const timed = (outdir: string) => {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const outcome = synthesizeCached(
      { config, stacks: STACK_IDS, outdir: path.join(scratch, "ops", outdir) },
      (into) => synthesizeApp(buildApp(config, { outdir: into })),
      { cacheDir },
    ).cache;
    const used = process.cpuUsage(cpu);
    return {
      outcome,
      seconds: Number(process.hrtime.bigint() - start) / 1e9,
      cpu: (used.user + used.system) / 1e6,
    };
  };
  const fresh = timed("fresh");
  const hits = Array.from({ length: runs }, (_, i) => timed(`hit-${i}`));
  if (fresh.outcome !== "miss" || hits.some((h) => h.outcome !== "hit"))
    throw new Error("the ops synth cache did not serve the second synth of the same configuration");
  console.log(
    `${"ops synth (plan, drift), fresh".padEnd(38)} ${fresh.seconds.toFixed(2)} s  cpu ${fresh.cpu.toFixed(1)} s`,
  );
  console.log(
    `${"ops synth, from the synth cache".padEnd(38)} median ${median(hits.map((h) => h.seconds)).toFixed(2)} s  cpu ${median(hits.map((h) => h.cpu)).toFixed(2)} s  (${runs} runs)`,
  );
}

function printLambdaPackages(outdir: string): void {
  const packages = lambdaPackages(outdir);
  console.log(packages.length ? "\nLambda packages (zipped):" : "\nNo Lambda packages yet.");
  for (const p of packages) console.log(`  ${p.stack}/${p.asset}: ${(p.bytes / 1024).toFixed(1)} KiB`);
}
