import { PutObjectCommand } from "@aws-sdk/client-s3";
import { smokeStateBackend } from "../../scripts/smoke/state-backend";
import { type FakeBucketOptions, fakeS3 } from "./fake-s3";
import { REGION, RUN_ID, runStack, testClients } from "./harness";

const BUCKET = "integ-dev-tfstate-123456789012-us-east-1";
const outputs = { bucket_name: BUCKET, bucket_region: REGION, bucket_arn: `arn:aws:s3:::${BUCKET}` };

let s3: ReturnType<typeof fakeS3> | undefined;
afterEach(() => s3?.mock.restore());

async function smoke(bucket: FakeBucketOptions) {
  s3 = fakeS3(bucket);
  s3.write("cdktf-event-integrations/dev/rds-autotag.tfstate", "{}");
  return runStack("state-backend", { outputs, clients: testClients(), smoke: smokeStateBackend });
}

test("a correct bucket passes; the test object sat under the backend's prefix and is gone, state untouched", async () => {
  const run = await smoke({ plainHttp: "denied" });
  expect(run.lines).toEqual([
    "versioning is enabled: ok",
    "default encryption is on: ok",
    "write and read back a test object: ok",
    "plain http is refused: ok",
  ]);
  const written = s3?.mock.commandCalls(PutObjectCommand);
  expect(written?.map((call) => call.args[0].input.Key)).toEqual([
    `cdktf-event-integrations/dev/smoke/${RUN_ID}.txt`,
  ]);
  expect(s3?.keys()).toEqual(["cdktf-event-integrations/dev/rds-autotag.tfstate"]);
  expect(run.summary).toMatchObject({ failed: 0, leftBehind: [] });
});

test("a bucket that serves plain http fails, and the object is still removed", async () => {
  const run = await smoke({ plainHttp: "served" });
  expect(run.lines).toContain("plain http is refused: FAIL");
  expect(run.detail("plain http is refused")).toMatch(
    /served over plain http: the bucket policy does not deny aws:SecureTransport/,
  );
  expect(s3?.keys()).toEqual(["cdktf-event-integrations/dev/rds-autotag.tfstate"]);
});

test("versioning off and no default encryption fail with what was expected and seen", async () => {
  const run = await smoke({ versioning: undefined, encryption: undefined, plainHttp: "denied" });
  expect(run.detail("versioning is enabled")).toBe(
    `versioning of ${BUCKET}: expected "Enabled", saw "never enabled"`,
  );
  expect(run.detail("default encryption is on")).toMatch(/expected "AES256 or aws:kms", saw \[\]/);
  expect(run.detail("write and read back a test object")).toMatch(/got no version id: versioning is off/);
  expect(s3?.keys()).toEqual(["cdktf-event-integrations/dev/rds-autotag.tfstate"]);
});
