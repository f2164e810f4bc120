import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type StandIn, standInForArchiveFiles } from "./archive-stand-in";
import { type PlanSummary, summarizePlan } from "./plan-summary";
import { mustRunTerraform } from "./terraform";
import { standInForTimeSleeps } from "./time-stand-in";

export { mapLimited } from "./terraform";

/** The folder that holds `registry.terraform.io/...` provider packages (unpacked layout). */
export const MIRROR_VARIABLE = "TF_PROVIDER_MIRROR";

/**
 * Values for Terraform variables that have no default, used only by offline plans. Obviously fake: the key can
 * never authenticate anywhere, and `.invalid` is a reserved top-level domain that never resolves.
 */
export const OFFLINE_VARIABLE_VALUES: Readonly<Record<string, string>> = {
  momento_api_key: "OFFLINE-DUMMY-NOT-A-REAL-MOMENTO-API-KEY",
  momento_http_endpoint: "https://momento.offline-plan.invalid",
};

export type OfflineTooling =
  | {
      readonly available: true;
      readonly terraform: string;
      readonly mirror: string;
      readonly version: string;
    }
  | { readonly available: false; readonly reason: string };

/**
 * Finds terraform and a provider mirror holding hashicorp/aws. The mirror comes from
 * $TF_PROVIDER_MIRROR, else Terraform's own implicit local mirror folders.
 */
export function findOfflineTooling(env: NodeJS.ProcessEnv = process.env): OfflineTooling {
  const terraform = env.TERRAFORM_BINARY || "terraform";
  const probe = spawnSync(terraform, ["version", "-json"], {
    encoding: "utf8",
    env: { ...env, CHECKPOINT_DISABLE: "1" },
  });
  if (probe.error || probe.status !== 0) {
    return { available: false, reason: `terraform was not found (${terraform}); install Terraform >= 1.10` };
  }
  const version = JSON.parse(probe.stdout).terraform_version as string;
  const candidates = env[MIRROR_VARIABLE]
    ? [env[MIRROR_VARIABLE] as string]
    : [
        path.join(os.homedir(), ".terraform.d", "plugins"),
        path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
        "/usr/local/share/terraform/plugins",
        "/usr/share/terraform/plugins",
      ];
  const mirror = candidates.find((dir) =>
    fs.existsSync(path.join(dir, "registry.terraform.io", "hashicorp", "aws")),
  );
  if (!mirror) {
    return {
      available: false,
      reason: `no provider mirror with registry.terraform.io/hashicorp/aws in ${candidates.join(", ")}; set ${MIRROR_VARIABLE}`,
    };
  }
  return { available: true, terraform, mirror: path.resolve(mirror), version };
}

export interface OfflinePlanOptions {
  /** A Terraform state (JSON) to plan against, such as one holding a previous release's addresses. */
  readonly state?: unknown;
}

export interface OfflineStackResult {
  readonly stack: string;
  readonly workDir: string;
  readonly standIns: readonly StandIn[];
  /** `time_sleep` resources planned as `terraform_data` because hashicorp/time is not in the mirror. */
  readonly timeStandIns: readonly string[];
  readonly summary: PlanSummary;
  /** Human-readable plan (`terraform show`). */
  readonly planText: string;
}

/**
 * Copies a synthesized stack into `workDir`, stands in for archive_file when the archive provider
 * is not in the mirror, then runs init (mirror only), validate and plan with mock credentials.
 * Throws with Terraform's own output when a step fails.
 */
export async function planStackOffline(
  tooling: Extract<OfflineTooling, { available: true }>,
  stackDir: string,
  workDir: string,
  options: OfflinePlanOptions = {},
): Promise<OfflineStackResult> {
  const stack = path.basename(stackDir);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.cpSync(stackDir, workDir, { recursive: true });
  const jsonPath = path.join(workDir, "cdk.tf.json");
  const stackJson = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
  const hasArchiveProvider = fs.existsSync(
    path.join(tooling.mirror, "registry.terraform.io", "hashicorp", "archive"),
  );
  const standIns = hasArchiveProvider ? [] : standInForArchiveFiles(stackJson, workDir);
  const hasTimeProvider = fs.existsSync(
    path.join(tooling.mirror, "registry.terraform.io", "hashicorp", "time"),
  );
  const timeStandIns = hasTimeProvider ? [] : standInForTimeSleeps(stackJson);
  fs.writeFileSync(jsonPath, JSON.stringify(stackJson, null, 2));

  const cliConfig = path.join(workDir, "offline.tfrc");
  // Only the mirror: no `direct` block, so init can never reach a registry.
  fs.writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(tooling.mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`,
  );
  const env = offlineEnvironment(cliConfig);
  const run = async (args: string[]) =>
    (await mustRunTerraform(tooling.terraform, args, workDir, env, stack)).stdout;

  if (options.state !== undefined) {
    fs.writeFileSync(path.join(workDir, "terraform.tfstate"), JSON.stringify(options.state, null, 2));
  }
  await run(["init", "-input=false", "-no-color"]);
  await run(["validate", "-no-color"]);
  const varArgs = Object.keys(stackJson.variable ?? {})
    .filter((name) => stackJson.variable[name].default === undefined)
    .flatMap((name) => {
      const value = OFFLINE_VARIABLE_VALUES[name];
      if (value === undefined) throw new Error(`${stack}: no offline value for Terraform variable ${name}`);
      return ["-var", `${name}=${value}`];
    });
  // A seeded state cannot be refreshed offline (that reads AWS); plan against it as it is.
  const refresh = options.state !== undefined ? ["-refresh=false"] : [];
  await run([
    "plan",
    "-input=false",
    "-lock=false",
    "-no-color",
    ...refresh,
    "-out=offline.tfplan",
    ...varArgs,
  ]);
  const planText = await run(["show", "-no-color", "offline.tfplan"]);
  const planJson = JSON.parse(await run(["show", "-json", "offline.tfplan"]));
  return { stack, workDir, standIns, timeStandIns, summary: summarizePlan(planJson), planText };
}

/** Mock credentials and no metadata service: a plan that tried to call AWS would fail, not hang. */
function offlineEnvironment(cliConfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AWS_") && !key.startsWith("TF_")) env[key] = value;
  }
  return {
    ...env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    CHECKPOINT_DISABLE: "1",
    AWS_ACCESS_KEY_ID: "offline-mock-access-key",
    AWS_SECRET_ACCESS_KEY: "offline-mock-secret-key",
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
  };
}
