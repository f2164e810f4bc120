import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DynamoDBClient, ScanCommand } from "@aws-sdk/client-dynamodb";
import { CREDENTIALS_TIMEOUT_MS, resolveCredentials } from "../../scripts/smoke/preflight";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { fakeTerraform } from "../support/fake-terraform";
import { CREDENTIALS, localWeatherTable, standIn } from "./harness";

const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-home-"));
afterAll(() => fs.rmSync(emptyHome, { recursive: true, force: true }));

/** The environment of a machine with no AWS credentials anywhere (and no instance role). */
function bareEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: emptyHome,
    AWS_CONFIG_FILE: path.join(emptyHome, "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(emptyHome, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    ...extra,
  };
}

function smoke(
  args: string[],
  env: NodeJS.ProcessEnv,
): { child: ChildProcess; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, ["scripts/bundled.js", "scripts/smoke.ts", ...args], {
    cwd: PROJECT_ROOT,
    env,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const done = once(child, "close").then(([code]) => ({ code: code as number | null, stdout, stderr }));
  return { child, done };
}

test("without credentials: a clear error naming what to set, exit 1, and terraform is never run", async () => {
  const terraform = fakeTerraform({});
  const { done } = smoke([], bareEnv({ TERRAFORM_BINARY: terraform.binary }));
  const result = await done;
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /No AWS credentials \(.*\)\. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE/,
  );
  expect(result.stderr).toContain("Nothing was attempted.");
  expect(result.stdout).toBe("");
  expect(terraform.calls()).toEqual([]);
});

test("a credential source that never answers is given up on at the deadline, not after the SDK's retries", async () => {
  const never = () => new Promise<never>(() => undefined);
  const started = Date.now();
  await expect(resolveCredentials({}, 300, never)).rejects.toThrow(
    "No AWS credentials (no answer from the credential provider chain within 0.3 s)",
  );
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  expect(CREDENTIALS_TIMEOUT_MS).toBeLessThan(5000);
});

test("Ctrl-C while waiting for Momento: the item written to DynamoDB and its cache entry are removed, exit 130", async () => {
  const table = "integ-dev-weather";
  const dynamo = await localWeatherTable(table);
  const dynamoUrl = dynamo.url;
  const client = new DynamoDBClient({ region: "us-east-1", endpoint: dynamoUrl, credentials: CREDENTIALS });
  // Momento that never caches anything: the smoke test waits until it is interrupted.
  const momentoRequests: string[] = [];
  let firstCacheRead: () => void = () => undefined;
  const reading = new Promise<void>((resolve) => {
    firstCacheRead = resolve;
  });
  const momento = await standIn((request, _body, response) => {
    momentoRequests.push(`${request.method} ${request.url}`);
    if (request.url?.startsWith("/topics/"))
      return void setTimeout(() => response.writeHead(200).end('{"items":[]}'), 100);
    if (request.method === "GET") firstCacheRead();
    response
      .writeHead(request.method === "GET" ? 404 : 204)
      .end(request.method === "GET" ? "Key Not Found" : "");
  });
  const terraform = fakeTerraform({
    "dynamodb-pipes-momento": {
      output: { stdout: { table_name: { value: table, type: "string", sensitive: false } } },
    },
  });
  const { child, done } = smoke(["dynamodb-pipes-momento", "--timeout", "60"], {
    ...bareEnv(terraform.env),
    PATH: process.env.PATH,
    HOME: emptyHome,
    TERRAFORM_BINARY: terraform.binary,
    INTEGRATIONS_STATE_BUCKET: "integ-dev-tfstate-123456789012-us-east-1",
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: dynamoUrl,
    MOMENTO_API_KEY: "test-momento-key",
    TF_VAR_momento_http_endpoint: momento.url,
  });
  await reading;
  const written = await client.send(new ScanCommand({ TableName: table }));
  expect(written.Items?.map((item) => item.Location?.S)).toEqual([
    expect.stringMatching(/^smoke-\d{8}-[0-9a-f]{8}$/),
  ]);
  child.kill("SIGINT");
  const result = await done;
  expect(result.code).toBe(130);
  expect(result.stderr).toContain("Interrupted: stopping the checks and removing what they wrote");
  expect((await client.send(new ScanCommand({ TableName: table }))).Items).toEqual([]);
  const key = written.Items?.[0]?.Location?.S ?? "";
  expect(momentoRequests).toContain(`DELETE /cache/momento-eventbridge-cache?key=${key}`);
  // The outputs came from a synthesized copy in a temporary folder, never from the project's cdktf.out.
  const dirs = terraform.calls().map((call) => call.args[0]);
  expect(dirs).toEqual(["init", "output"]);
  client.destroy();
  await momento.close();
  await dynamo.close();
}, 60_000);
