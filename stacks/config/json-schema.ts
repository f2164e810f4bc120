import { commonSettings } from "../core/common-settings";
import { encryptionSettings } from "../core/encryption-settings";
import { settingsJsonSchema } from "../core/settings-schema";
import { STACK_IDS, stackDefinition } from "../registry";
import { CONTEXT_KEY } from "./load";
import { TOP_LEVEL_KEYS } from "./project-config";

type Schema = Record<string, unknown>;

/** The committed file editors read (cdktf.json names it in `$schema`); a test fails when it is stale. */
export const SCHEMA_FILE = "cdktf.schema.json";

/**
 * A JSON Schema of cdktf.json's `context.integrations`, from the settings' zod schemas (`z.toJSONSchema`): every
 * setting with its default and its rules, so editors complete names, show defaults and underline unknown keys
 * and bad values. Rules between settings (cross-checks, the backend's bucket default) stay with synth.
 */
export function integrationsJsonSchema(): Schema {
  const stringMap: Schema = { $ref: "#/$defs/stringMap" };
  const encryption: Schema = { $ref: "#/$defs/encryption" };
  // Each stack's section, which may also hold its own `encryption` override.
  const stack = (id: (typeof STACK_IDS)[number]): Schema => {
    const own = settingsJsonSchema(stackDefinition(id).settings) as { properties: Record<string, Schema> };
    own.properties.encryption = encryption;
    return own;
  };
  const special: Record<string, Schema> = {
    imports: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(STACK_IDS.map((id) => [id, stringMap])),
    },
    encryption,
    stacks: {
      type: "object",
      additionalProperties: false,
      properties: Object.fromEntries(STACK_IDS.map((id) => [id, stack(id)])),
    },
    environments: { type: "object", additionalProperties: { $ref: "#/$defs/layer" } },
  };
  const shape = commonSettings.shape as Record<string, Parameters<typeof settingsJsonSchema>[0]>;
  const properties = (keys: readonly string[]) =>
    Object.fromEntries(keys.map((key) => [key, special[key] ?? settingsJsonSchema(shape[key])]));
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
      encryption: settingsJsonSchema(encryptionSettings),
      stringMap: { type: "object", additionalProperties: { type: "string" } },
    },
  };
}

/** The file's text: stable key order and a final newline, so a regenerated file diffs cleanly. */
export function integrationsJsonSchemaText(): string {
  return `${JSON.stringify(integrationsJsonSchema(), null, 2)}\n`;
}
