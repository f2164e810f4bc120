import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SfnStateMachine } from "@cdktf/provider-aws/lib/sfn-state-machine";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { buildApp, synthesizeApp } from "../../stacks/app";
import { BaselineError } from "../../stacks/baseline/audit";
import { EVENT_PATTERN_MAX_CHARACTERS, PIPE_FILTER_MAX_CHARACTERS } from "../../stacks/baseline/rules/limits";
import { testConfig } from "../support/synth";
import { filesUnder, findingsOf, goodServiceRole, KEY_ARN } from "./fixtures";
import { ALIAS_ARN, encryptedStream, filteredPipe, keyGrant } from "./limit-fixtures";

/** A rule whose pattern is exactly `length` characters. */
const ruleOfLength =
  (length: number) => (s: Parameters<typeof findingsOf>[0] extends (x: infer T) => void ? T : never) => {
    const base = JSON.stringify({ source: [""] });
    new CloudwatchEventRule(s, "rule", {
      name: "fixture",
      eventPattern: JSON.stringify({ source: ["x".repeat(length - base.length)] }),
    });
  };

describe("LIM-EVENT-PATTERN-SIZE", () => {
  test("2,048 characters pass, 2,049 fail, with the size and the quota", () => {
    expect(findingsOf(ruleOfLength(EVENT_PATTERN_MAX_CHARACTERS), "LIM-EVENT-PATTERN-SIZE")).toEqual([]);
    const [finding] = findingsOf(ruleOfLength(EVENT_PATTERN_MAX_CHARACTERS + 1), "LIM-EVENT-PATTERN-SIZE");
    expect(finding?.problem).toContain("2,049 characters; EventBridge refuses patterns over 2,048");
  });

  test("pipe filters: 4,096 characters each, at most 5", () => {
    const base = JSON.stringify({ eventName: [""] }).length;
    const pattern = (length: number) => JSON.stringify({ eventName: ["x".repeat(length - base)] });
    expect(
      findingsOf((s) => filteredPipe(s, [pattern(PIPE_FILTER_MAX_CHARACTERS)]), "LIM-EVENT-PATTERN-SIZE"),
    ).toEqual([]);
    expect(
      findingsOf(
        (s) => filteredPipe(s, [pattern(100), pattern(PIPE_FILTER_MAX_CHARACTERS + 1)]),
        "LIM-EVENT-PATTERN-SIZE",
      ).map((f) => f.problem),
    ).toEqual(["filter 2 is 4,097 characters; Pipes refuses filter patterns over 4,096"]);
    expect(
      findingsOf((s) => filteredPipe(s, Array(6).fill(pattern(30))), "LIM-EVENT-PATTERN-SIZE"),
    ).toHaveLength(1);
  });
});

describe("LIM-KMS-KEY-ARN", () => {
  test("an IAM grant on an alias ARN is flagged; on the key ARN it passes", () => {
    expect(findingsOf((s) => keyGrant(s, ALIAS_ARN), "LIM-KMS-KEY-ARN").map((f) => f.problem)).toEqual([
      expect.stringContaining("IAM never matches an alias ARN"),
    ]);
    expect(findingsOf((s) => keyGrant(s, KEY_ARN), "LIM-KMS-KEY-ARN")).toEqual([]);
  });

  test("AWS managed aliases (alias/aws/<service>) pass: their key policy grants the account through the service", () => {
    expect(findingsOf((s) => encryptedStream(s, "alias/aws/kinesis"), "LIM-KMS-KEY-ARN")).toEqual([]);
  });
});

describe("LIM-SAME-REGION", () => {
  test("a KMS key of another region is flagged on the resource that uses it", () => {
    const key = KEY_ARN.replace("us-east-1", "eu-west-1");
    expect(findingsOf((s) => encryptedStream(s, key), "LIM-SAME-REGION").map((f) => f.problem)).toEqual([
      expect.stringContaining("in region eu-west-1, not the stack's us-east-1: KMS keys are regional"),
    ]);
  });
});

describe("LIM-ROLE-POLICIES-FIRST", () => {
  test("an order through another resource's depends_on (a wait for IAM propagation) counts", () => {
    const build = (s: Parameters<Parameters<typeof findingsOf>[0]>[0]) => {
      const role = goodServiceRole(s);
      const wait = new SqsQueue(s, "stand-in-for-a-wait", { name: "wait", dependsOn: [role.policy] });
      new SfnStateMachine(s, "machine", {
        name: "fixture",
        roleArn: role.arn,
        definition: JSON.stringify({ StartAt: "Done", States: { Done: { Type: "Succeed" } } }),
        dependsOn: [wait],
      });
    };
    expect(findingsOf(build, "LIM-ROLE-POLICIES-FIRST")).toEqual([]);
  });
});

describe("LIM-NAMES-AND-RANGES", () => {
  test.each([
    ["xn--integ-dev-records", false],
    ["sthree-integ-dev", false],
    ["integ-dev-records-s3alias", false],
    ["integ-dev-records-123456789012-us-east-1", true],
  ])("bucket name %s: valid %s", (bucket, valid) => {
    expect(
      findingsOf((s) => void new S3Bucket(s, "bucket", { bucket }), "LIM-NAMES-AND-RANGES"),
    ).toHaveLength(valid ? 0 : 1);
  });

  test.each([
    ["integ--dev-management-events", false],
    ["integ-dev-management-events", true],
  ])("CloudTrail name %s (no two separators in a row): valid %s", (name, valid) => {
    const trail = (s: Parameters<Parameters<typeof findingsOf>[0]>[0]) =>
      void new Cloudtrail(s, "trail", { name, s3BucketName: "logs" });
    expect(findingsOf(trail, "LIM-NAMES-AND-RANGES")).toHaveLength(valid ? 0 : 1);
  });

  test("IAM role descriptions refuse characters outside Latin-1", () => {
    const role = (description: string) => (s: Parameters<Parameters<typeof findingsOf>[0]>[0]) =>
      void new IamRole(s, "role", { name: "fixture", assumeRolePolicy: "${data.x.json}", description });
    expect(findingsOf(role("Écrit des journaux"), "LIM-NAMES-AND-RANGES")).toEqual([]);
    expect(findingsOf(role("Writes logs → S3"), "LIM-NAMES-AND-RANGES")).toHaveLength(1);
  });
});

describe("real stacks: a limit finding names the settings to change, and nothing is written", () => {
  const synthFails = (overrides: Record<string, unknown>) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "limits-"));
    try {
      synthesizeApp(buildApp(testConfig(overrides), { outdir, offline: true }));
    } catch (error) {
      expect(filesUnder(outdir)).toEqual([]);
      return error;
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    throw new Error("expected synthesis to fail");
  };

  test("100 instanceIds (allowed one by one) make a pattern EventBridge refuses", () => {
    const instanceIds = Array.from({ length: 100 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    const error = synthFails({ stacks: { "ec2-state-to-kinesis": { instanceIds } } });
    expect(error).toBeInstanceOf(BaselineError);
    expect((error as Error).message).toMatch(
      /ec2-state-to-kinesis aws_cloudwatch_event_rule.rule \[LIM-EVENT-PATTERN-SIZE\] its event pattern is 2,\d{3} characters.*Fix: shorten stacks.ec2-state-to-kinesis.instanceIds/,
    );
  });

  test("ten long sources exceed the pattern size of both event-rule-targets rules", () => {
    const sources = Array.from({ length: 10 }, (_, i) => `com.example.${"orders".repeat(40)}${i}`);
    const message = (synthFails({ stacks: { "event-rule-targets": { sources } } }) as Error).message;
    expect(message).toContain("aws_cloudwatch_event_rule.state-machine-rule [LIM-EVENT-PATTERN-SIZE]");
    expect(message).toContain("aws_cloudwatch_event_rule.lambda-function-rule [LIM-EVENT-PATTERN-SIZE]");
    expect(message).toContain("Fix: shorten stacks.event-rule-targets.sources");
  });

  test("49 long static tags exceed Lambda's 4 KB of environment variables", () => {
    const staticTags = Object.fromEntries(
      Array.from({ length: 49 }, (_, i) => [`team-${i}-${"k".repeat(100)}`, "v".repeat(200)]),
    );
    const message = (synthFails({ stacks: { "rds-autotag": { staticTags } } }) as Error).message;
    expect(message).toMatch(
      /aws_lambda_function.autotag_function \[LIM-LAMBDA-ENV-SIZE\] its environment variables take [\d,]+ bytes; Lambda refuses more than 4,096/,
    );
    expect(message).toContain("Fix: shorten stacks.rds-autotag.staticTags");
  });
});
