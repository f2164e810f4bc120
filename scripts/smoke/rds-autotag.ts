import { InvokeCommand } from "@aws-sdk/client-lambda";
import {
  AddTagsToResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  type RDSClient,
  RemoveTagsFromResourceCommand,
} from "@aws-sdk/client-rds";
import type { StackSmoke } from "./context";
import { stringOutput } from "./outputs";
import { describeRule, testPattern } from "./rules";
import { CheckFailure, errorName, mismatch } from "./runner";
import { cloudTrailRdsEvent, type EventScope, scopeOfArn } from "./sample-events";

/**
 * TestEventPattern with CloudTrail-shaped RDS calls; then, with `--db`, the function is invoked with a
 * synthetic CreateDBInstance (or CreateDBCluster) event for that database and its tags are checked.
 * The tags the function sets are put back as they were at the end (removed, or their old values).
 */
export const smokeRdsAutotag: StackSmoke = async ({ outputs, config, clients, checks, options, run }) => {
  const stack = "rds-autotag";
  const settings = config.stacks[stack];
  const ruleArn = stringOutput(outputs, stack, "rule_arn");
  const functionName = stringOutput(outputs, stack, "function_name");
  const scope = scopeOfArn(ruleArn);
  const callerArn = `arn:aws:sts::${scope.account}:assumed-role/npm-run-smoke/${run.runId}`;

  await checks.check("rule matches RDS create calls, not failed or other calls", async () => {
    const rule = await describeRule(clients.events, ruleArn);
    const created = { dBInstanceArn: `arn:aws:rds:${scope.region}:${scope.account}:db:${run.runId}` };
    return testPattern(clients.events, rule, [
      ...settings.eventNames.map((eventName) => ({
        label: eventName,
        event: cloudTrailRdsEvent(scope, { eventName, callerArn, responseElements: created }),
        matches: true,
      })),
      {
        label: "a failed CreateDBInstance (errorCode)",
        event: cloudTrailRdsEvent(scope, {
          eventName: "CreateDBInstance",
          callerArn,
          responseElements: null,
          errorCode: "DBInstanceAlreadyExists",
        }),
        matches: false,
      },
      {
        label: "ModifyDBInstance",
        event: cloudTrailRdsEvent(scope, {
          eventName: "ModifyDBInstance",
          callerArn,
          responseElements: created,
        }),
        matches: false,
      },
    ]);
  });

  if (!options.db) {
    checks.skip("function tags the database", "pass --db <instance or cluster identifier> to tag a database");
    return;
  }
  const db = options.db;
  await checks.check(`function tags ${db}`, async () => {
    const target = await findDatabase(clients.rds, db);
    const expected: Record<string, string> = { ...settings.staticTags, [settings.creatorTagKey]: callerArn };
    const before = await tagsOf(clients.rds, target.arn);
    run.cleanup.add(`tags ${Object.keys(expected).join(", ")} on ${target.arn}`, () =>
      restoreTags(clients.rds, target.arn, Object.keys(expected), before),
    );
    const event = syntheticCreateEvent(scope, target, callerArn);
    const answer = await clients.lambda.send(
      new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(event)) }),
    );
    if (answer.FunctionError)
      throw new CheckFailure(
        `the function failed (${answer.FunctionError}): ${Buffer.from(answer.Payload ?? new Uint8Array()).toString("utf8")}`,
        `/aws/lambda/${functionName}`,
      );
    const after = await tagsOf(clients.rds, target.arn);
    const wrong = Object.entries(expected).filter(([key, value]) => after[key] !== value);
    if (wrong.length > 0)
      throw mismatch(
        `tags on ${target.arn}`,
        Object.fromEntries(wrong),
        Object.fromEntries(wrong.map(([key]) => [key, after[key] ?? null])),
        `/aws/lambda/${functionName}`,
      );
    return { note: `${Object.keys(expected).length} tag(s) set; they are restored at the end` };
  });
};

interface Database {
  readonly kind: "instance" | "cluster";
  readonly arn: string;
}

async function findDatabase(rds: RDSClient, identifier: string): Promise<Database> {
  try {
    const found = await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: identifier }));
    const arn = found.DBInstances?.[0]?.DBInstanceArn;
    if (arn) return { kind: "instance", arn };
  } catch (error) {
    if (errorName(error) !== "DBInstanceNotFoundFault") throw error;
  }
  try {
    const found = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: identifier }));
    const arn = found.DBClusters?.[0]?.DBClusterArn;
    if (arn) return { kind: "cluster", arn };
  } catch (error) {
    if (errorName(error) !== "DBClusterNotFoundFault") throw error;
  }
  throw new CheckFailure(`no DB instance or cluster "${identifier}" in this account and region`);
}

/** The event CloudTrail would deliver for the creation of `target`. */
function syntheticCreateEvent(scope: EventScope, target: Database, callerArn: string) {
  return target.kind === "instance"
    ? cloudTrailRdsEvent(scope, {
        eventName: "CreateDBInstance",
        callerArn,
        responseElements: { dBInstanceArn: target.arn },
      })
    : cloudTrailRdsEvent(scope, {
        eventName: "CreateDBCluster",
        callerArn,
        responseElements: { dBClusterArn: target.arn },
      });
}

async function tagsOf(rds: RDSClient, arn: string): Promise<Record<string, string>> {
  const listed = await rds.send(new ListTagsForResourceCommand({ ResourceName: arn }));
  return Object.fromEntries((listed.TagList ?? []).map((tag) => [tag.Key ?? "", tag.Value ?? ""]));
}

/** Puts `keys` back as they were: old values re-added, keys that did not exist removed. */
async function restoreTags(
  rds: RDSClient,
  arn: string,
  keys: readonly string[],
  before: Readonly<Record<string, string>>,
): Promise<void> {
  const existed = keys.filter((key) => key in before);
  const added = keys.filter((key) => !(key in before));
  if (existed.length > 0)
    await rds.send(
      new AddTagsToResourceCommand({
        ResourceName: arn,
        Tags: existed.map((key) => ({ Key: key, Value: before[key] })),
      }),
    );
  if (added.length > 0)
    await rds.send(new RemoveTagsFromResourceCommand({ ResourceName: arn, TagKeys: added }));
}
