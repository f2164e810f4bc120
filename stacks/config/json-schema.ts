import { Checker } from "../core/checks";
import { ENCRYPTION_KEYS, ENCRYPTION_MODES } from "../core/encryption-settings";
import { settingsJsonSchema } from "../core/settings-schema";
import { STACK_IDS, stackDefinition } from "../registry";
import { CONTEXT_KEY } from "./load";
import { readProjectConfig, TOP_LEVEL_KEYS } from "./project-config";

type Schema = Record<string, unknown>;

/** The committed file editors read (cdktf.json names it in `$schema`); a test fails when it is stale. */
export const SCHEMA_FILE = "cdktf.schema.json";

/**
 * A JSON Schema of cdktf.json's `context.integrations`, derived from the readers themselves: every section
 * they read (with its known keys) and every default they give. Editors then complete setting names, show
 * defaults and underline unknown keys; the values' rules stay in the readers, which synth runs.
 */
export function integrationsJsonSchema(): Schema {
  const check = new Checker();
  // protectData's default depends on the environment: no single default to show.
  const { protectData: _dependsOnEnvironment, ...defaults } = readProjectConfig(
    {},
    check,
  ) as unknown as Record<string, unknown>;
  const sections = check.sectionsRead;

  const leaf = (value: unknown): Schema => {
    if (value === undefined) return {};
    if (value === null) return { default: null };
    const type = Array.isArray(value) ? "array" : typeof value;
    return { type: type === "bigint" ? "number" : type, default: value };
  };
  const section = (field: string, keys: readonly string[], values: unknown): Schema => ({
    type: "object",
    additionalProperties: false,
    properties: Object.fromEntries(
      keys.map((key) => {
        const path = `${field}.${key}`;
        const value = (values as Record<string, unknown> | undefined)?.[key];
        const known = sections.get(path);
        return [key, known ? section(path, known, value) : key === "encryption" ? encryption : leaf(value)];
      }),
    ),
  });
  const stringMap: Schema = { $ref: "#/$defs/stringMap" };
  const encryption: Schema = { $ref: "#/$defs/encryption" };
  const encryptionSchema: Schema = {
    type: "object",
    additionalProperties: false,
    required: ["mode"],
    properties: Object.fromEntries(
      ENCRYPTION_KEYS.map((key) => [key, key === "mode" ? { enum: [...ENCRYPTION_MODES] } : {}]),
    ),
  };
  const stacks = section(
    "stacks",
    STACK_IDS.map((id) => id),
    defaults.stacks,
  ) as { properties: Record<string, Schema> };
  // A stack on zod gives its own section (with each value's rules); every section may also hold its own
  // `encryption` override.
  for (const id of STACK_IDS) {
    const { settings } = stackDefinition(id);
    if (settings !== undefined) stacks.properties[id] = settingsJsonSchema(settings);
    const own = stacks.properties[id] as { properties: Record<string, Schema> };
    own.properties.encryption = encryption;
  }
  const special: Record<string, Schema> = {
    tags: stringMap,
    imports: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(STACK_IDS.map((id) => [id, stringMap])),
    },
    encryption,
    stacks,
    environments: { type: "object", additionalProperties: { $ref: "#/$defs/layer" } },
  };
  const property = (key: string): Schema =>
    special[key] ??
    (sections.has(key) ? section(key, sections.get(key) ?? [], defaults[key]) : leaf(defaults[key]));
  const properties = (keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, property(key)]));
  const layerKeys = TOP_LEVEL_KEYS.filter((key) => key !== "environment" && key !== "environments");
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "cdktf.json of cdktf-event-integrations (generated: npm run schema)",
    type: "object",
    properties: {
      context: { type: "object", properties: { [CONTEXT_KEY]: { $ref: "#/$defs/integrations" } } },
    },
    // An environment's section (a layer) holds every setting but environment and environments.
    $defs: {
      integrations: {
        $ref: "#/$defs/settings",
        properties: properties(["environment", "environments"]),
        unevaluatedProperties: false,
      },
      layer: { $ref: "#/$defs/settings", unevaluatedProperties: false },
      settings: { type: "object", properties: properties(layerKeys) },
      encryption: encryptionSchema,
      stringMap: { type: "object", additionalProperties: { type: "string" } },
    },
  };
}

/** The file's text: stable key order and a final newline, so a regenerated file diffs cleanly. */
export function integrationsJsonSchemaText(): string {
  return `${JSON.stringify(integrationsJsonSchema(), null, 2)}\n`;
}
