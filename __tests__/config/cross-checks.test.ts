import { loadConfig } from "../../stacks/config/load";
import { ConfigError } from "../../stacks/core/errors";

// Settings AWS would only refuse at apply time (or accept, then fail at run time) are refused at synth,
// naming the field, the value and the rule.

const KEY = (region: string) => `arn:aws:kms:${region}:123456789012:key/0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10`;

function problems(context: Record<string, unknown>): { field: string; value: unknown; allowed: string }[] {
  try {
    loadConfig({ context });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  return [];
}

const ec2 = (settings: Record<string, unknown>) => ({ stacks: { "ec2-state-to-kinesis": settings } });

describe("KMS keys that IAM can grant", () => {
  test.each([
    ["a customer alias", "alias/team-cmk"],
    ["an alias ARN", "arn:aws:kms:us-east-1:123456789012:alias/team-cmk"],
    ["a bare key id", "0b4c6b2e-58f4-4a4b-9c1e-2f6e1c1d8a10"],
  ])(
    "ec2-state-to-kinesis.kmsKeyId refuses %s: the EventBridge role's grant would match nothing",
    (_, key) => {
      expect(problems(ec2({ kmsKeyId: key }))).toEqual([
        {
          field: "stacks.ec2-state-to-kinesis.kmsKeyId",
          value: key,
          allowed: expect.stringMatching(/"alias\/aws\/kinesis".*key ARN.*IAM never matches an alias/),
        },
      ]);
    },
  );

  test.each(["alias/aws/kinesis", KEY("us-east-1")])("ec2-state-to-kinesis.kmsKeyId accepts %s", (key) => {
    expect(problems(ec2({ kmsKeyId: key }))).toEqual([]);
  });

  test("state-backend.kmsKeyArn is a key ARN, not an alias", () => {
    expect(problems({ stacks: { "state-backend": { kmsKeyArn: "alias/state" } } })).toEqual([
      expect.objectContaining({ field: "stacks.state-backend.kmsKeyArn", value: "alias/state" }),
    ]);
  });

  test.each([
    ["stacks.ec2-state-to-kinesis.kmsKeyId", ec2({ kmsKeyId: KEY("eu-west-1") })],
    ["stacks.state-backend.kmsKeyArn", { stacks: { "state-backend": { kmsKeyArn: KEY("eu-west-1") } } }],
    [
      "stacks.event-rule-targets.stateMachine.kmsKeyArn",
      { stacks: { "event-rule-targets": { stateMachine: { kmsKeyArn: KEY("eu-west-1") } } } },
    ],
    [
      "stacks.api-firehose-s3.existingBucketKmsKeyArn",
      {
        stacks: {
          "api-firehose-s3": {
            existingBucketName: "team-records",
            existingBucketKmsKeyArn: KEY("eu-west-1"),
          },
        },
      },
    ],
  ])("%s must be a key of the stack's region", (field, context) => {
    expect(problems(context)).toEqual([
      {
        field,
        value: KEY("eu-west-1"),
        allowed: expect.stringMatching(/^a KMS key in us-east-1: KMS keys are regional/),
      },
    ]);
  });

  test("backend.kmsKeyId must be in the state bucket's region, not the stacks'", () => {
    const backend = { type: "s3", bucket: "team-state", region: "eu-west-1" };
    expect(problems({ backend: { ...backend, kmsKeyId: KEY("eu-west-1") } })).toEqual([]);
    expect(problems({ backend: { ...backend, kmsKeyId: KEY("us-east-1") } })).toEqual([
      expect.objectContaining({ field: "backend.kmsKeyId", allowed: expect.stringMatching(/in eu-west-1/) }),
    ]);
  });
});

describe("resources in the stack's region and account", () => {
  test("alarmTopicArn: CloudWatch alarms notify topics of their own region only", () => {
    expect(problems({ alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:ops" })).toEqual([
      expect.objectContaining({
        field: "alarmTopicArn",
        allowed: expect.stringMatching(/an SNS topic in us-east-1/),
      }),
    ]);
  });

  test("existingStreamArn must belong to the pinned account", () => {
    const stream = "arn:aws:kinesis:us-east-1:999999999999:stream/events";
    expect(problems({ accountId: "123456789012", ...ec2({ existingStreamArn: stream }) })).toEqual([
      expect.objectContaining({ field: "stacks.ec2-state-to-kinesis.existingStreamArn", value: stream }),
    ]);
    expect(problems({ accountId: "999999999999", ...ec2({ existingStreamArn: stream }) })).toEqual([]);
  });
});

describe("forceDestroy is a dev-only setting", () => {
  const trail = { createTrail: true, trail: { forceDestroy: true } };
  test.each([
    ["stacks.api-firehose-s3.forceDestroy", { "api-firehose-s3": { forceDestroy: true } }],
    ["stacks.rds-autotag.trail.forceDestroy", { "rds-autotag": trail }],
  ])("%s is refused outside dev and allowed in dev", (field, stacks) => {
    expect(problems({ stacks })).toEqual([]);
    expect(problems({ environment: "staging", accountId: "123456789012", stacks })).toEqual([
      {
        field,
        value: true,
        allowed: expect.stringMatching(/^only allowed in environment "dev" \(this is "staging"\)/),
      },
    ]);
  });

  test("trail settings without createTrail are refused, not ignored", () => {
    expect(problems({ stacks: { "rds-autotag": { trail: { logExpirationDays: 90 } } } })).toEqual([
      expect.objectContaining({
        field: "stacks.rds-autotag.trail",
        allowed: expect.stringMatching(/createTrail/),
      }),
    ]);
  });

  test("trail.logExpirationDays: 365 by default, null keeps logs, 0 is refused", () => {
    const read = (trailSettings?: Record<string, unknown>) =>
      loadConfig({ context: { stacks: { "rds-autotag": { createTrail: true, trail: trailSettings } } } })
        .stacks["rds-autotag"].trail;
    expect(read()).toEqual({ logExpirationDays: 365, forceDestroy: false });
    expect(read({ logExpirationDays: null }).logExpirationDays).toBeNull();
    expect(
      problems({ stacks: { "rds-autotag": { createTrail: true, trail: { logExpirationDays: 0 } } } }),
    ).toEqual([expect.objectContaining({ field: "stacks.rds-autotag.trail.logExpirationDays", value: 0 })]);
  });
});
