import type { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import {
  AddTagsToResourceCommand,
  DescribeDBClustersCommand,
  DescribeDBInstancesCommand,
  ListTagsForResourceCommand,
  RDSClient,
  RemoveTagsFromResourceCommand,
} from "@aws-sdk/client-rds";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { readConfig } from "../../lambda-src/rds-autotag/config";
import { createHandler } from "../../lambda-src/rds-autotag/handler";
import { createLogger } from "../../lambda-src/shared/log";
import { smokeRdsAutotag } from "../../scripts/smoke/rds-autotag";
import { testConfig } from "../support/test-config";
import { ACCOUNT, mockEventBridge, REGION, RUN_ID, ruleArn, runStack, testClients } from "./harness";
import { synthesizedPattern } from "./synthesized-pattern";

const RULE = "integ-dev-rds-autotag";
const FUNCTION = "integ-dev-rds-autotag";
const DB_ARN = `arn:aws:rds:${REGION}:${ACCOUNT}:db:orders-db`;
const outputs = {
  rule_arn: ruleArn(RULE),
  function_name: FUNCTION,
  function_arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION}`,
};
const config = testConfig({ stacks: { "rds-autotag": { staticTags: { team: "platform" } } } });
const SMOKE_CALLER = `arn:aws:sts::${ACCOUNT}:assumed-role/npm-run-smoke/${RUN_ID}`;

const deployedPattern = synthesizedPattern("rds-autotag", "rule", config);

let events: AwsClientStub<EventBridgeClient>;
let rds: AwsClientStub<RDSClient>;
let lambda: AwsClientStub<LambdaClient>;
let tags: Map<string, string>;

/** RDS in memory: one DB instance and its tags. */
function mockRds() {
  rds = mockClient(RDSClient);
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "orders-db" })
    .resolves({ DBInstances: [{ DBInstanceArn: DB_ARN }] });
  rds
    .on(DescribeDBInstancesCommand, { DBInstanceIdentifier: "missing-db" })
    .rejects(Object.assign(new Error("not found"), { name: "DBInstanceNotFoundFault" }));
  rds
    .on(DescribeDBClustersCommand)
    .rejects(Object.assign(new Error("not found"), { name: "DBClusterNotFoundFault" }));
  rds
    .on(ListTagsForResourceCommand)
    .callsFake(() => ({ TagList: [...tags].map(([Key, Value]) => ({ Key, Value })) }));
  rds.on(AddTagsToResourceCommand).callsFake((input: { Tags: { Key: string; Value: string }[] }) => {
    for (const tag of input.Tags) tags.set(tag.Key, tag.Value);
    return {};
  });
  rds.on(RemoveTagsFromResourceCommand).callsFake((input: { TagKeys: string[] }) => {
    for (const key of input.TagKeys) tags.delete(key);
    return {};
  });
}

/** The deployed function: the real handler, with the stack's environment, against the RDS above. */
function mockFunction(environment: Record<string, string>) {
  lambda = mockClient(LambdaClient);
  const handler = createHandler({
    rds: new RDSClient({ region: REGION }),
    config: readConfig(environment),
    logger: createLogger({ write: () => undefined }),
  });
  lambda.on(InvokeCommand, { FunctionName: FUNCTION }).callsFake(async (input: { Payload: Uint8Array }) => {
    try {
      const result = await handler(JSON.parse(Buffer.from(input.Payload).toString("utf8")));
      return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(result)) };
    } catch (error) {
      return {
        StatusCode: 200,
        FunctionError: "Unhandled",
        Payload: Buffer.from(JSON.stringify({ errorMessage: String(error) })),
      };
    }
  });
}

beforeEach(() => {
  tags = new Map([
    ["CreatedBy", "arn:aws:iam::123456789012:user/ci-deployer"],
    ["owner", "data-team"],
  ]);
  events = mockEventBridge({ [RULE]: deployedPattern });
  mockRds();
});
afterEach(() => {
  events.restore();
  rds.restore();
  lambda?.restore();
});

const smoke = (db?: string) =>
  runStack("rds-autotag", {
    outputs,
    clients: testClients(),
    config,
    options: { db },
    smoke: smokeRdsAutotag,
  });

test("the deployed rule matches every create call and no failed or other call; without --db nothing is tagged", async () => {
  mockFunction({ STATIC_TAGS: JSON.stringify({ team: "platform" }) });
  const run = await smoke();
  expect(run.lines).toEqual([
    "rule matches RDS create calls, not failed or other calls: ok",
    "function tags the database: skipped",
  ]);
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
});

test("--db invokes the real function, checks its tags, then puts the database's tags back as they were", async () => {
  mockFunction({ STATIC_TAGS: JSON.stringify({ team: "platform" }) });
  const run = await smoke("orders-db");
  expect(run.lines).toContain("function tags orders-db: ok");
  const tagged = rds.commandCalls(AddTagsToResourceCommand)[0]?.args[0].input.Tags;
  expect(tagged).toEqual(
    expect.arrayContaining([
      { Key: "CreatedBy", Value: SMOKE_CALLER },
      { Key: "team", Value: "platform" },
    ]),
  );
  expect(Object.fromEntries(tags)).toEqual({
    CreatedBy: "arn:aws:iam::123456789012:user/ci-deployer",
    owner: "data-team",
  });
  expect(run.summary.leftBehind).toEqual([]);
});

test("a function deployed without the static tags fails, naming the tag, and the tags are still restored", async () => {
  mockFunction({ STATIC_TAGS: "{}" });
  const run = await smoke("orders-db");
  expect(run.detail("function tags orders-db")).toBe(
    `tags on ${DB_ARN}: expected {"team":"platform"}, saw {"team":null} (look at /aws/lambda/${FUNCTION})`,
  );
  expect(Object.fromEntries(tags)).toEqual({
    CreatedBy: "arn:aws:iam::123456789012:user/ci-deployer",
    owner: "data-team",
  });
});

test("a pattern that lets failed calls through fails", async () => {
  events.restore();
  events = mockEventBridge({
    [RULE]: JSON.stringify({ source: ["aws.rds"], "detail-type": ["AWS API Call via CloudTrail"] }),
  });
  const run = await smoke();
  expect(run.detail("rule matches RDS create calls, not failed or other calls")).toMatch(
    /a failed CreateDBInstance \(errorCode\): expected no match, saw a match; ModifyDBInstance: expected no match, saw a match/,
  );
});

test("an unknown database is a clear failure and nothing is invoked", async () => {
  mockFunction({ STATIC_TAGS: "{}" });
  const run = await smoke("missing-db");
  expect(run.detail("function tags missing-db")).toBe(
    'no DB instance or cluster "missing-db" in this account and region',
  );
  expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
});
