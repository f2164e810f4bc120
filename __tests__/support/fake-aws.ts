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
// version once per bucket, then none, so an emptying loop ends. A bash script (fake-aws.bash, after a
// header generated from OPERATIONS), not a node one: bash starts in a few milliseconds, node in about 70.
const BODY = fs.readFileSync(path.join(__dirname, "fake-aws.bash"), "utf8");

/** A bash word that stands for exactly `text`. */
const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

function header(log: string): string {
  const branches = Object.entries(OPERATIONS).map(([name, spec]) =>
    [
      `    ${quote(name)})`,
      `      params=${quote(spec.params.join(" "))} required=${quote(spec.required.join(" "))} outfile=${spec.outfile ? "yes" : "no"} ;;`,
    ].join("\n"),
  );
  return [
    "#!/usr/bin/env bash",
    "# Generated by __tests__/support/fake-aws.ts.",
    `LOG=${quote(log)}`,
    `GLOBAL=${quote(GLOBAL.join(" "))}`,
    "operation() {",
    '  case "$name" in',
    ...branches,
    "    *) return 1 ;;",
    "  esac",
    "}",
    "",
  ].join("\n");
}

export interface FakeAws {
  /** Put this folder first on the PATH: it holds the `aws` command. */
  readonly binDir: string;
  calls(): { name: string; values: Record<string, string>; positionals: string[] }[];
  remove(): void;
}

export function fakeAws(): FakeAws {
  const dir = tempDir("fake-aws");
  const binDir = path.join(dir, "bin");
  fs.mkdirSync(binDir);
  const log = path.join(dir, "calls.jsonl");
  fs.writeFileSync(log, "");
  fs.writeFileSync(path.join(binDir, "aws"), header(log) + BODY, { mode: 0o755 });
  return {
    binDir,
    calls: () =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
