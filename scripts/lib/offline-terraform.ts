import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type StandIn, standInForArchiveFiles } from "./archive-stand-in";
import { diagnosticsFromStream, planFromStream } from "./plan-stream";
import { type PlanJson, type PlanSummary, summarizePlan } from "./plan-summary";
import { mustRunTerraform, runTerraform } from "./terraform";
import {
  cleanTerraformEnv,
  folderHasProvider,
  installFromRegistry,
  localOnlyCliConfig,
  offlineCacheDir,
  pluginCacheDir,
  projectMirrorDir,
  providerSet,
  type RequiredProvider,
  requiredProviders,
  useProviderSet,
} from "./terraform-providers";
import { standInForTimeSleeps } from "./time-stand-in";

export { mapLimited } from "./terraform";

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type TerraformJson = Record<string, any>;

/** The folder that holds `registry.terraform.io/...` provider packages (unpacked or packed layout). */
export const MIRROR_VARIABLE = "TF_PROVIDER_MIRROR";

/** The provider every stack needs; without it nothing can be planned. */
const AWS: RequiredProvider = { source: "hashicorp/aws" };

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
      readonly version: string;
      /** The local folder hashicorp/aws comes from. */
      readonly mirror: string;
      /** Every local folder providers are installed from, in order (the mirror, the project's cache). */
      readonly providerDirs: readonly string[];
      /** "mirror": a mirror folder held hashicorp/aws; "registry": init fetched it into the project's plugin cache. */
      readonly source: "mirror" | "registry";
      /** The project-local cache: plugin cache, built mirror, provider sets. */
      readonly cacheDir: string;
    }
  | { readonly available: false; readonly reason: string; readonly fix: string };

/**
 * Finds terraform and hashicorp/aws: in $TF_PROVIDER_MIRROR, else in Terraform's implicit local mirror
 * folders, the mirror `npm run providers:mirror` built, or the project's plugin cache; else `terraform
 * init` tries the registry (short timeout) and caches it for next time.
 */
export function findOfflineTooling(env: NodeJS.ProcessEnv = process.env): OfflineTooling {
  const terraform = env.TERRAFORM_BINARY || "terraform";
  const probe = spawnSync(terraform, ["version", "-json"], {
    encoding: "utf8",
    env: { ...env, CHECKPOINT_DISABLE: "1" },
  });
  if (probe.error || probe.status !== 0) {
    return {
      available: false,
      reason: `terraform was not found (${terraform})`,
      fix: "install Terraform >= 1.10 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY",
    };
  }
  const version = JSON.parse(probe.stdout).terraform_version as string;
  const cacheDir = offlineCacheDir(env);
  const cache = pluginCacheDir(cacheDir);
  const explicit = env[MIRROR_VARIABLE];
  if (explicit && !folderHasProvider(explicit, AWS)) {
    return {
      available: false,
      reason: `${MIRROR_VARIABLE}=${explicit} holds no registry.terraform.io/hashicorp/aws`,
      fix: `point ${MIRROR_VARIABLE} at a folder built by \`terraform providers mirror\` (npm run providers:mirror -- <folder>), or unset it to use the registry`,
    };
  }
  const mirrors = explicit
    ? [explicit]
    : [
        path.join(os.homedir(), ".terraform.d", "plugins"),
        path.join(os.homedir(), ".local", "share", "terraform", "plugins"),
        "/usr/local/share/terraform/plugins",
        "/usr/share/terraform/plugins",
        projectMirrorDir(cacheDir),
      ];
  const mirror = mirrors.find((dir) => folderHasProvider(dir, AWS));
  const found = (source: "mirror" | "registry", dir: string) =>
    ({
      available: true,
      terraform,
      version,
      mirror: path.resolve(dir),
      providerDirs: [...new Set([path.resolve(dir), cache])],
      source,
      cacheDir,
    }) as const;
  if (mirror) return found("mirror", mirror);
  if (folderHasProvider(cache, AWS)) return found("registry", cache);
  const aws = { aws: { source: "hashicorp/aws", version: awsVersion() } };
  const install = installFromRegistry(terraform, cacheDir, aws, env);
  if (install.ok) return found("registry", cache);
  return {
    available: false,
    reason: `no provider mirror holds hashicorp/aws and the registry could not be reached (${install.reason})`,
    fix: `run \`npm run providers:mirror\` once while online, or set ${MIRROR_VARIABLE} to a provider mirror`,
  };
}

/** The hashicorp/aws version the pinned binding (@cdktf/provider-aws) generates for. */
function awsVersion(): string | undefined {
  try {
    const manifest = require.resolve("@cdktf/provider-aws/package.json");
    const pkg = JSON.parse(fs.readFileSync(manifest, "utf8"));
    return pkg.cdktf?.provider?.version as string | undefined;
  } catch {
    return undefined;
  }
}

export interface OfflinePlanOptions {
  /** A Terraform state (JSON) to plan against, such as one holding a previous release's addresses. */
  readonly state?: unknown;
  /**
   * The human-readable plan (`terraform show`: one more Terraform start, which loads the provider's
   * schema again, as costly as the plan itself). By default it is rendered the first time `planText`
   * is read, so callers that never read it never pay; `true` renders it at once, `false` never ("").
   */
  readonly planText?: boolean;
  /**
   * AWS API endpoints by service, for the AWS SDK inside hashicorp/aws (AWS_ENDPOINT_URL_<SERVICE>),
   * such as `{ SFN: "http://127.0.0.1:port" }` for a loopback stand-in that answers the one call a plan
   * makes. The stack's configuration stays as synthesized: the provider's own `endpoints` block would
   * change it, and costs the provider seconds of CPU in every validation.
   * @see https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/custom-service-endpoints
   */
  readonly endpoints?: Readonly<Record<string, string>>;
}

/** AWS_ENDPOINT_URL_<SERVICE> for each of `endpoints` (see OfflinePlanOptions.endpoints). */
export function endpointEnvironment(endpoints: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(endpoints).map(([service, url]) => {
      if (!/^[A-Z0-9_]+$/.test(service))
        throw new Error(
          `endpoints: ${service} is not a service id as AWS_ENDPOINT_URL_<SERVICE> spells it (e.g. SFN)`,
        );
      return [`AWS_ENDPOINT_URL_${service}`, url];
    }),
  );
}

export interface OfflineStackResult {
  readonly stack: string;
  readonly workDir: string;
  readonly standIns: readonly StandIn[];
  /** `time_sleep` resources planned as `terraform_data` because hashicorp/time could not be installed. */
  readonly timeStandIns: readonly string[];
  readonly summary: PlanSummary;
  /**
   * Every resource change of the plan with its actions (["update"], ["delete", "create"], ...), as
   * `terraform show -json` lists them: what the human-readable text says of each resource ("will be
   * updated in-place", "will be created"), without another Terraform start to render it.
   */
  readonly changes: NonNullable<PlanJson["resource_changes"]>;
  /** Human-readable plan (`terraform show`), rendered when first read (see OfflinePlanOptions.planText). */
  readonly planText: string;
}

export interface OfflineWorkspace {
  readonly stack: string;
  readonly workDir: string;
  /** The stack's Terraform JSON as it is in workDir (after any stand-in). */
  readonly stackJson: Record<string, unknown>;
  readonly standIns: readonly StandIn[];
  readonly timeStandIns: readonly string[];
  /** Mock credentials, no metadata service, local providers only. */
  readonly env: NodeJS.ProcessEnv;
  /** `-var name=value` for every variable without a default (OFFLINE_VARIABLE_VALUES). */
  readonly varArgs: readonly string[];
}

/** A synthesized stack copied into a folder of its own, with any stand-in applied. */
export interface StagedStack {
  readonly stack: string;
  /** The stack's Terraform JSON as written to the folder's cdk.tf.json (after any stand-in). */
  readonly stackJson: TerraformJson;
  readonly standIns: readonly StandIn[];
  readonly timeStandIns: readonly string[];
}

/**
 * Copies a synthesized stack into `dir` (a folder of the caller's, replaced) and stands in for
 * archive_file and time_sleep only when hashicorp/archive or hashicorp/time can be neither found
 * locally nor installed.
 */
export function stageStack(
  tooling: Extract<OfflineTooling, { available: true }>,
  stackDir: string,
  dir: string,
): StagedStack {
  const stack = path.basename(stackDir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(stackDir, dir, { recursive: true });
  const jsonPath = path.join(dir, "cdk.tf.json");
  const stackJson = JSON.parse(fs.readFileSync(jsonPath, "utf8"));
  const { archive, time } = requiredProviders(stackJson);
  const standIns = archive && !canInstall(tooling, { archive }) ? standInForArchiveFiles(stackJson, dir) : [];
  const timeStandIns = time && !canInstall(tooling, { time }) ? standInForTimeSleeps(stackJson) : [];
  fs.writeFileSync(jsonPath, JSON.stringify(stackJson, null, 2));
  return { stack, stackJson, standIns, timeStandIns };
}

/**
 * Copies a synthesized stack into `workDir` (see stageStack) and gives it an initialized `.terraform`
 * from its provider set. Ready for `terraform plan` with no network.
 */
export function prepareOfflineWorkspace(
  tooling: Extract<OfflineTooling, { available: true }>,
  stackDir: string,
  workDir: string,
): OfflineWorkspace {
  const { stack, stackJson, standIns, timeStandIns } = stageStack(tooling, stackDir, workDir);

  const cliConfig = path.join(workDir, "offline.tfrc");
  fs.writeFileSync(cliConfig, localOnlyCliConfig(tooling.providerDirs));
  const env = offlineEnvironment(cliConfig);
  if (stackJson.module) {
    // Modules are installed per working directory; the provider set cannot stand in for that init.
    const init = spawnSync(tooling.terraform, ["init", "-input=false", "-no-color"], {
      cwd: workDir,
      env,
      encoding: "utf8",
    });
    if (init.status !== 0) throw new Error(`${stack}: terraform init failed:\n${init.stderr || init.stdout}`);
  } else {
    useProviderSet(
      providerSet(tooling.terraform, tooling.cacheDir, tooling.providerDirs, stackJson),
      workDir,
    );
  }
  const varArgs = Object.entries(offlineVariableValues(stack, stackJson)).flatMap(([name, value]) => [
    "-var",
    `${name}=${value}`,
  ]);
  return { stack, workDir, stackJson, standIns, timeStandIns, env, varArgs };
}

/** A value from OFFLINE_VARIABLE_VALUES for every variable of the stack without a default. */
export function offlineVariableValues(stack: string, stackJson: TerraformJson): Record<string, string> {
  return Object.fromEntries(
    Object.keys(stackJson.variable ?? {})
      .filter((name) => stackJson.variable[name].default === undefined)
      .map((name) => {
        const value = OFFLINE_VARIABLE_VALUES[name];
        if (value === undefined) throw new Error(`${stack}: no offline value for Terraform variable ${name}`);
        return [name, value];
      }),
  );
}

/** Whether every provider is in a local folder already, or can be installed from the registry now. */
function canInstall(
  tooling: Extract<OfflineTooling, { available: true }>,
  providers: Record<string, RequiredProvider>,
): boolean {
  const missing = Object.entries(providers).filter(
    ([, p]) => !tooling.providerDirs.some((dir) => folderHasProvider(dir, p)),
  );
  return (
    missing.length === 0 ||
    installFromRegistry(tooling.terraform, tooling.cacheDir, Object.fromEntries(missing)).ok
  );
}

/**
 * A real `terraform plan` of one synthesized stack with mock credentials (see prepareOfflineWorkspace).
 * The plan validates the configuration itself, so no separate `validate` runs; its JSON stream gives
 * the summary. Throws with Terraform's own errors when the plan fails.
 */
export async function planStackOffline(
  tooling: Extract<OfflineTooling, { available: true }>,
  stackDir: string,
  workDir: string,
  options: OfflinePlanOptions = {},
): Promise<OfflineStackResult> {
  const workspace = prepareOfflineWorkspace(tooling, stackDir, workDir);
  const { stack, varArgs } = workspace;
  const env = { ...workspace.env, ...endpointEnvironment(options.endpoints) };
  if (options.state !== undefined) {
    fs.writeFileSync(path.join(workDir, "terraform.tfstate"), JSON.stringify(options.state, null, 2));
  }
  // A seeded state cannot be refreshed offline (that reads AWS); plan against it as it is.
  const refresh = options.state !== undefined ? ["-refresh=false"] : [];
  const args = [
    "plan",
    "-json",
    "-input=false",
    "-lock=false",
    ...refresh,
    "-out=offline.tfplan",
    ...varArgs,
  ];
  const plan = await runTerraform(tooling.terraform, args, workDir, env);
  if (plan.code !== 0) {
    const errors = diagnosticsFromStream(plan.stdout) || plan.stderr.trim() || plan.stdout.trim();
    throw new Error(`${stack}: terraform plan failed (exit ${plan.code}):\n${errors}`);
  }
  const planned = planFromStream(plan.stdout);
  const summary = summarizePlan(planned);
  const { standIns, timeStandIns } = workspace;
  const changes = planned.resource_changes ?? [];
  const result = { stack, workDir, standIns, timeStandIns, summary, changes, planText: "" };
  if (options.planText === false) return result;
  if (options.planText === true) {
    const show = ["show", "-no-color", "offline.tfplan"];
    return {
      ...result,
      planText: (await mustRunTerraform(tooling.terraform, show, workDir, env, stack)).stdout,
    };
  }
  let text: string | undefined;
  return Object.defineProperty(result, "planText", {
    enumerable: true,
    get: () => {
      text ??= showPlan(tooling.terraform, workDir, env, stack);
      return text;
    },
  });
}

/** `terraform show` of the saved plan, synchronously (for a lazily read planText). */
function showPlan(terraform: string, workDir: string, env: NodeJS.ProcessEnv, stack: string): string {
  const show = spawnSync(terraform, ["show", "-no-color", "offline.tfplan"], {
    cwd: workDir,
    env,
    encoding: "utf8",
  });
  if (show.status !== 0)
    throw new Error(`${stack}: terraform show failed (exit ${show.status}):\n${show.stderr || show.stdout}`);
  return show.stdout;
}

/**
 * Go's garbage collector settings for terraform and the provider processes it starts (they inherit its
 * environment), unless the user set their own. The AWS provider's start-up, paid by every provider process of
 * a plan (one per provider configuration to validate, one to plan), spends a third of its CPU in garbage
 * collection at Go's default (GOGC=100); so does terraform itself on a large plan. GOGC=400 lets each process
 * grow to five times its live heap between collections: about 180 MB per AWS provider process instead of
 * 135 MB, while GOGC=off (no collection below the limit) held 260 MB each and, with a provider process per
 * configuration alive at once, put the suite's largest plan (38 stacks, 18 configurations) at 4.4-4.6 GB in
 * all, for about 8% less CPU.
 * GOMEMLIMIT makes a process that nears 1 GiB (terraform itself, on a very large plan) collect more often
 * instead of growing on. See README "Offline plan".
 * @see https://tip.golang.org/doc/gc-guide
 */
export const OFFLINE_GO_GC: Readonly<Record<"GOGC" | "GOMEMLIMIT", string>> = {
  GOGC: "400",
  GOMEMLIMIT: "1GiB",
};

/**
 * Mock credentials and no metadata service: a plan that tried to call AWS would fail, not hang. Go's
 * collector as OFFLINE_GO_GC says, unless `base` (the user's environment) sets GOGC or GOMEMLIMIT.
 */
export function offlineEnvironment(
  cliConfig: string,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const gc = base.GOGC || base.GOMEMLIMIT ? {} : OFFLINE_GO_GC;
  return cleanTerraformEnv(
    {
      TF_CLI_CONFIG_FILE: cliConfig,
      AWS_ACCESS_KEY_ID: "offline-mock-access-key",
      AWS_SECRET_ACCESS_KEY: "offline-mock-secret-key",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_MAX_ATTEMPTS: "1",
      ...gc,
    },
    base,
  );
}
