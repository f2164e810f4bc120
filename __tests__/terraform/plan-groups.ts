import * as path from "node:path";
import type { OfflinePlanJob } from "../../scripts/lib/offline-plan-batch";
import type { OfflineStackResult } from "../../scripts/lib/offline-terraform";
import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import { synthesize, type TerraformJson } from "../support/synth";

// Offline plan checks of other test areas, planned in the one Terraform run of offline-plan.test.ts.
// A Terraform start costs seconds of CPU (the AWS provider's package hashed against the lock file, its
// schema loaded) and so does each distinct provider configuration; a stack's provider configuration
// depends on its id and the tags, not on most settings, so the stacks of these groups share the
// configurations of the default variant there, and add only their own resources to the plan.

export interface OfflinePlanGroup {
  /** The describe title of the group's tests; also prefixes its job keys in the shared batch. */
  readonly name: string;
  /** Synthesizes the group's stacks under `root` (a folder of its own) and returns their jobs. */
  jobs(root: string): OfflinePlanJob[];
  /** Registers the group's tests; `result(key)` is a job's result once the shared plan ran. */
  tests(result: (key: string) => OfflineStackResult | undefined): void;
}

/** The number of resources a synthesized stack declares. */
export function resourceCount(stack: TerraformJson): number {
  return Object.values(stack.resource ?? {}).reduce(
    (sum: number, byName) => sum + Object.keys(byName as object).length,
    0,
  );
}

/**
 * Each of `stacks`, synthesized with each of `configs`, must declare resources and plan every one of them
 * as a create: one test per configuration (`title` with %s for its name), every stack checked in it.
 */
export function createOnlyGroup(
  name: string,
  title: string,
  configs: Readonly<Record<string, () => ProjectConfig>>,
  stacks: readonly StackId[],
): OfflinePlanGroup {
  const resources = new Map<string, number>();
  return {
    name,
    jobs(root) {
      return Object.entries(configs).flatMap(([configName, config]) => {
        const outdir = path.join(root, configName.replace(/\W/g, "-"), "cdktf.out");
        const app = synthesize({ offline: true, outdir, config: config(), stacks });
        return stacks.map((id) => {
          resources.set(`${configName}/${id}`, resourceCount(app.json(id)));
          return { key: `${configName}/${id}`, stackDir: path.join(outdir, "stacks", id) };
        });
      });
    },
    tests(result) {
      describe(name, () => {
        test.each(Object.keys(configs))(title, (configName) => {
          for (const id of stacks) {
            const key = `${configName}/${id}`;
            const declared = resources.get(key) ?? 0;
            expect({ id, declaresResources: declared > 0, summary: result(key)?.summary }).toMatchObject({
              id,
              declaresResources: true,
              summary: { add: declared, change: 0, destroy: 0 },
            });
          }
        });
      });
    },
  };
}
