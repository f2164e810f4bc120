import { testConfig } from "../support/synth";
import { createOnlyGroup, type OfflinePlanGroup } from "../terraform/plan-groups";
import {
  CUSTOMER_KEYS,
  EC2_AND_STATE_BACKEND,
  ec2AndStateBackendWithKey,
  MOMENTO,
  momentoWithKey,
  THREE_STACKS,
  threeStacksWithKey,
} from "./configs";

// The encryption tests' offline plans: each stack that takes a customer key, with the key it creates and
// with an existing one, plans every resource as a create. Planned with the other offline plans in
// terraform/offline-plan.test.ts (one Terraform start); the synthesized settings are checked in the
// test file named in each group.

const byKey = <T>(config: (encryption: Record<string, unknown>) => T) =>
  Object.fromEntries(
    Object.entries(CUSTOMER_KEYS).map(([name, encryption]) => [name, () => config(encryption)]),
  );

export const ENCRYPTION_PLAN_GROUPS: readonly OfflinePlanGroup[] = [
  // customer-key.test.ts
  createOnlyGroup(
    "offline terraform plan in customer mode",
    "%s: every stack that supports it plans every resource as a create",
    byKey((encryption) => testConfig(ec2AndStateBackendWithKey(encryption))),
    EC2_AND_STATE_BACKEND,
  ),
  // customer-key-stacks.test.ts
  createOnlyGroup(
    "offline terraform plan, customer mode",
    "%s: rds-autotag, api-firehose-s3 and event-rule-targets plan every resource as a create",
    byKey((encryption) => threeStacksWithKey(encryption)),
    THREE_STACKS,
  ),
  // dynamodb-pipes-momento.test.ts
  createOnlyGroup(
    "offline terraform plan of dynamodb-pipes-momento in customer mode",
    "%s: every resource plans as a create",
    byKey((encryption) => momentoWithKey(encryption)),
    [MOMENTO],
  ),
];
