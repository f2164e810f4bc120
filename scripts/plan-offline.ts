import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../stacks/app";
import { ConfigError } from "../stacks/config/errors";
import { loadProjectConfig, PROJECT_ROOT } from "../stacks/config/load";
import { isStackId, STACK_IDS, type StackId } from "../stacks/config/stack-ids";
import { findOfflineTooling, mapLimited, planStackOffline } from "./lib/offline-terraform";

// `npm run plan:offline [-- stack...] [--env name]`: a real terraform plan per stack, no credentials, no network.
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const named = args.filter((arg, i) => !arg.startsWith("--") && args[i - 1] !== "--env");
  const unknown = named.filter((name) => !isStackId(name));
  if (unknown.length > 0) {
    throw new Error(`Unknown stack ${unknown.join(", ")}; stacks are ${STACK_IDS.join(", ")}`);
  }
  const stacks = (named.length > 0 ? named : STACK_IDS) as StackId[];

  const tooling = findOfflineTooling();
  if (!tooling.available) {
    console.error(`plan:offline cannot run: ${tooling.reason}`);
    process.exit(1);
  }
  const root = path.join(PROJECT_ROOT, ".offline-plan");
  const outdir = path.join(root, "cdktf.out");
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(outdir, { recursive: true });
  synthesizeApp(buildApp(loadProjectConfig(args), { offline: true, outdir, stacks }));

  const synthesized = stacks.filter((id) => fs.existsSync(path.join(outdir, "stacks", id)));
  const results = await mapLimited(synthesized, 2, (id) =>
    planStackOffline(tooling, path.join(outdir, "stacks", id), path.join(root, "work", id)),
  );
  for (const result of results) {
    console.log(`\n===== ${result.stack} =====\n${result.planText}`);
    for (const standIn of result.standIns) {
      console.log(
        `NOTE: hashicorp/archive is not in the mirror; ${standIn.address} was stood in by the harness ` +
          `(same inputs zipped reproducibly, ${standIn.size} bytes, sha256 ${standIn.sha256Base64}).`,
      );
    }
  }
  console.log(`\nOffline plans (terraform ${tooling.version}, providers from ${tooling.mirror}):`);
  for (const { stack, summary } of results) {
    const flags = [
      ...summary.replaced.map((a) => `REPLACE ${a}`),
      ...summary.destroyed.map((a) => `DESTROY ${a}`),
    ];
    console.log(
      `  ${stack}: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy${flags.length ? ` (${flags.join("; ")})` : ""}`,
    );
  }
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError ? error.message : error instanceof Error ? error.message : error,
  );
  process.exit(1);
});
