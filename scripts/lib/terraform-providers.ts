import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";

// Where offline plans get their providers from, and the one `terraform init` per provider set.
//
// Providers come from local folders in Terraform's mirror layout: $TF_PROVIDER_MIRROR (or an implicit
// local mirror), the mirror `npm run providers:mirror` builds, and a project-local plugin cache that
// `terraform init` fills from the registry when the network allows. Working directories never reach a
// registry: they copy a `.terraform` folder initialized once per provider set, whose provider
// folders are symlinks into those local folders (no copy of the 700 MB AWS provider per plan).
// @see https://developer.hashicorp.com/terraform/cli/config/config-file#provider-installation
// @see https://developer.hashicorp.com/terraform/cli/config/config-file#provider-plugin-cache

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
type TerraformJson = Record<string, any>;

/** The project-local cache: plugin cache, built mirror, provider sets (override: $TF_OFFLINE_CACHE_DIR). */
export function offlineCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.TF_OFFLINE_CACHE_DIR || path.join(PROJECT_ROOT, ".cache", "terraform"));
}

export const pluginCacheDir = (cacheDir: string) => path.join(cacheDir, "plugins");
/** Where `npm run providers:mirror` writes by default; found without setting TF_PROVIDER_MIRROR. */
export const projectMirrorDir = (cacheDir: string) => path.join(cacheDir, "mirror");

/** Seconds the registry client waits for registry.terraform.io before init gives up (Terraform's default: 10). */
const REGISTRY_TIMEOUT_SECONDS = "5";
/** A whole download of the AWS provider (~130 MB) may take a while; init that hangs longer is killed. */
const INIT_TIMEOUT_MS = 10 * 60_000;

export interface RequiredProvider {
  /** e.g. "hashicorp/aws" */
  readonly source: string;
  readonly version?: string;
}

/** A stack's required_providers, with sources in full ("aws" means "hashicorp/aws"). */
export function requiredProviders(stackJson: TerraformJson): Record<string, RequiredProvider> {
  const declared: Record<string, { source?: string; version?: string }> =
    stackJson.terraform?.required_providers ?? {};
  return Object.fromEntries(
    Object.entries(declared).map(([name, p]) => {
      const source = p.source ?? `hashicorp/${name}`;
      return [name, { source: source.includes("/") ? source : `hashicorp/${source}`, version: p.version }];
    }),
  );
}

/** Whether a local folder holds the provider, unpacked or packed, at the (exact) version when one is pinned. */
export function folderHasProvider(dir: string, provider: RequiredProvider): boolean {
  const base = path.join(dir, "registry.terraform.io", provider.source);
  if (!fs.existsSync(base)) return false;
  const exact = provider.version && /^\d+\.\d+\.\d+$/.test(provider.version) ? provider.version : undefined;
  if (!exact) return true;
  const name = provider.source.split("/")[1];
  return (
    fs.existsSync(path.join(base, exact)) ||
    fs.readdirSync(base).some((file) => file.startsWith(`terraform-provider-${name}_${exact}_`))
  );
}

/** CLI configuration that installs only from local folders: init can never reach a registry. */
export function localOnlyCliConfig(providerDirs: readonly string[]): string {
  // Terraform refuses a filesystem_mirror that does not exist (the plugin cache before its first install).
  const mirrors = providerDirs
    .filter((dir) => fs.existsSync(dir))
    .map(
      (dir) =>
        `  filesystem_mirror {\n    path    = ${JSON.stringify(dir)}\n    include = ["registry.terraform.io/*/*"]\n  }\n`,
    )
    .join("");
  return `provider_installation {\n${mirrors}}\n`;
}

/** Environment for terraform with no inherited AWS_ or TF_ setting, so no real account or CLI config leaks in. */
export function cleanTerraformEnv(
  extra: NodeJS.ProcessEnv,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith("AWS_") && !key.startsWith("TF_")) env[key] = value;
  }
  return { ...env, TF_IN_AUTOMATION: "1", CHECKPOINT_DISABLE: "1", ...extra };
}

export type RegistryInstall = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const registryAttempts = new Map<string, RegistryInstall>();

/**
 * Installs providers from the registry into the project's plugin cache with `terraform init` (a short
 * registry timeout, so an offline machine fails fast). Remembered per process: a failure is not retried.
 */
export function installFromRegistry(
  terraform: string,
  cacheDir: string,
  providers: Record<string, RequiredProvider>,
  base: NodeJS.ProcessEnv = process.env,
): RegistryInstall {
  const key = JSON.stringify({ terraform, cacheDir, providers });
  const known = registryAttempts.get(key);
  if (known) return known;
  const cache = pluginCacheDir(cacheDir);
  fs.mkdirSync(cache, { recursive: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tf-registry-"));
  try {
    fs.writeFileSync(
      path.join(dir, "main.tf.json"),
      JSON.stringify({ terraform: { required_providers: providers } }),
    );
    fs.writeFileSync(path.join(dir, "registry.tfrc"), `plugin_cache_dir = ${JSON.stringify(cache)}\n`);
    const result = withLock(path.join(cacheDir, "plugins.lock"), () =>
      spawnSync(terraform, ["init", "-input=false", "-no-color", "-backend=false"], {
        cwd: dir,
        encoding: "utf8",
        timeout: INIT_TIMEOUT_MS,
        env: cleanTerraformEnv(
          {
            TF_CLI_CONFIG_FILE: path.join(dir, "registry.tfrc"),
            TF_REGISTRY_CLIENT_TIMEOUT: REGISTRY_TIMEOUT_SECONDS,
          },
          base,
        ),
      }),
    );
    const outcome: RegistryInstall =
      result.status === 0
        ? { ok: true }
        : {
            ok: false,
            reason: firstError(result.error ? String(result.error) : `${result.stderr}${result.stdout}`),
          };
    registryAttempts.set(key, outcome);
    return outcome;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The first line of Terraform's error that says what went wrong (e.g. "... no such host"). */
function firstError(output: string): string {
  const lines = output
    .split("\n")
    .map((l) => l.replace(/^[│╷╵\s]+/, "").trim())
    .filter(Boolean);
  const error = lines.findIndex((l) => l.startsWith("Error:"));
  const detail = lines
    .slice(error + 1)
    .find((l) => /host|timeout|dial|connect|refused|resolve|registry/i.test(l));
  return (detail ?? lines[error] ?? lines[0] ?? "terraform init failed").slice(0, 200);
}

/**
 * A folder holding `.terraform` and `.terraform.lock.hcl` for one set of providers and one backend,
 * initialized once from local folders and reused by every working directory with the same set.
 * Built in a private folder and renamed into place, so concurrent runs never see half of one.
 */
export function providerSet(
  terraform: string,
  cacheDir: string,
  providerDirs: readonly string[],
  stackJson: TerraformJson,
): string {
  const terraformBlock = {
    required_providers: stackJson.terraform?.required_providers ?? {},
    backend: stackJson.terraform?.backend,
  };
  const key = crypto
    .createHash("sha256")
    .update(
      JSON.stringify({ terraformBlock, providerDirs: providerDirs.filter((dir) => fs.existsSync(dir)) }),
    )
    .digest("hex")
    .slice(0, 16);
  const sets = path.join(cacheDir, "provider-sets");
  const ready = path.join(sets, key);
  if (isUsable(ready)) return ready;
  fs.mkdirSync(sets, { recursive: true });
  const building = fs.mkdtempSync(path.join(sets, `${key}.building-`));
  try {
    fs.writeFileSync(path.join(building, "main.tf.json"), JSON.stringify({ terraform: terraformBlock }));
    const cliConfig = path.join(building, "local.tfrc");
    fs.writeFileSync(cliConfig, localOnlyCliConfig(providerDirs));
    const result = spawnSync(terraform, ["init", "-input=false", "-no-color"], {
      cwd: building,
      encoding: "utf8",
      timeout: INIT_TIMEOUT_MS,
      env: cleanTerraformEnv({ TF_CLI_CONFIG_FILE: cliConfig }),
    });
    if (result.status !== 0) {
      throw new Error(
        `terraform init of the provider set failed:\n${(result.stderr || result.stdout || String(result.error)).trim()}`,
      );
    }
    fs.rmSync(ready, { recursive: true, force: true });
    try {
      fs.renameSync(building, ready);
    } catch {
      // Another run renamed the same set into place first: theirs is as good as ours.
      if (!isUsable(ready)) throw new Error(`could not place the provider set in ${ready}`);
    }
    return ready;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/** A set is usable while its lock file exists and every provider symlink still points at a folder. */
function isUsable(dir: string): boolean {
  const providers = path.join(dir, ".terraform", "providers");
  if (!fs.existsSync(path.join(dir, ".terraform.lock.hcl")) || !fs.existsSync(providers)) return false;
  return fs
    .readdirSync(providers, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isSymbolicLink())
    .every((entry) => fs.existsSync(path.join(entry.parentPath, entry.name)));
}

/** Copies a provider set's `.terraform` (symlinks kept as they are) and lock file into a working directory. */
export function useProviderSet(setDir: string, workDir: string): void {
  fs.cpSync(path.join(setDir, ".terraform"), path.join(workDir, ".terraform"), {
    recursive: true,
    verbatimSymlinks: true,
  });
  fs.copyFileSync(path.join(setDir, ".terraform.lock.hcl"), path.join(workDir, ".terraform.lock.hcl"));
}

/** Runs `task` holding a lock folder: Terraform's plugin cache is not safe for concurrent installs. */
function withLock<T>(lockDir: string, task: () => T): T {
  const deadline = Date.now() + INIT_TIMEOUT_MS;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const held = fs.statSync(lockDir, { throwIfNoEntry: false });
      // A lock older than any init could take was left by a killed run.
      if (held && (Date.now() - held.mtimeMs > INIT_TIMEOUT_MS || Date.now() > deadline))
        fs.rmSync(lockDir, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return task();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}
