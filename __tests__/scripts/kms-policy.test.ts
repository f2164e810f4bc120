import { keyPolicyFor } from "../../scripts/lib/kms-policy";
import { testConfig } from "../support/synth";

const KEY = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

describe("npm run kms:policy", () => {
  test("for an existing key: EventBridge for the stack's rule, and the stack's role through Kinesis only", () => {
    const config = testConfig({
      stacks: { "ec2-state-to-kinesis": { encryption: { mode: "customer", kmsKeyArn: KEY } } },
    });
    expect(keyPolicyFor(config, "ec2-state-to-kinesis")).toEqual([
      {
        Sid: "SendToRuleDlq",
        Effect: "Allow",
        Principal: { Service: ["events.amazonaws.com"] },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: {
          ArnEquals: {
            "aws:SourceArn": ["arn:aws:events:us-east-1:111122223333:rule/integ-dev-ec2-state-changes"],
          },
        },
      },
      {
        Sid: "EncryptWithStreamKeyIntegDevEc2StateToKinesis",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111122223333:role/integ-dev-ec2-state-to-kinesis"] },
        Action: ["kms:GenerateDataKey"],
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": ["kinesis.us-east-1.amazonaws.com"] } },
      },
    ]);
  });

  test("a created key or AWS managed keys have no policy to add, and it says why", () => {
    const created = testConfig({
      stacks: { "state-backend": { encryption: { mode: "customer", createKey: true } } },
    });
    expect(() => keyPolicyFor(created, "state-backend")).toThrow("writes its key policy itself");
    expect(() => keyPolicyFor(testConfig(), "state-backend")).toThrow('encryption mode "aws-managed"');
  });
});
