import * as path from "node:path";
import { STACK_IDS } from "../../stacks/registry";
import { LARGEST, SMALLEST } from "../support/extremes";
import { synthesize, testConfig } from "../support/synth";
import { type OfflinePlanGroup, resourceCount } from "./plan-groups";

// The offline plans of limits-extremes.test.ts: every stack with every optional feature on and the largest
// allowed value of every setting, and with the smallest, must pass a real offline terraform plan (a setting
// that passes validation must produce Terraform that AWS accepts). Planned in terraform/offline-plan.test.ts
// with the other offline plans: one Terraform start fewer than a plan of their own, and never two large
// plans (and their provider processes) at once in the suite's two workers. limits-extremes.test.ts checks
// the same configurations synthesize with no baseline or limit finding.

const VARIANTS = { largest: LARGEST, smallest: SMALLEST } as const;
const NAME = "terraform: the extreme configurations plan offline";

export const EXTREMES_PLAN_GROUP: OfflinePlanGroup = (() => {
  const resources = new Map<string, number>();
  return {
    name: NAME,
    jobs(root) {
      return Object.entries(VARIANTS).flatMap(([variant, settings]) => {
        const outdir = path.join(root, variant, "cdktf.out");
        const app = synthesize({ outdir, offline: true, config: testConfig(settings) });
        return STACK_IDS.map((id) => {
          resources.set(`${variant}/${id}`, resourceCount(app.json(id)));
          return { key: `${variant}/${id}`, stackDir: path.join(outdir, "stacks", id) };
        });
      });
    },
    tests(result) {
      describe(NAME, () => {
        test.each(Object.keys(VARIANTS).flatMap((v) => STACK_IDS.map((id) => [v, id] as const)))(
          "%s: %s plans every resource as a create",
          (variant, id) => {
            const key = `${variant}/${id}`;
            expect(resources.get(key)).toBeGreaterThan(0);
            expect(result(key)?.summary).toMatchObject({
              add: resources.get(key),
              change: 0,
              destroy: 0,
            });
          },
        );
      });
    },
  };
})();
