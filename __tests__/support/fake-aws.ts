// Stands in for the aws CLI when the runbook test runs docs/operations.md's commands: an `aws` on the PATH that
// knows the operations those commands use with the parameters their APIs take (below), refuses anything else,
// records each call, and answers the few whose output the runbook reads.
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

/**
 * The aws CLI operations the runbook uses, each with every parameter its API takes (kebab-case),
 * from botocore's service models (aws-cli 1.45 / botocore 1.43: s3, kms, cloudwatch, sqs, stepfunctions, cloudtrail, pipes), and the required ones.
 * @see https://docs.aws.amazon.com/cli/latest/reference/s3api/list-object-versions.html
 * @see https://docs.aws.amazon.com/cli/latest/reference/kms/create-key.html
 */
const OPERATIONS: Record<string, { params: string[]; required: string[]; outfile?: boolean }> = {
  "s3api list-object-versions": {
    params: [
      "bucket",
      "delimiter",
      "encoding-type",
      "key-marker",
      "max-keys",
      "prefix",
      "version-id-marker",
      "expected-bucket-owner",
      "request-payer",
      "optional-object-attributes",
    ],
    required: ["bucket"],
  },
  "s3api get-object": {
    params: [
      "bucket",
      "key",
      "version-id",
      "range",
      "if-match",
      "expected-bucket-owner",
      "request-payer",
      "part-number",
    ],
    required: ["bucket", "key"],
    outfile: true,
  },
  "s3api delete-objects": {
    params: [
      "bucket",
      "delete",
      "mfa",
      "request-payer",
      "bypass-governance-retention",
      "expected-bucket-owner",
    ],
    required: ["bucket", "delete"],
  },
  "kms create-key": {
    params: [
      "policy",
      "description",
      "key-usage",
      "key-spec",
      "origin",
      "custom-key-store-id",
      "tags",
      "multi-region",
    ],
    required: [],
  },
  "kms enable-key-rotation": { params: ["key-id", "rotation-period-in-days"], required: ["key-id"] },
  "kms get-key-rotation-status": { params: ["key-id"], required: ["key-id"] },
  "kms disable-key": { params: ["key-id"], required: ["key-id"] },
  "kms enable-key": { params: ["key-id"], required: ["key-id"] },
  "kms create-alias": { params: ["alias-name", "target-key-id"], required: ["alias-name", "target-key-id"] },
  // CloudWatch, SQS, Step Functions and CloudTrail: the alarm entries of the runbook (§13).
  "cloudwatch describe-alarm-history": {
    params: [
      "alarm-name",
      "alarm-contributor-id",
      "alarm-types",
      "history-item-type",
      "start-date",
      "end-date",
      "max-records",
      "next-token",
      "scan-by",
    ],
    required: [],
  },
  "sqs receive-message": {
    params: [
      "queue-url",
      "attribute-names",
      "message-system-attribute-names",
      "message-attribute-names",
      "max-number-of-messages",
      "visibility-timeout",
      "wait-time-seconds",
      "receive-request-attempt-id",
    ],
    required: ["queue-url"],
  },
  "stepfunctions list-executions": {
    params: [
      "state-machine-arn",
      "status-filter",
      "max-results",
      "next-token",
      "map-run-arn",
      "redrive-filter",
    ],
    required: [],
  },
  "stepfunctions stop-execution": {
    params: ["execution-arn", "error", "cause"],
    required: ["execution-arn"],
  },
  "stepfunctions describe-execution": {
    params: ["execution-arn", "included-data"],
    required: ["execution-arn"],
  },
  "cloudtrail get-trail-status": { params: ["name"], required: ["name"] },
  "cloudtrail lookup-events": {
    params: ["lookup-attributes", "start-time", "end-time", "event-category", "max-results", "next-token"],
    required: [],
  },
  "pipes describe-pipe": { params: ["name"], required: ["name"] },
  "s3api get-bucket-policy": { params: ["bucket", "expected-bucket-owner"], required: ["bucket"] },
};
/** The CLI's own options that take a value. */
const GLOBAL = ["query", "output", "max-items", "page-size", "starting-token", "region", "profile"];

// Checks each call against OPERATIONS (exit 252 with the CLI's kind of message otherwise), checks
// that file:// arguments exist, and answers with AWS-shaped output: list-object-versions returns one
// version once per bucket, then none, so an emptying loop ends.
const FAKE_SOURCE = `#!/usr/bin/env node
const fs = require("fs"), path = require("path");
const ops = JSON.parse(process.env.FAKE_AWS_OPERATIONS), global = JSON.parse(process.env.FAKE_AWS_GLOBAL);
const [service, operation, ...rest] = process.argv.slice(2);
const name = service + " " + operation;
const fail = (message) => { process.stderr.write("aws: error: " + message + "\\n"); process.exit(252); };
const spec = ops[name];
if (!spec) fail("fake aws knows no operation " + JSON.stringify(name));
const values = {}, positionals = [];
for (let i = 0; i < rest.length; i++) {
  if (!rest[i].startsWith("--")) { positionals.push(rest[i]); continue; }
  const flag = rest[i].slice(2);
  if (!spec.params.includes(flag) && !global.includes(flag)) fail("Unknown options: --" + flag + " for " + name);
  if (rest[i + 1] === undefined) fail("argument --" + flag + ": expected one argument");
  values[flag] = rest[++i];
}
for (const required of spec.required) if (values[required] === undefined) fail("the following arguments are required: --" + required);
if (positionals.length !== (spec.outfile ? 1 : 0)) fail("unexpected arguments for " + name + ": " + JSON.stringify(positionals));
for (const value of Object.values(values))
  if (value.startsWith("file://") && !fs.existsSync(value.slice(7))) fail("Error parsing parameter: Unable to load paramfile " + value);
fs.appendFileSync(process.env.FAKE_AWS_LOG, JSON.stringify({ name, values, positionals }) + "\\n");
if (name === "s3api list-object-versions") {
  const seen = path.join(path.dirname(process.env.FAKE_AWS_LOG), "listed-" + values.bucket);
  const first = !fs.existsSync(seen);
  fs.writeFileSync(seen, "");
  process.stdout.write(JSON.stringify({ Objects: first ? [{ Key: "AWSLogs/x", VersionId: "v1" }] : [] }) + "\\n");
} else if (name === "s3api get-object") {
  fs.writeFileSync(positionals[0], JSON.stringify({ version: 4, serial: 3, lineage: "restored", resources: [] }));
  process.stdout.write(JSON.stringify({ VersionId: values["version-id"] || "latest" }) + "\\n");
} else if (name === "kms create-key") {
  process.stdout.write("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab\\n");
}
`;

export interface FakeAws {
  /** Put this folder first on the PATH: it holds the `aws` command. */
  readonly binDir: string;
  readonly env: NodeJS.ProcessEnv;
  calls(): { name: string; values: Record<string, string>; positionals: string[] }[];
  remove(): void;
}

export function fakeAws(): FakeAws {
  const dir = tempDir("fake-aws");
  const binDir = path.join(dir, "bin");
  fs.mkdirSync(binDir);
  fs.writeFileSync(path.join(binDir, "aws"), FAKE_SOURCE, { mode: 0o755 });
  const log = path.join(dir, "calls.jsonl");
  fs.writeFileSync(log, "");
  return {
    binDir,
    env: {
      FAKE_AWS_LOG: log,
      FAKE_AWS_OPERATIONS: JSON.stringify(OPERATIONS),
      FAKE_AWS_GLOBAL: JSON.stringify(GLOBAL),
    },
    calls: () =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
