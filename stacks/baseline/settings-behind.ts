import type { TerraformElement, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";
import { addressOf } from "./suppress";

const METADATA_TYPE = "integrations:settings-behind";

/**
 * Records which configuration settings a resource's sized values are built from, so a limit finding on it
 * (a pattern too long, environment variables too large) names the settings to change instead of the resource.
 */
export function settingsBehind(resource: TerraformResource, fields: readonly string[]): void {
  resource.node.addMetadata(METADATA_TYPE, [...fields]);
}

/** Terraform address → the settings recorded with settingsBehind, for every resource under `root`. */
export function collectSettingsBehind(
  root: IConstruct,
  logicalId: (element: TerraformElement) => string,
): Map<string, readonly string[]> {
  const found = new Map<string, readonly string[]>();
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== METADATA_TYPE) continue;
      const address = addressOf(node, logicalId, "settingsBehind records");
      found.set(address, [...(found.get(address) ?? []), ...(entry.data as string[])]);
    }
  }
  return found;
}
