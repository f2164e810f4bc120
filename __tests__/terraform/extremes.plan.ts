import { STACK_IDS } from "../../stacks/registry";
import { LARGEST, SMALLEST } from "../support/extremes";
import { testConfig } from "../support/synth";
import { createOnlyGroup } from "./plan-groups";

// The offline plans of limits-extremes.test.ts: every stack with every optional feature on and the largest
// allowed value of every setting, and with the smallest, must pass a real offline terraform plan (a setting
// that passes validation must produce Terraform that AWS accepts). Planned in terraform/offline-plan.test.ts
// with the other offline plans: one Terraform start fewer than a plan of their own, and never two large
// plans (and their provider processes) at once in the suite's workers. limits-extremes.test.ts checks
// the same configurations synthesize with no baseline or limit finding.
export const EXTREMES_PLAN_GROUP = createOnlyGroup(
  "terraform: the extreme configurations plan offline",
  "%s: every stack plans every resource as a create",
  { largest: () => testConfig(LARGEST), smallest: () => testConfig(SMALLEST) },
  STACK_IDS,
);
