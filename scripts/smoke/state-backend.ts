import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import type { StackSmoke } from "./context";
import { stringOutput } from "./outputs";
import { CheckFailure, mismatch } from "./runner";

/** Where the backend keeps state when `backend.keyPrefix` is not set (see stacks/config/project-config.ts). */
const DEFAULT_KEY_PREFIX = "cdktf-event-integrations";

/**
 * Writes a test object (not a state or lock file name) under the prefix the backend uses, reads it
 * back, checks versioning, default encryption and that plain http is refused by the bucket policy;
 * the object version is deleted at the end (no delete marker is left).
 */
export const smokeStateBackend: StackSmoke = async ({ outputs, config, clients, checks, run }) => {
  const stack = "state-backend";
  const bucket = stringOutput(outputs, stack, "bucket_name");
  const region = stringOutput(outputs, stack, "bucket_region");
  const s3 = clients.s3(region);
  const keyPrefix = config.backend.type === "s3" ? config.backend.keyPrefix : DEFAULT_KEY_PREFIX;
  const key = `${keyPrefix}/${config.environment}/smoke/${run.runId}.txt`;
  const body = `npm run smoke ${run.runId}\n`;

  await checks.check("versioning is enabled", async () => {
    const versioning = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    if (versioning.Status !== "Enabled")
      throw mismatch(`versioning of ${bucket}`, "Enabled", versioning.Status ?? "never enabled");
  });
  await checks.check("default encryption is on", async () => {
    const encryption = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
    const algorithms = (encryption.ServerSideEncryptionConfiguration?.Rules ?? []).map(
      (rule) => rule.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    );
    if (!algorithms.some((a) => a === "AES256" || a === "aws:kms" || a === "aws:kms:dsse"))
      throw mismatch(`default encryption of ${bucket}`, "AES256 or aws:kms", algorithms);
  });
  const written = await checks.check("write and read back a test object", async () => {
    const put = await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: "text/plain" }),
    );
    run.cleanup.add(`s3://${bucket}/${key} version ${put.VersionId ?? "(none)"}`, async () => {
      await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId }));
    });
    if (!put.VersionId) throw new CheckFailure(`s3://${bucket}/${key} got no version id: versioning is off`);
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key, VersionId: put.VersionId }));
    const text = (await got.Body?.transformToString("utf8")) ?? "";
    if (text !== body) throw mismatch(`s3://${bucket}/${key}`, body, text);
    if (!got.ServerSideEncryption) throw new CheckFailure(`s3://${bucket}/${key} is not encrypted at rest`);
    return { note: `${got.ServerSideEncryption}, version ${put.VersionId}` };
  });
  if (!written) {
    checks.skip("plain http is refused", "no test object to ask for");
    return;
  }
  await checks.check("plain http is refused", async () => {
    try {
      await clients.s3PlainHttp(region).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 403) return { note: "403 over http://" };
      throw mismatch(
        "answer to a GetObject over http://",
        "403 AccessDenied (aws:SecureTransport)",
        `${status ?? "no status"} ${error instanceof Error ? error.name : ""}`,
      );
    }
    throw new CheckFailure(
      `s3://${bucket}/${key} was served over plain http: the bucket policy does not deny aws:SecureTransport false`,
    );
  });
};
