import { TerraformDataSource, type TerraformElement, TerraformResource } from "cdktf";
import type { IConstruct } from "constructs";

const METADATA_TYPE = "integrations:baseline-suppression";
/** Short reasons ("not needed") explain nothing to a reviewer. */
export const MIN_REASON_LENGTH = 20;

export interface Suppression {
  readonly address: string;
  readonly ruleId: string;
  readonly reason: string;
}

/**
 * Accepts one baseline rule's finding on one resource, with the reason a reviewer needs.
 * Suppressions are listed by `npm run audit`; an unused one fails synthesis (it hides nothing
 * any more and should be removed).
 */
export function suppressBaseline(
  element: TerraformResource | TerraformDataSource,
  ruleId: string,
  reason: string,
): void {
  element.node.addMetadata(METADATA_TYPE, { ruleId, reason });
}

/** Every suppression under `root`, with the Terraform address it applies to. */
export function collectSuppressions(
  root: IConstruct,
  logicalId: (element: TerraformElement) => string,
): Suppression[] {
  const suppressions: Suppression[] = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== METADATA_TYPE) continue;
      const { ruleId, reason } = entry.data as { ruleId: string; reason: string };
      suppressions.push({ address: addressOf(node, logicalId, "Baseline suppressions"), ruleId, reason });
    }
  }
  return suppressions;
}

/** The Terraform address of a resource or data source construct. */
export function addressOf(
  node: IConstruct,
  logicalId: (element: TerraformElement) => string,
  what: string,
): string {
  const prefix =
    node instanceof TerraformDataSource
      ? `data.${node.terraformResourceType}`
      : node instanceof TerraformResource
        ? node.terraformResourceType
        : undefined;
  if (!prefix) throw new Error(`${what} apply to resources and data sources, not ${node.node.path}`);
  return `${prefix}.${logicalId(node as TerraformElement)}`;
}
