import * as fs from "node:fs";
import * as path from "node:path";
import { API_FIREHOSE_S3_ALARMS } from "../../stacks/api-firehose-s3/settings";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { DYNAMODB_PIPES_MOMENTO_ALARMS } from "../../stacks/dynamodb-pipes-momento/settings";
import { EC2_STATE_TO_KINESIS_ALARMS } from "../../stacks/ec2-state-to-kinesis/settings";
import { EVENT_RULE_TARGETS_ALARMS } from "../../stacks/event-rule-targets/settings";
import { RDS_AUTOTAG_ALARMS } from "../../stacks/rds-autotag/settings";
import { ALARM_KINDS, defaultCondition } from "../../stacks/shared/monitoring/catalog";

// Ops read the tables and the runbook when paged: they must list every alarm the stacks create.
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
const readme = read("README.md");
const runbook = read("docs/operations.md");

/** The README section of one stack, up to the next stack's heading. */
const sectionOf = (stack: string) => readme.split(`### \`${stack}\``)[1]?.split(/\n##+ /)[0] ?? "";

test.each([...Object.keys(ALARM_KINDS), "dlq-not-empty", "unhealthy"])(
  "the runbook has its own entry for alarm %s",
  (kind) => {
    expect(runbook).toContain(`\n### \`${kind}\`\n`);
  },
);

test.each([
  ["ec2-state-to-kinesis", [...EC2_STATE_TO_KINESIS_ALARMS, "dlq-not-empty", "unhealthy"]],
  ["rds-autotag", [...RDS_AUTOTAG_ALARMS, "dlq-not-empty", "unhealthy"]],
  ["api-firehose-s3", [...API_FIREHOSE_S3_ALARMS, "unhealthy"]],
  ["event-rule-targets", [...EVENT_RULE_TARGETS_ALARMS, "dlq-not-empty", "unhealthy"]],
  ["dynamodb-pipes-momento", [...DYNAMODB_PIPES_MOMENTO_ALARMS, "dlq-not-empty", "unhealthy"]],
])("the README section of %s has a table row per alarm, linking its runbook entry", (stack, kinds) => {
  const rows = sectionOf(stack)
    .split("\n")
    .filter((line) => line.startsWith("| [`"))
    .map((line) => /^\| \[`([^`]+)`\]\(docs\/operations\.md#([^)]+)\)/.exec(line));
  expect(rows.map((m) => m?.[1])).toEqual(kinds);
  for (const match of rows) expect(match?.[2]).toBe(match?.[1]);
});

const WIRED = new Set([
  ...EC2_STATE_TO_KINESIS_ALARMS,
  ...RDS_AUTOTAG_ALARMS,
  ...API_FIREHOSE_S3_ALARMS,
  ...EVENT_RULE_TARGETS_ALARMS,
  ...DYNAMODB_PIPES_MOMENTO_ALARMS,
]);

test.each([...WIRED])("the README states the default threshold of %s as the code has it", (kind) => {
  const rows = readme.split("\n").filter((line) => line.startsWith(`| [\`${kind}\`]`));
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) expect(row).toContain(defaultCondition(kind));
});
