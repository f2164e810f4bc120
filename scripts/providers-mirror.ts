import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../stacks/app";
import { loadProjectConfig } from "../stacks/config/load";
import { STACK_IDS } from "../stacks/registry";
import { parseScriptArgs, runCli } from "./lib/cli";
import { terraformBinary } from "./lib/terraform";
import { offlineCacheDir, projectMirrorDir, requiredProviders } from "./lib/terraform-providers";

// `npm run providers:mirror [-- <folder>] [--platform linux_amd64 ...]`: downloads every provider the
// stacks need (hashicorp/aws, hashicorp/archive, at the versions they pin) with `terraform providers
// mirror`, once, while online. The default folder, .cache/terraform/mirror, is found by `npm test`
// and `npm run plan:offline` with no setting; any other folder goes in TF_PROVIDER_MIRROR.
// @see https://developer.hashicorp.com/terraform/cli/commands/providers/mirror
const USAGE = "npm run providers:mirror [-- <folder>] [--platform <os_arch> ...]";

runCli(() => {
  const { values, positionals } = parseScriptArgs(
    process.argv.slice(2),
    USAGE,
    { platform: { type: "string", multiple: true } },
    true,
  );
  if (values.help) {
    console.log(`Usage: ${USAGE}`);
    return;
  }
  if (positionals.length > 1) throw new Error(`${USAGE}: at most one folder, got ${positionals.join(" ")}`);
  const platforms = (values.platform ?? []).map((platform) => `-platform=${platform}`);
  const named = positionals[0];
  const mirror = path.resolve(named ?? projectMirrorDir(offlineCacheDir()));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "providers-mirror-"));
  try {
    const outdir = path.join(work, "cdktf.out");
    synthesizeApp(buildApp(loadProjectConfig([]), { offline: true, outdir }));
    const providers: Record<string, unknown> = {};
    for (const stack of STACK_IDS) {
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
      Object.assign(providers, requiredProviders(json));
    }
    const root = path.join(work, "providers");
    fs.mkdirSync(root);
    fs.writeFileSync(
      path.join(root, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: providers } }),
    );
    console.log(
      `Mirroring ${Object.values(providers)
        .map((p) => JSON.stringify(p))
        .join(", ")} into ${mirror}`,
    );
    fs.mkdirSync(mirror, { recursive: true });
    const result = spawnSync(terraformBinary(), ["providers", "mirror", ...platforms, mirror], {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, CHECKPOINT_DISABLE: "1" },
    });
    if (result.status !== 0) {
      throw new Error(
        `terraform providers mirror failed (exit ${result.status ?? result.error}): it needs access to registry.terraform.io`,
      );
    }
    const hint = named
      ? `export TF_PROVIDER_MIRROR=${mirror}`
      : "npm test and npm run plan:offline use it as it is";
    console.log(`\nProvider mirror ready in ${mirror}: ${hint}.`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
