import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type OfflineStackResult,
  type OfflineTooling,
  offlineEnvironment,
  offlineVariableValues,
  planStackOffline,
  stageStack,
} from "./offline-terraform";
import { diagnosticsFromStream, planFromStream } from "./plan-stream";
import { type PlanJson, summarizePlan } from "./plan-summary";
import { mustRunTerraform, runTerraform } from "./terraform";
import { localOnlyCliConfig, providerSet, useProviderSet } from "./terraform-providers";

// Many synthesized stacks planned in one `terraform plan`: each stack is a module of one root
// configuration, and the plan is split back per module. What a plan costs is mostly fixed per
// Terraform start (reading the AWS provider's 700 MB package to check it against the lock file, its
// schema sent over gRPC and decoded) and per provider configuration (one provider process in the
// validate walk, one in the plan walk); a stack's own resources add little. So one start for all the
// stacks of a test file, and one provider configuration for stacks whose configurations are identical.
// @see https://developer.hashicorp.com/terraform/language/modules/develop/providers

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type TerraformJson = Record<string, any>;
type Available = Extract<OfflineTooling, { available: true }>;

export interface OfflinePlanJob {
  /** How the caller finds this stack's result (e.g. "largest/rds-autotag"). */
  readonly key: string;
  /** A synthesized stack folder (cdktf.out/stacks/<id>). */
  readonly stackDir: string;
  /**
   * A Terraform state (JSON) to plan against, with addresses as the stack alone has them (such as one
   * holding a previous release's resources): moved into the stack's module for the batch. Default: empty.
   */
  readonly state?: TerraformState;
}

/** The parts of a Terraform state (format version 4) a batch reads and moves. */
export interface TerraformState {
  readonly version: number;
  readonly terraform_version: string;
  readonly resources: readonly TerraformJson[];
  readonly [field: string]: unknown;
}

/**
 * Plans every job (from empty state, or from the job's own state) in as few Terraform runs as possible
 * and returns each job's result by key: the same summary, changes, stand-ins and validation as
 * planStackOffline gives it alone. A stack that cannot be a module (it has `import` blocks, which only a
 * root module may hold) is planned alone. Throws with Terraform's errors, naming the job, when a plan fails.
 */
export async function planStacksOffline(
  tooling: Available,
  jobs: readonly OfflinePlanJob[],
  workDir: string,
): Promise<Map<string, OfflineStackResult>> {
  const keys = jobs.map((job) => job.key);
  const duplicate = keys.find((key, i) => keys.indexOf(key) !== i);
  if (duplicate) throw new Error(`planStacksOffline: the key ${duplicate} is given twice`);
  fs.rmSync(workDir, { recursive: true, force: true });
  const modules = path.join(workDir, "modules");
  const staged = jobs.map((job, i) => {
    const name = `s${i}_${job.key.replace(/[^A-Za-z0-9_-]+/g, "_")}`;
    const dir = path.join(modules, name);
    return { job, name, dir, ...stageStack(tooling, job.stackDir, dir) };
  });
  const results = new Map<string, OfflineStackResult>();
  const alone = staged.filter((s) => s.stackJson.import !== undefined);
  for (const s of alone) {
    results.set(
      s.job.key,
      await planStackOffline(tooling, s.job.stackDir, path.join(workDir, "alone", s.name), {
        state: s.job.state,
      }),
    );
  }
  const together = staged.filter((s) => !alone.includes(s));
  if (together.length === 0) return results;

  const { root, passed } = rootConfiguration(together);
  fs.writeFileSync(path.join(workDir, "main.tf.json"), JSON.stringify(root, null, 2));
  const state = batchState(together, passed);
  if (state) fs.writeFileSync(path.join(workDir, "terraform.tfstate"), JSON.stringify(state, null, 2));
  const cliConfig = path.join(workDir, "offline.tfrc");
  fs.writeFileSync(cliConfig, localOnlyCliConfig(tooling.providerDirs));
  const env = offlineEnvironment(cliConfig);
  useProviderSet(providerSet(tooling.terraform, tooling.cacheDir, tooling.providerDirs, root), workDir);
  // Local modules are "installed" by recording them in .terraform/modules; `get` does only that.
  await mustRunTerraform(tooling.terraform, ["get", "-no-color"], workDir, env, "offline plan batch");
  // Empty state has nothing to refresh, and a seeded one cannot be refreshed offline (that reads AWS):
  // plan against it as it is, as planStackOffline does.
  const args = ["plan", "-json", "-input=false", "-lock=false", "-refresh=false"];
  const plan = await runTerraform(tooling.terraform, args, workDir, env);
  const legend = together.map((s) => `  module.${s.name}: ${s.job.key}`).join("\n");
  if (plan.code !== 0) {
    const errors = diagnosticsFromStream(plan.stdout) || plan.stderr.trim() || plan.stdout.trim();
    throw new Error(`terraform plan failed (exit ${plan.code}):\n${errors}\nwhere\n${legend}`);
  }
  const whole = planFromStream(plan.stdout);
  for (const s of together) {
    const own = ofModule(whole, s.name);
    const result = {
      stack: s.stack,
      workDir: s.dir,
      standIns: s.standIns,
      timeStandIns: s.timeStandIns,
      summary: summarizePlan(own),
      changes: own.resource_changes ?? [],
    };
    results.set(
      s.job.key,
      Object.defineProperty(result, "planText", { get: noPlanText }) as OfflineStackResult,
    );
  }
  return results;
}

/** A batch saves no plan per stack: a test that reads the text must plan its stack alone. */
function noPlanText(): never {
  throw new Error(
    "planText: a batch plan (planStacksOffline) has no text per stack; plan the stack alone with planStackOffline",
  );
}

interface StagedModule {
  readonly name: string;
  readonly dir: string;
  readonly stack: string;
  readonly stackJson: TerraformJson;
}

/**
 * The root module: one module call per stack, the stacks' provider configurations hoisted into it
 * (one per distinct configuration) and passed down, the union of their required providers.
 * Each stack folder is rewritten to be a child module (no backend of its own, file paths from its folder).
 */
function rootConfiguration(modules: readonly StagedModule[]): {
  root: TerraformJson;
  /** Per module: provider type → the root configuration passed to it (e.g. aws → aws.aws_1a2b...). */
  passed: Map<string, Record<string, string>>;
} {
  const passedTo = new Map<string, Record<string, string>>();
  const requiredProviders: TerraformJson = {};
  const providers: Record<string, TerraformJson[]> = {};
  const calls: TerraformJson = {};
  for (const m of modules) {
    const json = m.stackJson;
    for (const [name, requirement] of Object.entries(json.terraform?.required_providers ?? {})) {
      const known = requiredProviders[name];
      if (known && JSON.stringify(known) !== JSON.stringify(requirement))
        throw new Error(
          `${m.stack}: requires provider ${name} as ${JSON.stringify(requirement)}, another stack as ${JSON.stringify(known)}`,
        );
      requiredProviders[name] = requirement;
    }
    const call: TerraformJson = { source: `./modules/${m.name}`, ...offlineVariableValues(m.stack, json) };
    const passed: Record<string, string> = {};
    for (const [type, configs] of Object.entries((json.provider ?? {}) as Record<string, TerraformJson[]>)) {
      // An aliased or computed configuration stays in the stack: only a plain default one moves.
      const [config] = configs;
      if (configs.length !== 1 || config.alias !== undefined || JSON.stringify(config).includes("${"))
        continue;
      const alias = `${type}_${crypto.createHash("sha256").update(JSON.stringify(config)).digest("hex").slice(0, 12)}`;
      providers[type] ??= [];
      if (!providers[type].some((p) => p.alias === alias)) providers[type].push({ ...config, alias });
      passed[type] = `${type}.${alias}`;
      delete json.provider[type];
    }
    if (Object.keys(passed).length > 0) call.providers = passed;
    passedTo.set(m.name, passed);
    if (json.provider && Object.keys(json.provider).length === 0) delete json.provider;
    delete json.terraform?.backend;
    anchorArchivePaths(json);
    fs.writeFileSync(path.join(m.dir, "cdk.tf.json"), JSON.stringify(json, null, 2));
    calls[m.name] = call;
  }
  return {
    root: {
      terraform: { backend: { local: { path: "terraform.tfstate" } }, required_providers: requiredProviders },
      ...(Object.keys(providers).length > 0 ? { provider: providers } : {}),
      module: calls,
    },
    passed: passedTo,
  };
}

interface SeededModule {
  readonly name: string;
  readonly job: OfflinePlanJob;
}

/**
 * One state for the batch from the jobs' own states: every resource moved into its stack's module
 * (`module.<name>`, before any module path it had), and its provider address to where that
 * configuration now is (hoisted into the root and passed down, or still in the module), so resources
 * that are no longer configured are planned for destruction by the same configuration as alone.
 * Root outputs are dropped: a module's outputs are not kept in state. Undefined when no job has a state.
 */
function batchState(
  modules: readonly SeededModule[],
  passed: ReadonlyMap<string, Record<string, string>>,
): TerraformJson | undefined {
  const seeded = modules.filter((m) => m.job.state !== undefined);
  if (seeded.length === 0) return undefined;
  const resources = seeded.flatMap((m) => {
    const state = m.job.state as TerraformState;
    if (state.version !== 4)
      throw new Error(`${m.job.key}: a state of format version ${state.version}; a batch reads version 4`);
    return state.resources.map((resource) => ({
      ...resource,
      module: resource.module ? `module.${m.name}.${resource.module}` : `module.${m.name}`,
      provider: movedProvider(m, String(resource.provider), passed.get(m.name) ?? {}),
    }));
  });
  const versions = seeded.map((m) => (m.job.state as TerraformState).terraform_version);
  return {
    version: 4,
    // The oldest: Terraform refuses a state a newer version wrote.
    terraform_version: versions.sort((a, b) => a.localeCompare(b, "en", { numeric: true }))[0],
    serial: 1,
    lineage: crypto.randomUUID(),
    outputs: {},
    resources,
  };
}

/**
 * A state's provider address as it is in the batch: the stack's default configuration of a type
 * (`provider["registry.terraform.io/hashicorp/aws"]`) is where it was hoisted to; any other (aliased,
 * computed, or in one of the stack's own modules) is still in the stack's module.
 */
function movedProvider(m: SeededModule, address: string, passed: Record<string, string>): string {
  const parsed = /^provider\["([^"]+)"\](?:\.([A-Za-z0-9_-]+))?$/.exec(address);
  if (!parsed) {
    if (address.startsWith("module.")) return `module.${m.name}.${address}`;
    throw new Error(`${m.job.key}: a state resource's provider ${address} is not a provider address`);
  }
  const [, source, alias] = parsed;
  const type = (source as string).split("/").at(-1) as string;
  const hoisted = alias === undefined ? passed[type] : undefined;
  return hoisted ? `provider["${source}"].${hoisted.slice(type.length + 1)}` : `module.${m.name}.${address}`;
}

/**
 * cdktf writes archive_file paths relative to the stack folder, which is Terraform's working directory
 * when the stack is the root module; as a child module the same files are under `path.module`.
 */
function anchorArchivePaths(json: TerraformJson): void {
  for (const archive of Object.values((json.data?.archive_file ?? {}) as Record<string, TerraformJson>)) {
    for (const field of ["source_file", "source_dir", "output_path"]) {
      const value = archive[field];
      if (typeof value === "string" && !value.includes("${") && !path.isAbsolute(value))
        archive[field] = `\${path.module}/${value}`;
    }
  }
}

/** The changes of one module, with addresses as they are when the stack is planned alone. */
function ofModule(plan: PlanJson, name: string): PlanJson {
  const prefix = `module.${name}.`;
  const strip = (address: string | undefined) => address?.slice(prefix.length);
  return {
    resource_changes: (plan.resource_changes ?? [])
      .filter((rc) => rc.address.startsWith(prefix))
      .map((rc) => ({
        ...rc,
        address: strip(rc.address) as string,
        previous_address: rc.previous_address?.startsWith(prefix) ? strip(rc.previous_address) : undefined,
      })),
  };
}
