import "aws-sdk-client-mock-jest";
import type { RDSClient } from "@aws-sdk/client-rds";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { AutotagConfigError, DEFAULT_CREATOR_TAG_KEY, readConfig } from "../../lambda-src/rds-autotag/config";
import { HANDLED_EVENT_NAMES, RESOURCE_KIND_BY_EVENT_NAME } from "../../lambda-src/rds-autotag/event-names";
import type { AutotagHandler } from "../../lambda-src/rds-autotag/handler";
import { createLogger, type LogLevel } from "../../lambda-src/shared/log";
import {
  ACCOUNT,
  apiCallEvent,
  assumedRoleIdentity,
  awsServiceIdentity,
  clusterArn,
  createDbClusterEvent,
  createDbInstanceEvent,
  failedCreateDbInstanceEvent,
  iamUserIdentity,
  instanceArn,
  type RdsApiCallEvent,
  readReplicaEvent,
  restoreEvent,
  withDetail,
} from "./rds-events";

type RdsModule = typeof import("@aws-sdk/client-rds");
type IndexModule = typeof import("../../lambda-src/rds-autotag/index");

/** The function as Lambda would load it, with the RDS client class it uses mocked. */
interface LoadedFunction {
  readonly handler: AutotagHandler;
  readonly rds: RdsModule;
  readonly rdsMock: AwsClientStub<RDSClient>;
}

const ENV_KEYS = ["STATIC_TAGS", "CREATOR_TAG_KEY", "AWS_REGION"] as const;
type TestEnv = Partial<Record<(typeof ENV_KEYS)[number], string>>;

const DEFAULT_ENV: TestEnv = {
  STATIC_TAGS: JSON.stringify({ Project: "orders", Environment: "prod", CostCenter: "cc-1234" }),
  AWS_REGION: "eu-west-1",
};

const savedEnv = Object.fromEntries(ENV_KEYS.map((key) => [key, process.env[key]]));

function setEnv(env: TestEnv): void {
  for (const key of ENV_KEYS) {
    const value = env[key];
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
}

/**
 * The RDS module, loaded once for this file: loading it is most of what loading the function costs. Each
 * loadFunction() stubs its client class anew (mockClient replaces the stub the previous call left), so a
 * loaded function's calls reach the stub of the loadFunction() that loaded it, until the next one.
 */
const rds = jest.requireActual<RdsModule>("@aws-sdk/client-rds");

/**
 * Loads the function in a fresh module registry, so its module-scope configuration is read from
 * `env`, and its RDS client is built anew; the RDS module it imports is the one above, with its client class
 * mocked.
 */
function loadFunction(env: TestEnv = DEFAULT_ENV): LoadedFunction {
  setEnv(env);
  const rdsMock = mockClient(rds.RDSClient);
  rdsMock.on(rds.AddTagsToResourceCommand).resolves({});
  let handler: AutotagHandler | undefined;
  jest.isolateModules(() => {
    jest.doMock("@aws-sdk/client-rds", () => rds);
    try {
      handler = jest.requireActual<IndexModule>("../../lambda-src/rds-autotag/index").handler;
    } finally {
      jest.dontMock("@aws-sdk/client-rds");
    }
  });
  if (handler === undefined) throw new Error("function did not load");
  return { handler, rds, rdsMock };
}

interface LogLine {
  readonly stream: "stdout" | "stderr";
  readonly entry: Record<string, unknown>;
}

/** Captures what the logger writes; every line must be one JSON object. */
function captureLogs(): LogLine[] {
  const lines: LogLine[] = [];
  for (const stream of ["stdout", "stderr"] as const) {
    jest.spyOn(process[stream], "write").mockImplementation((chunk: string | Uint8Array) => {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      for (const line of text.split("\n").filter((part) => part !== "")) {
        lines.push({ stream, entry: JSON.parse(line) as Record<string, unknown> });
      }
      return true;
    });
  }
  return lines;
}

/** The envelope alone, as a malformed delivery would carry it. */
function withoutDetail(event: RdsApiCallEvent): Omit<RdsApiCallEvent, "detail"> {
  const { detail: _detail, ...envelope } = event;
  return envelope;
}

/** What `action` throws; fails the test when it returns. */
function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error to be thrown");
}

/** The only line written; fails the test when there is not exactly one. */
function onlyLine(lines: readonly LogLine[]): LogLine {
  expect(lines).toHaveLength(1);
  return lines[0] as LogLine;
}

const STATIC_TAGS_SORTED = [
  { Key: "CostCenter", Value: "cc-1234" },
  { Key: "Environment", Value: "prod" },
  { Key: "Project", Value: "orders" },
];

afterEach(() => {
  jest.restoreAllMocks();
});

afterAll(() => {
  setEnv(savedEnv);
});

describe("rds-autotag handler", () => {
  let fn: LoadedFunction;
  let logs: LogLine[];

  beforeAll(() => {
    fn = loadFunction();
  });

  beforeEach(() => {
    fn.rdsMock.reset();
    fn.rdsMock.on(fn.rds.AddTagsToResourceCommand).resolves({});
    logs = captureLogs();
  });

  it("tags a created DB instance with the static tags in key order, then the creator", async () => {
    const event = createDbInstanceEvent("orders-db");

    const result = await fn.handler(event, { awsRequestId: "c6af9ac6-7b61-11e6-9a41-93e812345678" });

    const creator = assumedRoleIdentity().arn;
    const expectedInput = {
      ResourceName: instanceArn("orders-db"),
      Tags: [...STATIC_TAGS_SORTED, { Key: "CreatedBy", Value: creator }],
    };
    expect(fn.rdsMock).toHaveReceivedCommandTimes(fn.rds.AddTagsToResourceCommand, 1);
    expect(fn.rdsMock).toHaveReceivedCommandWith(fn.rds.AddTagsToResourceCommand, expectedInput);
    // toHaveReceivedCommandWith matches a subset; the input must be exactly this.
    expect(fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand)[0]?.args[0].input).toEqual(expectedInput);
    expect(result).toEqual({
      status: "tagged",
      arn: instanceArn("orders-db"),
      eventName: "CreateDBInstance",
      tagKeys: ["CostCenter", "Environment", "Project", "CreatedBy"],
    });

    const line = onlyLine(logs);
    expect(line.stream).toBe("stdout");
    expect(line.entry).toEqual({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: "INFO",
      message: "Tagged RDS resource",
      requestId: "c6af9ac6-7b61-11e6-9a41-93e812345678",
      eventId: event.id,
      cloudTrailEventId: event.detail.eventID,
      eventName: "CreateDBInstance",
      arn: instanceArn("orders-db"),
      resourceKind: "instance",
      tags: { CostCenter: "cc-1234", Environment: "prod", Project: "orders", CreatedBy: creator },
      creatorSource: "arn",
    });
  });

  it("tags a created DB cluster through its cluster ARN", async () => {
    const result = await fn.handler(createDbClusterEvent("orders-aurora"));

    expect(fn.rdsMock).toHaveReceivedCommandWith(fn.rds.AddTagsToResourceCommand, {
      ResourceName: clusterArn("orders-aurora"),
      Tags: [...STATIC_TAGS_SORTED, { Key: "CreatedBy", Value: assumedRoleIdentity().arn }],
    });
    expect(result).toMatchObject({ status: "tagged", arn: clusterArn("orders-aurora") });
    expect(onlyLine(logs).entry).toMatchObject({ level: "INFO", resourceKind: "cluster" });
  });

  it("tags a read replica", async () => {
    await fn.handler(readReplicaEvent("orders-db-replica"));

    expect(fn.rdsMock).toHaveReceivedCommandWith(fn.rds.AddTagsToResourceCommand, {
      ResourceName: instanceArn("orders-db-replica"),
    });
  });

  it.each([
    ["RestoreDBInstanceFromDBSnapshot", instanceArn("restored-from-snapshot")],
    ["RestoreDBInstanceFromS3", instanceArn("restored-from-s3")],
    ["RestoreDBInstanceToPointInTime", instanceArn("restored-to-pitr")],
    ["RestoreDBClusterFromSnapshot", clusterArn("restored-from-snapshot")],
    ["RestoreDBClusterFromS3", clusterArn("restored-from-s3")],
    ["RestoreDBClusterToPointInTime", clusterArn("restored-to-pitr")],
  ])("tags the resource created by %s", async (eventName, arn) => {
    const id = arn.split(":").at(-1) ?? "";

    const result = await fn.handler(restoreEvent(eventName, id));

    expect(result).toMatchObject({ status: "tagged", arn, eventName });
    expect(fn.rdsMock).toHaveReceivedCommandWith(fn.rds.AddTagsToResourceCommand, { ResourceName: arn });
  });

  it("tags an IAM user's resource with the user ARN", async () => {
    await fn.handler(createDbInstanceEvent("orders-db", iamUserIdentity("ci-deployer")));

    expect(fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand)[0]?.args[0].input.Tags?.at(-1)).toEqual({
      Key: "CreatedBy",
      Value: `arn:aws:iam::${ACCOUNT}:user/ci-deployer`,
    });
  });

  it.each([
    [
      "invokedBy when an AWS service made the call",
      awsServiceIdentity("backup.amazonaws.com"),
      "invokedBy",
      "backup.amazonaws.com",
    ],
    [
      "principalId when there is neither ARN nor invokedBy",
      { type: "Unknown", principalId: "AIDA3XFRBF23EXAMPLE3" },
      "principalId",
      "AIDA3XFRBF23EXAMPLE3",
    ],
  ])("falls back to %s", async (_case, userIdentity, source, expected) => {
    await fn.handler(createDbInstanceEvent("orders-db", userIdentity));

    expect(fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand)[0]?.args[0].input.Tags?.at(-1)).toEqual({
      Key: "CreatedBy",
      Value: expected,
    });
    expect(onlyLine(logs).entry).toMatchObject({ creatorSource: source });
  });

  it("omits the creator tag when the event names no creator", async () => {
    await fn.handler(createDbInstanceEvent("orders-db", { type: "Unknown" }));

    expect(fn.rdsMock).toHaveReceivedCommandWith(fn.rds.AddTagsToResourceCommand, {
      Tags: STATIC_TAGS_SORTED,
    });
    expect(onlyLine(logs).entry).toMatchObject({ creatorSource: "none" });
  });

  it("truncates a creator value longer than 256 characters and says so", async () => {
    const longSession = "s".repeat(300);

    await fn.handler(createDbInstanceEvent("orders-db", assumedRoleIdentity(longSession)));

    const creatorTag = fn.rdsMock
      .commandCalls(fn.rds.AddTagsToResourceCommand)[0]
      ?.args[0].input.Tags?.at(-1);
    const full = assumedRoleIdentity(longSession).arn ?? "";
    expect(creatorTag?.Value).toBe(full.slice(0, 256));
    expect(onlyLine(logs).entry).toMatchObject({
      creatorTagTruncated: true,
      creatorValueLength: full.length,
    });
  });

  it("replaces characters RDS does not allow in tag values", async () => {
    await fn.handler(createDbInstanceEvent("orders-db", assumedRoleIdentity("doe,jane")));

    const creatorTag = fn.rdsMock
      .commandCalls(fn.rds.AddTagsToResourceCommand)[0]
      ?.args[0].input.Tags?.at(-1);
    expect(creatorTag?.Value).toMatch(/\/doe_jane$/);
    expect(onlyLine(logs).entry).toMatchObject({ creatorTagSanitized: true });
  });

  it("skips a failed API call without calling RDS", async () => {
    const event = failedCreateDbInstanceEvent();

    const result = await fn.handler(event);

    expect(result).toEqual({ status: "skipped", reason: "api-call-failed", eventName: "CreateDBInstance" });
    expect(fn.rdsMock).not.toHaveReceivedAnyCommand();
    const line = onlyLine(logs);
    expect(line.entry).toMatchObject({
      level: "INFO",
      message: "Skipped event",
      reason: "api-call-failed",
      eventId: event.id,
      eventName: "CreateDBInstance",
      errorCode: "DBInstanceAlreadyExistsFault",
    });
  });

  it("skips a call whose responseElements are null even without an errorCode", async () => {
    const result = await fn.handler(withDetail(createDbInstanceEvent(), { responseElements: null }));

    expect(result).toMatchObject({ status: "skipped", reason: "api-call-failed" });
    expect(fn.rdsMock).not.toHaveReceivedAnyCommand();
  });

  it("skips an event name it does not handle", async () => {
    const event = apiCallEvent({
      eventName: "CreateDBSnapshot",
      requestParameters: { dBSnapshotIdentifier: "manual-1", dBInstanceIdentifier: "orders-db" },
      responseElements: { dBSnapshotArn: `arn:aws:rds:eu-west-1:${ACCOUNT}:snapshot:manual-1` },
    });

    const result = await fn.handler(event);

    expect(result).toEqual({
      status: "skipped",
      reason: "unhandled-event-name",
      eventName: "CreateDBSnapshot",
    });
    expect(fn.rdsMock).not.toHaveReceivedAnyCommand();
    const line = onlyLine(logs);
    expect(line.stream).toBe("stderr");
    expect(line.entry).toMatchObject({
      level: "WARN",
      reason: "unhandled-event-name",
      eventId: event.id,
      eventName: "CreateDBSnapshot",
    });
  });

  it("skips an event that is not from the RDS API", async () => {
    const result = await fn.handler(
      withDetail(createDbInstanceEvent(), { eventSource: "ec2.amazonaws.com" }),
    );

    expect(result).toMatchObject({ status: "skipped", reason: "unexpected-event-source" });
    expect(onlyLine(logs).entry).toMatchObject({ level: "WARN", eventSource: "ec2.amazonaws.com" });
  });

  it.each<[string, unknown]>([
    ["an envelope without detail", withoutDetail(createDbInstanceEvent())],
    ["a null detail", { ...createDbInstanceEvent(), detail: null }],
    ["an empty object", {}],
    ["null", null],
  ])("skips a malformed event: %s", async (_case, event) => {
    const result = await fn.handler(event);

    expect(result).toEqual({ status: "skipped", reason: "missing-detail" });
    expect(fn.rdsMock).not.toHaveReceivedAnyCommand();
    expect(onlyLine(logs).entry).toMatchObject({ level: "WARN", reason: "missing-detail" });
  });

  it("logs the event id of a malformed event when it has one", async () => {
    const envelope = withoutDetail(createDbInstanceEvent());

    await fn.handler(envelope);

    expect(onlyLine(logs).entry).toMatchObject({ eventId: envelope.id });
  });

  it.each([
    ["the ARN is missing", { dBInstanceIdentifier: "orders-db" }, "missing-resource-arn"],
    [
      "the ARN is not an RDS ARN",
      { dBInstanceArn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0abc` },
      "invalid-resource-arn",
    ],
    [
      "the ARN is a cluster ARN for an instance call",
      { dBInstanceArn: clusterArn() },
      "invalid-resource-arn",
    ],
    ["the ARN is not a string", { dBInstanceArn: 42 }, "missing-resource-arn"],
  ])("skips the event when %s", async (_case, responseElements, reason) => {
    const result = await fn.handler(withDetail(createDbInstanceEvent(), { responseElements }));

    expect(result).toMatchObject({ status: "skipped", reason });
    expect(fn.rdsMock).not.toHaveReceivedAnyCommand();
    expect(onlyLine(logs).entry).toMatchObject({ level: "WARN", reason, eventName: "CreateDBInstance" });
  });

  it("accepts ARNs of other partitions", async () => {
    const arn = `arn:aws-us-gov:rds:us-gov-west-1:${ACCOUNT}:db:orders-db`;

    const result = await fn.handler(
      withDetail(createDbInstanceEvent(), { responseElements: { dBInstanceArn: arn } }),
    );

    expect(result).toMatchObject({ status: "tagged", arn });
  });

  it.each([
    ["ThrottlingException", "Rate exceeded", 400],
    ["AccessDenied", "User is not authorized to perform: rds:AddTagsToResource", 403],
  ])("rethrows %s from RDS after one ERROR line", async (name, message, httpStatusCode) => {
    const error = new fn.rds.RDSServiceException({
      name,
      message,
      $fault: "client",
      $metadata: { httpStatusCode, requestId: "0f3a2b1c-1111-2222-3333-444455556666" },
    });
    fn.rdsMock.on(fn.rds.AddTagsToResourceCommand).rejects(error);
    const event = createDbInstanceEvent();

    await expect(fn.handler(event)).rejects.toBe(error);

    const line = onlyLine(logs);
    expect(line.stream).toBe("stderr");
    expect(line.entry).toMatchObject({
      level: "ERROR",
      message: "Failed to tag RDS resource",
      errorName: name,
      errorMessage: message,
      httpStatusCode,
      rdsRequestId: "0f3a2b1c-1111-2222-3333-444455556666",
      eventId: event.id,
      eventName: "CreateDBInstance",
      arn: instanceArn(),
    });
  });

  it("sends the same request again for a redelivered event, from the same client", async () => {
    const event = createDbInstanceEvent();

    await fn.handler(event);
    await fn.handler(event);

    const calls = fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand);
    expect(calls).toHaveLength(2);
    expect(calls[1]?.args[0].input).toEqual(calls[0]?.args[0].input);
    // One RDSClient per container: both calls went through the same instance.
    expect(fn.rdsMock.send.getCall(1).thisValue).toBe(fn.rdsMock.send.getCall(0).thisValue);
  });
});

describe("rds-autotag configuration", () => {
  let logs: LogLine[];

  beforeEach(() => {
    logs = captureLogs();
  });

  it("writes the creator under CREATOR_TAG_KEY", async () => {
    const fn = loadFunction({ ...DEFAULT_ENV, CREATOR_TAG_KEY: "Owner" });

    await fn.handler(createDbInstanceEvent());

    expect(fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand)[0]?.args[0].input.Tags).toEqual([
      ...STATIC_TAGS_SORTED,
      { Key: "Owner", Value: assumedRoleIdentity().arn },
    ]);
  });

  it("lets the creator tag override a static tag with the same key", async () => {
    const fn = loadFunction({
      STATIC_TAGS: JSON.stringify({ Owner: "platform-team", Project: "orders" }),
      CREATOR_TAG_KEY: "Owner",
    });

    await fn.handler(createDbInstanceEvent());

    expect(fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: "Project", Value: "orders" },
      { Key: "Owner", Value: assumedRoleIdentity().arn },
    ]);
    expect(onlyLine(logs).entry).toMatchObject({ overriddenStaticKey: "Owner" });
  });

  it("keeps a static tag with the creator key when the event names no creator", async () => {
    const fn = loadFunction({ STATIC_TAGS: JSON.stringify({ CreatedBy: "unknown" }) });

    await fn.handler(createDbInstanceEvent("orders-db", { type: "Unknown" }));

    expect(fn.rdsMock).toHaveReceivedCommandWith(fn.rds.AddTagsToResourceCommand, {
      Tags: [{ Key: "CreatedBy", Value: "unknown" }],
    });
  });

  it("tags with the creator only when STATIC_TAGS is {}", async () => {
    const fn = loadFunction({ STATIC_TAGS: "{}" });

    await fn.handler(createDbClusterEvent());

    expect(fn.rdsMock.commandCalls(fn.rds.AddTagsToResourceCommand)[0]?.args[0].input.Tags).toEqual([
      { Key: "CreatedBy", Value: assumedRoleIdentity().arn },
    ]);
  });

  it("skips without calling RDS when there is nothing to tag", async () => {
    const fn = loadFunction({ STATIC_TAGS: "{}" });

    const result = await fn.handler(createDbInstanceEvent("orders-db", { type: "Unknown" }));

    expect(result).toEqual({ status: "skipped", reason: "no-tags", eventName: "CreateDBInstance" });
    expect(fn.rdsMock).not.toHaveReceivedAnyCommand();
    expect(onlyLine(logs).entry).toMatchObject({ level: "INFO", reason: "no-tags" });
  });

  const fiftyOneTags = JSON.stringify(
    Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`Tag${i}`, "x"])),
  );

  it.each([
    ["unset", undefined, /STATIC_TAGS is not set/],
    ["not JSON", "Project=orders", /STATIC_TAGS is not valid JSON/],
    ["a JSON array", '[{"Key":"Project","Value":"orders"}]', /must be a JSON object/],
    ["JSON null", "null", /must be a JSON object/],
    ["a non-string value", '{"Replicas":2}', /value of "Replicas" must be a string \(is number\)/],
    [
      "an aws: key",
      '{"aws:cloudformation:stack-name":"x"}',
      /key "aws:cloudformation:stack-name" must not start/,
    ],
    ["more than 50 tags", fiftyOneTags, /51 tags, more than the RDS limit of 50/],
  ])("refuses to start when STATIC_TAGS is %s", (_case, staticTags, message) => {
    const error = thrownBy(() => loadFunction({ STATIC_TAGS: staticTags }));

    // The error class comes from the isolated module registry, so match its name rather than identity.
    expect(error).toMatchObject({ name: "AutotagConfigError", message: expect.stringMatching(message) });
    const line = onlyLine(logs);
    expect(line.entry).toMatchObject({
      level: "ERROR",
      message: "Invalid configuration",
      error: { name: "AutotagConfigError", message: expect.stringMatching(message) },
    });
  });
});

describe("readConfig", () => {
  it("defaults the creator key and sorts static tags by key", () => {
    expect(readConfig({ STATIC_TAGS: '{"b":"2","a":"1","B":"3"}' })).toEqual({
      creatorTagKey: DEFAULT_CREATOR_TAG_KEY,
      staticTags: [
        { key: "B", value: "3" },
        { key: "a", value: "1" },
        { key: "b", value: "2" },
      ],
    });
  });

  it("reports every problem of STATIC_TAGS at once", () => {
    expect(() => readConfig({ STATIC_TAGS: '{"rds:x":"1","ok":"aws:y","n":null}' })).toThrow(
      /key "rds:x" must not start.*value of "ok" must not start.*value of "n" must be a string \(is null\)/,
    );
  });

  it("refuses values longer than 256 characters and unsupported characters", () => {
    expect(() => readConfig({ STATIC_TAGS: JSON.stringify({ Long: "v".repeat(257) }) })).toThrow(
      /at most 256 characters long \(is 257\)/,
    );
    expect(() => readConfig({ STATIC_TAGS: '{"Team":"a,b"}' })).toThrow(/may only contain/);
  });

  it("allows 50 static tags only when one of them is the creator key", () => {
    const tags = (keys: string[]) => JSON.stringify(Object.fromEntries(keys.map((key) => [key, "x"])));
    const fortyNine = Array.from({ length: 49 }, (_, i) => `Tag${i}`);

    expect(() => readConfig({ STATIC_TAGS: tags([...fortyNine, "CreatedBy"]) })).not.toThrow();
    expect(() => readConfig({ STATIC_TAGS: tags([...fortyNine, "Tag49"]) })).toThrow(
      /with the creator tag "CreatedBy" exceeds the RDS limit of 50/,
    );
  });

  it.each([
    ["empty", ""],
    ["reserved", "aws:createdBy"],
    ["too long", "k".repeat(129)],
  ])("refuses a CREATOR_TAG_KEY that is %s", (_case, key) => {
    expect(() => readConfig({ STATIC_TAGS: "{}", CREATOR_TAG_KEY: key })).toThrow(AutotagConfigError);
  });
});

describe("rds-autotag event names", () => {
  it("lists the instance and cluster creating calls the rule must match", () => {
    expect(HANDLED_EVENT_NAMES).toEqual([
      "CreateDBInstance",
      "CreateDBInstanceReadReplica",
      "RestoreDBInstanceFromDBSnapshot",
      "RestoreDBInstanceFromS3",
      "RestoreDBInstanceToPointInTime",
      "CreateDBCluster",
      "RestoreDBClusterFromSnapshot",
      "RestoreDBClusterFromS3",
      "RestoreDBClusterToPointInTime",
    ]);
    expect(Object.isFrozen(HANDLED_EVENT_NAMES)).toBe(true);
    expect(RESOURCE_KIND_BY_EVENT_NAME.CreateDBInstanceReadReplica).toBe("instance");
    expect(RESOURCE_KIND_BY_EVENT_NAME.RestoreDBClusterToPointInTime).toBe("cluster");
  });
});

describe("shared/log", () => {
  const at = () => new Date("2025-03-14T09:21:07.000Z");

  function collect(): { lines: Array<[LogLevel, string]>; write: (level: LogLevel, line: string) => void } {
    const lines: Array<[LogLevel, string]> = [];
    return { lines, write: (level, line) => lines.push([level, line]) };
  }

  it("writes one JSON object per line with level and message first", () => {
    const sink = collect();
    const log = createLogger({ write: sink.write, now: at, fields: { service: "rds-autotag" } });

    log.warn("Careful", { count: 2, missing: undefined });

    expect(sink.lines).toEqual([
      [
        "WARN",
        '{"timestamp":"2025-03-14T09:21:07.000Z","level":"WARN","message":"Careful","service":"rds-autotag","count":2}',
      ],
    ]);
  });

  it("does not let fields replace level, message or timestamp", () => {
    const sink = collect();
    const log = createLogger({ write: sink.write, now: at }).child({ level: "DEBUG" });

    log.error("Boom", { message: "other", timestamp: "never" });

    expect(JSON.parse(sink.lines[0]?.[1] ?? "")).toEqual({
      timestamp: "2025-03-14T09:21:07.000Z",
      level: "ERROR",
      message: "Boom",
    });
  });

  it("serializes errors and bigints, and survives circular fields", () => {
    const sink = collect();
    const log = createLogger({ write: sink.write, now: at });
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    log.info("Values", { error: new RangeError("too big"), big: 10n });
    log.info("Circular", { circular });

    expect(JSON.parse(sink.lines[0]?.[1] ?? "")).toMatchObject({
      error: { name: "RangeError", message: "too big" },
      big: "10",
    });
    expect(JSON.parse(sink.lines[1]?.[1] ?? "")).toMatchObject({
      message: "Circular",
      logSerializationError: expect.any(String),
    });
  });

  it("sends DEBUG and INFO to stdout, WARN and ERROR to stderr", () => {
    const lines = captureLogs();
    const log = createLogger();

    log.debug("d");
    log.info("i");
    log.warn("w");
    log.error("e");

    expect(lines.map(({ stream, entry }) => `${entry.level}:${stream}`)).toEqual([
      "DEBUG:stdout",
      "INFO:stdout",
      "WARN:stderr",
      "ERROR:stderr",
    ]);
  });
});
