import { loadConfig } from "../../stacks/config/load";
import { ConfigError } from "../../stacks/core/errors";
import { testConfig } from "../support/test-config";

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((p) => `${p.field} | ${JSON.stringify(p.value)}`);
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("configuration sources and precedence", () => {
  test("the shipped cdktf.json gives a complete dev configuration with local state", () => {
    const config = testConfig();
    expect(config).toMatchObject({
      environment: "dev",
      region: "us-east-1",
      prefix: "integ",
      tags: {},
      backend: { type: "local" },
      logRetentionDays: 30,
    });
    expect(config.accountId).toBeUndefined();
    expect(config.stacks["ec2-state-to-kinesis"]).toMatchObject({
      streamMode: "ON_DEMAND",
      states: ["running", "stopped"],
    });
  });

  test("environment variables override cdktf.json, and INTEGRATIONS_CONFIG overrides both", () => {
    const config = loadConfig({
      context: { region: "eu-west-1", prefix: "ctx" },
      env: {
        INTEGRATIONS_REGION: "eu-central-1",
        INTEGRATIONS_PREFIX: "fromenv",
        INTEGRATIONS_CONFIG: JSON.stringify({ prefix: "fromjson" }),
      },
    });
    expect(config.region).toBe("eu-central-1");
    expect(config.prefix).toBe("fromjson");
  });

  test("--env beats INTEGRATIONS_ENV, which beats cdktf.json, and selects that environment's settings", () => {
    const context = {
      environment: "dev",
      environments: { dev: {}, prod: { region: "eu-west-1", accountId: "111122223333" } },
    };
    expect(loadConfig({ context, env: { INTEGRATIONS_ENV: "prod" } }).region).toBe("eu-west-1");
    const config = loadConfig({ context, env: { INTEGRATIONS_ENV: "dev" }, argv: ["--env", "prod"] });
    expect(config).toMatchObject({ environment: "prod", region: "eu-west-1", accountId: "111122223333" });
  });

  test("an environment that is not declared fails, listing the declared ones", () => {
    const context = { environments: { dev: {}, prod: {} } };
    expect(() => loadConfig({ context, argv: ["--env", "prd"] })).toThrow(
      /environment = "prd": one of .*dev, prod/,
    );
  });

  test("stack settings merge deeply across layers", () => {
    const config = loadConfig({
      context: { stacks: { "ec2-state-to-kinesis": { retentionHours: 48, states: ["running"] } } },
      env: {
        INTEGRATIONS_CONFIG: JSON.stringify({ stacks: { "ec2-state-to-kinesis": { retentionHours: 72 } } }),
      },
    });
    expect(config.stacks["ec2-state-to-kinesis"]).toMatchObject({ retentionHours: 72, states: ["running"] });
  });

  test("INTEGRATIONS_STATE_BUCKET switches to the S3 backend", () => {
    const config = loadConfig({
      context: {},
      env: { INTEGRATIONS_STATE_BUCKET: "acme-tf-state", INTEGRATIONS_STATE_REGION: "eu-west-1" },
    });
    expect(config.backend).toEqual({
      type: "s3",
      bucket: "acme-tf-state",
      region: "eu-west-1",
      keyPrefix: "cdktf-event-integrations",
      kmsKeyId: undefined,
    });
  });
});

describe("bad input names the field, the value and what is allowed", () => {
  test.each([
    [{ region: "us-east1" }, 'region | "us-east1"', /an AWS region code/],
    [{ region: "mars-north-1" }, 'region | "mars-north-1"', /an AWS region code/],
    [{ prefix: "Integ" }, 'prefix | "Integ"', /lowercase letters/],
    [{ prefix: "a-prefix-that-is-far-too-long" }, "prefix", /2 to 20 characters/],
    [{ environment: "prod_1" }, 'environment | "prod_1"', /lowercase letters, digits and hyphens/],
    [{ accountId: "12345" }, 'accountId | "12345"', /12-digit AWS account id/],
    [{ accountId: 123456789012 }, "accountId | 123456789012", /as a string/],
    [{ tags: { "aws:owner": "me" } }, 'tags key "aws:owner"', /not starting with aws:/],
    [
      { tags: { environment: "production" } },
      'tags.environment | "production"',
      /every stack sets those tags itself/,
    ],
    [
      { tags: { stack: "web" } },
      'tags.stack | "web"',
      /a key other than project, environment, stack, managed-by/,
    ],
    [{ logRetentionDays: 45 }, "logRetentionDays | 45", /one of CloudWatch Logs' retention periods/],
    [{ alarmTopicArn: "ops-alerts" }, 'alarmTopicArn | "ops-alerts"', /an SNS topic ARN/],
    [{ backend: { type: "s3" } }, "backend.bucket | undefined", /required/],
    [{ backend: { type: "gcs" } }, 'backend.type | "gcs"', /one of "local", "s3"/],
    [{ regoin: "us-east-1" }, 'integrations.regoin | "us-east-1"', /unknown setting; known settings are/],
    [
      { stacks: { "ec2-state-to-kinesis": { retentionHours: 10000 } } },
      "stacks.ec2-state-to-kinesis.retentionHours | 10000",
      /a whole number from 24 to 8760/,
    ],
    [
      { stacks: { "ec2-state-to-kinesis": { shardCount: 2 } } },
      "stacks.ec2-state-to-kinesis.shardCount | 2",
      /only used with streamMode "PROVISIONED"/,
    ],
    [
      { stacks: { "ec2-state-to-kinesis": { states: ["running", "rebooting"] } } },
      'stacks.ec2-state-to-kinesis.states[1] | "rebooting"',
      /an EC2 instance state/,
    ],
    [
      { stacks: { "ec2-state-to-kinesis": { instanceIds: ["i-123"] } } },
      'stacks.ec2-state-to-kinesis.instanceIds[0] | "i-123"',
      /an EC2 instance id/,
    ],
    [
      { stacks: { "ec2-state-to-kinesis": { delivery: { maximumRetryAttempts: 200 } } } },
      "stacks.ec2-state-to-kinesis.delivery.maximumRetryAttempts | 200",
      /from 0 to 185/,
    ],
    [
      { stacks: { "ec2-state-to-kinesis": { kmsKeyId: "my-key" } } },
      'stacks.ec2-state-to-kinesis.kmsKeyId | "my-key"',
      /KMS/,
    ],
  ])("%j", (context, problem, allowed) => {
    const run = () => loadConfig({ context });
    expect(problemsOf(run)).toContainEqual(expect.stringContaining(problem));
    expect(run).toThrow(allowed);
  });

  test("every environment but dev must be pinned to an account", () => {
    expect(() => loadConfig({ context: { environment: "prod" } })).toThrow(
      /accountId = \(missing\): required for environment "prod"/,
    );
    expect(loadConfig({ context: { environment: "prod", accountId: "111122223333" } }).protectData).toBe(
      true,
    );
    expect(loadConfig({ context: {} }).protectData).toBe(false);
  });

  test("imports name a known stack and a resource address", () => {
    expect(() => loadConfig({ context: { imports: { "no-such-stack": {} } } })).toThrow(
      /imports.no-such-stack/,
    );
    expect(() => loadConfig({ context: { imports: { "rds-autotag": { "not an address": "x" } } } })).toThrow(
      /a resource address of the stack/,
    );
  });

  test("every problem is reported at once", () => {
    const problems = problemsOf(() =>
      loadConfig({ context: { region: "nowhere", prefix: "X", accountId: "1" } }),
    );
    expect(problems).toHaveLength(3);
  });

  test("malformed JSON in variables is reported with the variable name", () => {
    expect(() => loadConfig({ context: {}, env: { INTEGRATIONS_TAGS: "team=platform" } })).toThrow(
      /INTEGRATIONS_TAGS = "team=platform": a JSON object/,
    );
  });
});

describe("the environments shipped in cdktf.json", () => {
  test("dev synthesizes as is; staging and prod ask for their account first", () => {
    expect(testConfig().environment).toBe("dev");
    expect(() => testConfig({}, { INTEGRATIONS_ENV: "prod" })).toThrow(
      /accountId = \(missing\): required for environment "prod"/,
    );
    expect(testConfig({ accountId: "111122223333" }, { INTEGRATIONS_ENV: "prod" })).toMatchObject({
      environment: "prod",
      logRetentionDays: 365,
      protectData: true,
    });
  });
});

test("null unsets an optional setting, so an environment's section can drop what cdktf.json gives", () => {
  const config = loadConfig({
    context: {
      alarmTopicArn: "arn:aws:sns:us-east-1:111122223333:ops",
      stacks: { "state-backend": { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k1" } },
      environments: {
        dev: { alarmTopicArn: null, stacks: { "state-backend": { kmsKeyArn: null } } },
      },
    },
    argv: ["--env", "dev"],
  });
  expect(config.alarmTopicArn).toBeUndefined();
  expect(config.stacks["state-backend"].kmsKeyArn).toBeUndefined();
});
