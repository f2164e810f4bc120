import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import type { ParseError } from "jsonc-parser";
import type { Sources } from "../core/cache-keys";
import { Checker, isPlainObject } from "../core/checks";
import { ConfigError } from "../core/errors";
import { PROJECT_ROOT } from "../core/paths";
import { memoized } from "./memo";
import type { ProjectConfig } from "./project-config";

export { PROJECT_ROOT };

/** The context key in cdktf.json that holds this project's configuration. */
export const CONTEXT_KEY = "integrations";

export interface ConfigSources {
  /** The `integrations` object from cdktf.json's `context`. */
  readonly context?: unknown;
  /** Process environment (INTEGRATIONS_* variables). */
  readonly env?: NodeJS.ProcessEnv;
  /** Command-line arguments after the script name (`--env <name>`). */
  readonly argv?: readonly string[];
}

/**
 * Builds the configuration from its sources, lowest precedence first:
 *   1. built-in defaults (documented on each setting)
 *   2. cdktf.json `context.integrations`
 *   3. cdktf.json `context.integrations.environments.<environment>`
 *   4. environment variables INTEGRATIONS_REGION, _PREFIX, _ACCOUNT_ID, _TAGS, _STATE_BUCKET, ...
 *   5. INTEGRATIONS_CONFIG: a JSON object merged over everything else
 * The environment itself comes from `--env`, else INTEGRATIONS_ENV, else `environment` in cdktf.json, else "dev".
 * Throws a ConfigError listing every problem; nothing is synthesized then.
 */
export function loadConfig(sources: ConfigSources): ProjectConfig {
  const check = new Checker();
  const env = sources.env ?? {};
  // Loaded here, not imported: scripts import this module for their --help too, which needs no zod schemas.
  const { readProjectConfig, TOP_LEVEL_KEYS } =
    require("./project-config") as typeof import("./project-config");
  const base = check.section(CONTEXT_KEY, sources.context, TOP_LEVEL_KEYS);
  const environment = selectEnvironment(base, env, sources.argv ?? [], check);
  const fromJson = parseJsonObject("INTEGRATIONS_CONFIG", env.INTEGRATIONS_CONFIG, check);
  checkLayerKeys("INTEGRATIONS_CONFIG", fromJson, TOP_LEVEL_KEYS, check);
  const environments = check.section(
    `${CONTEXT_KEY}.environments`,
    base.environments,
    Object.keys(base.environments ?? {}),
  );
  const declared = Object.keys(environments);
  if (declared.length > 0 && environment !== undefined && !declared.includes(environment)) {
    check.fail(
      "environment",
      environment,
      `one of the environments declared in cdktf.json: ${declared.join(", ")}`,
    );
  }
  const perEnvironment = environment === undefined ? {} : environments[environment];
  if (perEnvironment !== undefined && !isPlainObject(perEnvironment)) {
    check.fail(`${CONTEXT_KEY}.environments.${environment}`, perEnvironment, "an object of settings");
  }
  for (const [name, settings] of Object.entries(environments))
    if (isPlainObject(settings))
      checkLayerKeys(
        `${CONTEXT_KEY}.environments.${name}`,
        settings,
        TOP_LEVEL_KEYS,
        check,
        name === environment,
      );

  const { environments: _ignored, ...baseSettings } = base;
  let merged = deepMerge(baseSettings, isPlainObject(perEnvironment) ? perEnvironment : {});
  merged = deepMerge(merged, fromEnvironmentVariables(env, check));
  merged = deepMerge(merged, fromJson);
  if (environment !== undefined) merged.environment = environment;

  const config = readProjectConfig(merged, check);
  if (check.problems.length > 0) throw new ConfigError(check.problems);
  return config;
}

/** Reads `context.integrations` from a cdktf.json file. */
export function readCdktfContext(cdktfJsonPath: string): unknown {
  const cdktfJson = JSON.parse(fs.readFileSync(cdktfJsonPath, "utf8"));
  return cdktfJson.context?.[CONTEXT_KEY];
}

/** The configuration as `npm run synth` and `cdktf synth` see it. */
export function loadProjectConfig(argv: readonly string[] = process.argv.slice(2)): ProjectConfig {
  return loadProjectConfigWithSources(argv).config;
}

/**
 * loadProjectConfig, with the hash of the project's sources its memo was keyed by (for the synth cache of
 * the same run, SynthCacheOptions.sources). The result of an earlier run with the same context, INTEGRATIONS_*
 * variables, arguments, Node and sources is read back from the memo (stacks/config/memo.ts) instead of
 * validated again; INTEGRATIONS_SYNTH_CACHE=off always validates.
 */
export function loadProjectConfigWithSources(argv: readonly string[] = process.argv.slice(2)): {
  readonly config: ProjectConfig;
  readonly sources?: Sources;
} {
  const inputs = { context: readCdktfContext(path.join(PROJECT_ROOT, "cdktf.json")), env: process.env, argv };
  const { value, sources } = memoized(inputs, () => loadConfig(inputs));
  return { config: value, sources };
}

function selectEnvironment(
  base: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  argv: readonly string[],
  check: Checker,
): string | undefined {
  const flag = environmentFlag(argv, check);
  if (flag !== undefined) return flag;
  const fromVariable = env.INTEGRATIONS_ENV;
  if (fromVariable !== undefined && fromVariable !== "") return fromVariable;
  return typeof base.environment === "string" ? base.environment : undefined;
}

/**
 * `--env <name>` or `--env=<name>` (node:util parseArgs); anything else on the command line is refused,
 * so a mistyped flag never synthesizes the default environment.
 */
function environmentFlag(argv: readonly string[], check: Checker): string | undefined {
  const { tokens } = parseArgs({
    args: [...argv],
    options: { env: { type: "string" } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  let environment: string | undefined;
  for (const token of tokens) {
    if (token.kind === "positional") {
      check.fail(
        `argument ${token.value}`,
        token.value,
        "no positional arguments: synth takes only --env <name>",
      );
    } else if (token.kind === "option" && token.name !== "env") {
      check.fail(token.rawName, token.value ?? true, "an option synth knows: only --env <name>");
    } else if (token.kind === "option") {
      if (token.value === undefined || token.value === "" || token.value.startsWith("-"))
        check.fail("--env", token.value, "an environment name after --env, for example --env prod");
      else environment = token.value;
    }
  }
  return environment;
}

/**
 * The keys of one layer above cdktf.json (an environment's section, INTEGRATIONS_CONFIG): each is checked
 * where it was written, so a typo is named with its layer instead of being merged and dropped.
 */
function checkLayerKeys(
  field: string,
  layer: Record<string, unknown>,
  topLevelKeys: readonly string[],
  check: Checker,
  merged = true,
): void {
  const known = topLevelKeys.filter((key) => key !== "environment" && key !== "environments");
  for (const key of Object.keys(layer)) {
    if (key === "environment" || key === "environments") {
      check.fail(
        `${field}.${key}`,
        layer[key],
        `not here: environments are declared in cdktf.json (${CONTEXT_KEY}.environments) and selected with --env <name> or INTEGRATIONS_ENV`,
      );
    } else if (!(known as readonly string[]).includes(key)) {
      check.unknownKey(`${field}.${key}`, key, layer[key], known, "setting", merged);
    }
  }
}

function fromEnvironmentVariables(env: NodeJS.ProcessEnv, check: Checker): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  const set = (name: string, key: string) => {
    const value = env[name];
    if (value !== undefined && value !== "") settings[key] = value;
  };
  set("INTEGRATIONS_REGION", "region");
  set("INTEGRATIONS_PREFIX", "prefix");
  set("INTEGRATIONS_ACCOUNT_ID", "accountId");
  if (env.INTEGRATIONS_TAGS)
    settings.tags = parseJsonObject("INTEGRATIONS_TAGS", env.INTEGRATIONS_TAGS, check);
  const backend: Record<string, unknown> = {};
  if (env.INTEGRATIONS_STATE_BUCKET)
    Object.assign(backend, { type: "s3", bucket: env.INTEGRATIONS_STATE_BUCKET });
  if (env.INTEGRATIONS_STATE_REGION) backend.region = env.INTEGRATIONS_STATE_REGION;
  if (env.INTEGRATIONS_STATE_KEY_PREFIX) backend.keyPrefix = env.INTEGRATIONS_STATE_KEY_PREFIX;
  if (env.INTEGRATIONS_STATE_KMS_KEY_ID) backend.kmsKeyId = env.INTEGRATIONS_STATE_KMS_KEY_ID;
  if (Object.keys(backend).length > 0) settings.backend = backend;
  return settings;
}

/** A JSON object from a variable; a syntax error is reported with its line, column and offset. */
function parseJsonObject(name: string, text: string | undefined, check: Checker): Record<string, unknown> {
  if (text === undefined || text === "") return {};
  // Loaded here, not imported: most runs set no JSON variable, and a run served by the memo parses none.
  const { parse: parseJsonText, printParseErrorCode } =
    require("jsonc-parser") as typeof import("jsonc-parser");
  const errors: ParseError[] = [];
  const value: unknown = parseJsonText(text, errors, { disallowComments: true, allowTrailingComma: false });
  if (errors.length > 0) {
    const { error, offset } = errors[0];
    const before = text.slice(0, offset).split("\n");
    const where = `line ${before.length}, column ${before[before.length - 1].length + 1} (offset ${offset})`;
    check.fail(name, text, `a JSON object; the JSON is malformed at ${where}: ${printParseErrorCode(error)}`);
    return {};
  }
  if (isPlainObject(value)) return value;
  check.fail(name, text, "a JSON object");
  return {};
}

/** Objects merge key by key; arrays and scalars from `over` replace those in `under`. */
export function deepMerge(
  under: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) {
    const existing = result[key];
    result[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return result;
}
