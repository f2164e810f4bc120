import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { integrationsJsonSchemaText, SCHEMA_FILE } from "../../stacks/config/json-schema";
import { PROJECT_ROOT } from "../../stacks/core/paths";

// cdktf.schema.json lets editors complete and check cdktf.json; it is generated from the settings readers.
const committed = fs.readFileSync(path.join(PROJECT_ROOT, SCHEMA_FILE), "utf8");
const cdktfJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(committed));

function errorsOf(integrations: unknown): string[] {
  const ok = validate({ ...cdktfJson, context: { integrations } });
  return ok
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
}

test("the committed schema is what the readers give (run npm run schema after changing a setting)", () => {
  expect(committed).toBe(integrationsJsonSchemaText());
});

test("cdktf.json names the schema, and the shipped configuration conforms to it", () => {
  expect(cdktfJson.$schema).toBe(`./${SCHEMA_FILE}`);
  expect(errorsOf(cdktfJson.context.integrations)).toEqual([]);
});

test("a full configuration with every kind of section conforms", () => {
  const integrations = {
    environment: "prod",
    accountId: "111122223333",
    tags: { team: "platform" },
    backend: { type: "s3", bucket: "acme-state", keyPrefix: "team/integrations" },
    imports: { "rds-autotag": { "aws_sns_topic.x": "arn" } },
    encryption: { mode: "customer", createKey: true },
    environments: {
      prod: {
        logRetentionDays: 365,
        stacks: { "state-backend": { kmsKeyArn: "arn:aws:kms:us-east-1:111122223333:key/k1" } },
      },
    },
    stacks: {
      "ec2-state-to-kinesis": {
        retentionHours: 48,
        delivery: { maximumRetryAttempts: 3 },
        encryption: { mode: "aws-managed" },
      },
      "api-firehose-s3": {
        throttle: { rateLimit: 50 },
        alarms: { "api-5xx-rate": { threshold: 0.02, enabled: false } },
      },
    },
  };
  expect(errorsOf(integrations)).toEqual([]);
});

test.each([
  [{ regoin: "us-east-1" }, "regoin"],
  [{ environments: { staging: { logRetentionDay: 90 } } }, "logRetentionDay"],
  [{ environments: { staging: { environments: {} } } }, "environments"],
  [{ stacks: { "ec2-state-to-kinesys": {} } }, "ec2-state-to-kinesys"],
  [{ stacks: { "ec2-state-to-kinesis": { retentionHour: 48 } } }, "retentionHour"],
  [{ stacks: { "api-firehose-s3": { alarms: { "api-5xx-rate": { treshold: 2 } } } } }, "treshold"],
  [{ encryption: { mode: "customer", kmsKeyArn: "x", typo: 1 } }, "typo"],
])("editors underline the unknown key in %j", (integrations, key) => {
  expect(errorsOf(integrations).join("\n")).toContain(key);
});

test.each([
  [
    { stacks: { "state-backend": { noncurrentVersionExpirationDays: 0 } } },
    "noncurrentVersionExpirationDays",
  ],
  [{ stacks: { "ec2-state-to-kinesis": { streamMode: "ON_DEMAN" } } }, "streamMode"],
  [{ stacks: { "api-firehose-s3": { alarms: { "api-5xx-rate": { threshold: 2 } } } } }, "threshold"],
])(
  "editors underline the bad value in %j (the settings' zod schemas give the rules)",
  (integrations, key) => {
    expect(errorsOf(integrations).join("\n")).toContain(key);
  },
);
