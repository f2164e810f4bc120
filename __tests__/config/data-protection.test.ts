import { resource, synthesize, testConfig } from "../support/synth";

// One setting decides data protection: protectData (true outside dev). The table's deletion protection follows
// it unless set on its own, so turning protection off for an environment is one setting, not two.
const STACK = "dynamodb-pipes-momento";

function table(overrides: Record<string, unknown>) {
  const config = testConfig(overrides);
  return {
    config,
    table: resource(synthesize({ config, stacks: [STACK] }).json(STACK), "aws_dynamodb_table", "table"),
  };
}

test("dev leaves data unprotected; protectData: true protects the table both ways", () => {
  expect(table({}).table).toMatchObject({ deletion_protection_enabled: false });
  const on = table({ protectData: true }).table;
  expect(on).toMatchObject({ deletion_protection_enabled: true, lifecycle: { prevent_destroy: true } });
});

test("deletionProtection on its own still wins over protectData", () => {
  const own = table({ protectData: true, stacks: { [STACK]: { deletionProtection: false } } }).table;
  expect(own).toMatchObject({ deletion_protection_enabled: false, lifecycle: { prevent_destroy: true } });
});

test("outside dev, protectData defaults to true", () => {
  expect(testConfig({ environment: "staging", accountId: "111122223333" }).protectData).toBe(true);
});
