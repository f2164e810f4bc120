import { hourlyPrefixes, smokeApiFirehoseS3, smokeRecords } from "../../scripts/smoke/api-firehose-s3";
import { testConfig } from "../support/test-config";
import { fakeS3 } from "./fake-s3";
import { RUN_ID, runStack, standIn, testClients } from "./harness";

const API_KEY = "smoke-test-api-key-0123456789";
const BUCKET = "integ-dev-records-123456789012-us-east-1";

type Delivery = "ndjson" | "no-line-break" | "not-compact" | "shared-object";

/**
 * A stand-in for the deployed API and Firehose: API key, content type and body checks as API Gateway
 * makes them, then each request's records written as one S3 object (Firehose's buffer, flushed at once).
 */
async function deployedApi(
  delivery: Delivery,
  s3: ReturnType<typeof fakeS3>,
  auth: "API_KEY" | "AWS_IAM" = "API_KEY",
) {
  let objects = 0;
  const flush = (records: unknown[]) => {
    const encode = (data: unknown) => {
      if (delivery === "no-line-break") return JSON.stringify(data);
      if (delivery === "not-compact") return `${JSON.stringify(data, null, 1).replaceAll("\n", "")}\n`;
      return `${JSON.stringify(data)}\n`;
    };
    const other = delivery === "shared-object" ? `${JSON.stringify({ orderId: 42 })}\n` : "";
    const [prefix] = hourlyPrefixes(new Date(), new Date());
    s3.write(
      `${prefix}integ-dev-records-1-${new Date().toISOString()}-${++objects}.ndjson`,
      other + records.map(encode).join(""),
    );
  };
  return standIn((request, body, response) => {
    const reply = (status: number, value: unknown) =>
      response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(value));
    if (auth === "API_KEY" && request.headers["x-api-key"] !== API_KEY)
      return reply(403, { message: "Forbidden" });
    // Signature verification is API Gateway's; the stand-in checks a SigV4 header for execute-api is there.
    const sigv4 =
      /^AWS4-HMAC-SHA256 Credential=AKIDSMOKETEST\/\d{8}\/us-east-1\/execute-api\/aws4_request, SignedHeaders=.*host.*, Signature=[0-9a-f]{64}$/;
    if (auth === "AWS_IAM" && !sigv4.test(String(request.headers.authorization)))
      return reply(403, { message: "Missing Authentication Token" });
    if (request.headers["content-type"] !== "application/json")
      return reply(415, { message: "Unsupported Media Type" });
    const parsed = JSON.parse(body) as { Data?: unknown; Records?: { Data: unknown }[] };
    if (request.url === "/v1/records" && "Data" in parsed) {
      flush([parsed.Data]);
      return reply(200, { RecordId: "49546986683135544286507457936321625675700192471156785154" });
    }
    if (request.url === "/v1/records/batch" && Array.isArray(parsed.Records)) {
      flush(parsed.Records.map((record) => record.Data));
      return reply(200, {
        FailedPutCount: 0,
        RequestResponses: parsed.Records.map(() => ({ RecordId: "4954" })),
      });
    }
    return reply(400, { message: "Invalid request body" });
  });
}

let s3: ReturnType<typeof fakeS3>;
let api: Awaited<ReturnType<typeof deployedApi>> | undefined;
afterEach(async () => {
  s3.mock.restore();
  await api?.close();
});

async function smoke(delivery: Delivery, auth: "API_KEY" | "AWS_IAM" = "API_KEY") {
  // One key per listing page: the check must follow continuation tokens to find both objects.
  s3 = fakeS3({ pageSize: 1 });
  api = await deployedApi(delivery, s3, auth);
  const config = testConfig({ stacks: { "api-firehose-s3": { authorization: auth } } });
  const outputs = {
    invoke_url: `${api.url}/v1/records`,
    batch_invoke_url: `${api.url}/v1/records/batch`,
    ...(auth === "API_KEY" ? { api_key_value: API_KEY } : {}),
    bucket_name: BUCKET,
    delivery_error_log_group: "/aws/kinesisfirehose/integ-dev-records",
  };
  return runStack("api-firehose-s3", { outputs, config, clients: testClients(), smoke: smokeApiFirehoseS3 });
}

const NDJSON_CHECK = "records in S3 as NDJSON, byte for byte";

test("a correct deployment passes every check, and the smoke objects are deleted with every version", async () => {
  const run = await smoke("ndjson");
  expect(run.lines).toEqual([
    "403 without an API key: ok",
    "400 on a bad body: ok",
    "415 on text/plain: ok",
    "POST a single record: ok",
    "POST a batch of 3: ok",
    `${NDJSON_CHECK}: ok`,
  ]);
  expect(run.detail(NDJSON_CHECK)).toMatch(/^4 lines in 2 object\(s\)/);
  expect(s3.keys()).toEqual([]);
  expect(run.summary).toMatchObject({ failed: 0, leftBehind: [] });
});

test("records stored back to back (the source article's template) fail: no line break", async () => {
  const run = await smoke("no-line-break");
  expect(run.lines).toContain(`${NDJSON_CHECK}: FAIL`);
  expect(run.detail(NDJSON_CHECK)).toMatch(/does not end with a line break: records are not one per line/);
  expect(run.detail(NDJSON_CHECK)).toContain("look at /aws/kinesisfirehose/integ-dev-records");
  expect(s3.keys()).toEqual([]);
});

test("records that are not byte for byte the compact JSON sent fail, showing both", async () => {
  const run = await smoke("not-compact");
  const detail = run.detail(NDJSON_CHECK) ?? "";
  expect(detail).toMatch(/^the smoke records' lines: expected \[/);
  expect(detail).toContain(JSON.stringify(JSON.stringify(smokeRecords(RUN_ID).single)));
  expect(s3.keys()).toEqual([]);
});

test("an object that also holds someone else's records is left in place and said so", async () => {
  const run = await smoke("shared-object");
  expect(run.lines).toContain(`${NDJSON_CHECK}: ok`);
  expect(s3.keys()).toHaveLength(2);
  expect(run.progress.filter((line) => line.includes("also holds other records"))).toHaveLength(2);
});

test("with AWS_IAM the requests are SigV4-signed for execute-api, and an unsigned one must get 403", async () => {
  const run = await smoke("ndjson", "AWS_IAM");
  expect(run.lines).toEqual([
    "403 without a signature: ok",
    "400 on a bad body: ok",
    "415 on text/plain: ok",
    "POST a single record: ok",
    "POST a batch of 3: ok",
    `${NDJSON_CHECK}: ok`,
  ]);
  expect(s3.keys()).toEqual([]);
});

test("the hourly prefixes cover every UTC hour between sending and now", () => {
  expect(hourlyPrefixes(new Date("2025-12-31T23:59:00Z"), new Date("2026-01-01T00:01:00Z"))).toEqual([
    "records/year=2025/month=12/day=31/hour=23/",
    "records/year=2026/month=01/day=01/hour=00/",
  ]);
});
