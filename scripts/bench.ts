import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../stacks/config/load";
import { reproducibleZip } from "./lib/zip";

// `npm run bench [-- --runs N]`: wall time and peak RSS of the synth paths, test time, Lambda sizes.
// Measured here, never asserted in tests: timings belong to the machine, not to the code.

interface Sample {
  readonly seconds: number;
  readonly peakMb: number;
}

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 7;
const GNU_TIME = "/usr/bin/time";

function measure(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Sample {
  const fullEnv = { ...process.env, CHECKPOINT_DISABLE: "1", ...env };
  if (fs.existsSync(GNU_TIME)) {
    const result = spawnSync(GNU_TIME, ["-f", "BENCH %e %M", command, ...args], {
      cwd: PROJECT_ROOT,
      env: fullEnv,
      encoding: "utf8",
    });
    const line = result.stderr.split("\n").find((l) => l.startsWith("BENCH "));
    if (result.status !== 0 || !line)
      throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
    const [, seconds, kb] = line.split(" ");
    return { seconds: Number(seconds), peakMb: Number(kb) / 1024 };
  }
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, env: fullEnv, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, peakMb: Number.NaN };
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
): void {
  run(); // warm the file cache so the first run does not skew the median
  const samples = Array.from({ length: count }, run);
  const seconds = median(samples.map((s) => s.seconds));
  const peakMb = Math.max(...samples.map((s) => s.peakMb));
  const verdict = budget
    ? seconds <= budget.seconds && (budget.peakMb === undefined || peakMb <= budget.peakMb)
      ? "within budget"
      : "OVER BUDGET"
    : "";
  const budgetText = budget
    ? `budget ${budget.seconds} s${budget.peakMb ? ` / ${budget.peakMb} MB` : ""}`
    : "";
  console.log(
    `${label.padEnd(34)} median ${seconds.toFixed(2)} s  peak ${peakMb.toFixed(0)} MB  (${count} runs)  ${budgetText}  ${verdict}`,
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

console.log(`Benchmark on ${os.cpus().length} cores, node ${process.version}\n`);
series("npm run synth (all stacks)", runs, () => measure("npm", ["run", "-s", "synth"]), {
  seconds: 1.2,
  peakMb: 250,
});
series(
  "npx cdktf synth (all stacks)",
  Math.max(3, Math.ceil(runs / 2)),
  () => measure("npx", ["cdktf", "synth"]),
  {
    seconds: 3,
  },
);
try {
  series("npm test (whole suite)", 1, () => measure("npx", ["jest", "--silent"]));
} catch {
  console.log("npm test (whole suite)             not timed: the suite fails; run npm test");
}

const packages = lambdaPackages(path.join(PROJECT_ROOT, "cdktf.out"));
console.log(packages.length ? "\nLambda packages (zipped):" : "\nNo Lambda packages yet.");
for (const p of packages) console.log(`  ${p.stack}/${p.asset}: ${(p.bytes / 1024).toFixed(1)} KiB`);
