import {
  EC2_INSTANCE_STATES,
  ec2StateChange,
  RDS_CREATION_EVENTS,
  rdsCreateDbInstanceFailed,
  rdsModifyDbInstance,
} from "../fixtures/events";
import { assertValidPattern, matchesEventPattern } from "../support/event-pattern";
import { resource, synthesize, type TerraformJson, testConfig } from "../support/synth";

// Synthesized rule patterns against AWS-shaped events: each rule receives exactly what it should.

function rulePattern(stack: TerraformJson, name = "rule"): string {
  const pattern = resource(stack, "aws_cloudwatch_event_rule", name).event_pattern as string;
  assertValidPattern(pattern);
  return pattern;
}

describe("ec2-state-to-kinesis rule", () => {
  const synthesized = synthesize({ stacks: ["ec2-state-to-kinesis"] });
  const pattern = rulePattern(synthesized.json("ec2-state-to-kinesis"));

  test.each(EC2_INSTANCE_STATES.map((state) => [state, state === "running" || state === "stopped"]))(
    "a %s notification matches: %s",
    (state, expected) => {
      expect(matchesEventPattern(pattern, ec2StateChange(state))).toBe(expected);
    },
  );

  test("an RDS event does not match", () => {
    expect(matchesEventPattern(pattern, RDS_CREATION_EVENTS.CreateDBInstance)).toBe(false);
  });

  test("an instance-id list lets only those instances through", () => {
    const config = testConfig({
      stacks: { "ec2-state-to-kinesis": { instanceIds: ["i-0123456789abcdef0"] } },
    });
    const narrowed = rulePattern(
      synthesize({ stacks: ["ec2-state-to-kinesis"], config }).json("ec2-state-to-kinesis"),
    );
    expect(matchesEventPattern(narrowed, ec2StateChange("running", "i-0123456789abcdef0"))).toBe(true);
    expect(matchesEventPattern(narrowed, ec2StateChange("running", "i-0fedcba9876543210"))).toBe(false);
  });
});

describe("rds-autotag rule", () => {
  const pattern = rulePattern(synthesize({ stacks: ["rds-autotag"] }).json("rds-autotag"));

  test.each(Object.keys(RDS_CREATION_EVENTS))("a successful %s matches", (name) => {
    expect(matchesEventPattern(pattern, RDS_CREATION_EVENTS[name as keyof typeof RDS_CREATION_EVENTS])).toBe(
      true,
    );
  });

  test("a failed CreateDBInstance (errorCode, null responseElements) does not match", () => {
    expect(matchesEventPattern(pattern, rdsCreateDbInstanceFailed)).toBe(false);
  });

  test("other RDS calls and other services do not match", () => {
    expect(matchesEventPattern(pattern, rdsModifyDbInstance)).toBe(false);
    expect(matchesEventPattern(pattern, ec2StateChange("running"))).toBe(false);
  });
});
