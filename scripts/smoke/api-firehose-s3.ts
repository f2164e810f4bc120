import { gunzipSync } from "node:zlib";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { StackSmoke, StackSmokeInput } from "./context";
import { stringOutput } from "./outputs";
import { CheckFailure, mismatch, waitFor } from "./runner";

/** The records the smoke test sends: one single, three in a batch; each carries the run id. */
export function smokeRecords(runId: string): { single: unknown; batch: unknown[] } {
  return {
    single: { smokeRun: runId, kind: "single", city: "San Diego", note: "ü & <tag>" },
    batch: [{ smokeRun: runId, kind: "batch", n: 1 }, `${runId} two`, [runId, 3, null]],
  };
}

/**
 * POSTs a single record and a batch, with pretty-printed bodies, waits for Firehose's buffer, and checks
 * that the objects under `records/` hold one compact JSON line per record, byte for byte; then the
 * error paths (400 bad body, 415 other content type, 403 no key). Objects that hold only smoke records
 * are deleted (every version) at the end; an object shared with real records is left and reported.
 */
export const smokeApiFirehoseS3: StackSmoke = async (input) => {
  const { outputs, config, checks, run } = input;
  const stack = "api-firehose-s3";
  const settings = config.stacks[stack];
  const invokeUrl = stringOutput(outputs, stack, "invoke_url");
  const batchUrl = stringOutput(outputs, stack, "batch_invoke_url");
  const bucket = stringOutput(outputs, stack, "bucket_name");
  const errorLog = stringOutput(outputs, stack, "delivery_error_log_group");
  const iam = settings.authorization === "AWS_IAM";
  const apiKey = iam ? undefined : stringOutput(outputs, stack, "api_key_value");
  const send = (url: string, body: string, headers: Record<string, string>) =>
    input.fetch(url, {
      method: "POST",
      body,
      headers,
      signal: AbortSignal.any([run.signal, AbortSignal.timeout(30_000)]),
    });
  /** A request with credentials: the API key, or a SigV4 signature with `authorization: "AWS_IAM"`. */
  const post = async (url: string, body: string, contentType = "application/json") => {
    const headers = { "Content-Type": contentType, ...(apiKey ? { "x-api-key": apiKey } : {}) };
    return send(url, body, iam ? await input.clients.signApiRequest(url, "POST", body, headers) : headers);
  };

  await checks.check(`403 without ${iam ? "a signature" : "an API key"}`, async () => {
    const response = await send(invokeUrl, JSON.stringify({ Data: run.runId }), {
      "Content-Type": "application/json",
    });
    if (response.status !== 403)
      throw mismatch("status of a request without credentials", 403, response.status);
  });
  await checks.check("400 on a bad body", async () => {
    const response = await post(invokeUrl, JSON.stringify({ Nope: run.runId }));
    if (response.status !== 400) throw mismatch('status for {"Nope": ...}', 400, response.status);
  });
  await checks.check("415 on text/plain", async () => {
    const response = await post(invokeUrl, JSON.stringify({ Data: run.runId }), "text/plain");
    if (response.status !== 415) throw mismatch("status for Content-Type text/plain", 415, response.status);
  });

  const records = smokeRecords(run.runId);
  const sentAt = new Date();
  const single = await checks.check("POST a single record", async () => {
    // Pretty-printed on purpose: what lands in S3 must be compact JSON, whatever the client sent.
    const response = await post(invokeUrl, JSON.stringify({ Data: records.single }, null, 2));
    const body = await response.text();
    if (response.status !== 200 || !/"RecordId"/.test(body))
      throw mismatch("response", '200 {"RecordId": ...}', `${response.status} ${body}`);
    return true;
  });
  const batch = await checks.check("POST a batch of 3", async () => {
    const response = await post(
      batchUrl,
      JSON.stringify({ Records: records.batch.map((Data) => ({ Data })) }, null, 2),
    );
    const body = await response.text();
    const parsed = safeJson(body) as { FailedPutCount?: number; RequestResponses?: unknown[] } | undefined;
    if (response.status !== 200 || parsed?.FailedPutCount !== 0 || parsed.RequestResponses?.length !== 3)
      throw mismatch(
        "response",
        '200 {"FailedPutCount": 0, "RequestResponses": [3 entries]}',
        `${response.status} ${body}`,
      );
    return true;
  });
  if (!single || !batch) {
    checks.skip("records in S3 as NDJSON, byte for byte", "nothing was accepted by the API");
    return;
  }

  const expected = [records.single, ...records.batch].map((record) => JSON.stringify(record));
  // Firehose flushes after the buffer interval; S3 listing and delivery retries get two more minutes.
  const timeoutSeconds = run.timeoutSeconds ?? settings.buffering.intervalSeconds + 120;
  await checks.check("records in S3 as NDJSON, byte for byte", async () => {
    run.progress(
      `  api-firehose-s3: Firehose buffers up to ${settings.buffering.intervalSeconds} s or ${settings.buffering.sizeMiB} MiB; waiting at most ${timeoutSeconds} s for s3://${bucket}/records/`,
    );
    const found = await findSmokeObjects(input, bucket, sentAt, expected.length, timeoutSeconds, errorLog);
    const shared = found.filter((object) => !object.lines.every((line) => line.includes(run.runId)));
    for (const object of found.filter((o) => !shared.includes(o)))
      run.cleanup.add(`s3://${bucket}/${object.key} (every version)`, () =>
        deleteAllVersions(input.clients.s3(config.region), bucket, object.key),
      );
    for (const object of shared)
      run.progress(
        `  api-firehose-s3: s3://${bucket}/${object.key} also holds other records; it is left in place`,
      );
    checkNdjson(found, expected, run.runId, errorLog);
    const left =
      shared.length > 0 ? `; ${shared.length} object(s) shared with other records left in place` : "";
    return {
      note: `${expected.length} lines in ${found.length} object(s), ${Math.round((Date.now() - sentAt.getTime()) / 1000)} s after sending${left}`,
    };
  });
};

interface FoundObject {
  readonly key: string;
  readonly text: string;
  readonly lines: readonly string[];
}

/** Polls the hourly prefixes since `sentAt` until the objects hold `count` lines with the run id. */
async function findSmokeObjects(
  input: StackSmokeInput,
  bucket: string,
  sentAt: Date,
  count: number,
  timeoutSeconds: number,
  errorLog: string,
): Promise<FoundObject[]> {
  const s3 = input.clients.s3(input.config.region);
  const { run } = input;
  const read = new Map<string, FoundObject>();
  const ours = () => [...read.values()].filter((object) => object.text.includes(run.runId));
  return waitFor(
    run,
    `${count} records with ${run.runId} under s3://${bucket}/records/`,
    async () => {
      for (const prefix of hourlyPrefixes(sentAt, new Date())) {
        // A busy hour holds more than one page of objects; Firehose names them by time, so the
        // newest (ours) come last.
        let token: string | undefined;
        do {
          const listed = await s3.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
          for (const item of listed.Contents ?? []) {
            if (!item.Key || read.has(item.Key)) continue;
            if (item.LastModified && item.LastModified.getTime() < sentAt.getTime() - 60_000) continue;
            read.set(item.Key, await readObject(s3, bucket, item.Key));
          }
          token = listed.NextContinuationToken;
        } while (token);
      }
      const lines = ours().flatMap((object) => object.lines.filter((line) => line.includes(run.runId)));
      return lines.length >= count || (lines.length > 0 && ours().some((o) => !o.text.endsWith("\n")))
        ? ours()
        : undefined;
    },
    {
      defaultTimeoutSeconds: timeoutSeconds,
      where: `${errorLog} and s3://${bucket}/errors/`,
      lastSeen: () => `${ours().length} object(s) with the run id`,
    },
  );
}

/** `records/year=YYYY/month=MM/day=DD/hour=HH/` for every UTC hour from `from` to `to`. */
export function hourlyPrefixes(from: Date, to: Date): string[] {
  const prefixes: string[] = [];
  const hour = new Date(
    Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate(), from.getUTCHours()),
  );
  for (; hour.getTime() <= to.getTime(); hour.setUTCHours(hour.getUTCHours() + 1)) {
    const pad = (n: number) => String(n).padStart(2, "0");
    prefixes.push(
      `records/year=${hour.getUTCFullYear()}/month=${pad(hour.getUTCMonth() + 1)}/day=${pad(hour.getUTCDate())}/hour=${pad(hour.getUTCHours())}/`,
    );
  }
  return prefixes;
}

async function readObject(s3: S3Client, bucket: string, key: string): Promise<FoundObject> {
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
  const text = (key.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
  return { key, text, lines: text.split("\n").filter((line) => line !== "") };
}

/** Every object ends with a newline, every line is JSON, and the run's lines are exactly the records sent. */
function checkNdjson(
  found: readonly FoundObject[],
  expected: readonly string[],
  runId: string,
  errorLog: string,
): void {
  for (const object of found) {
    if (!object.text.endsWith("\n"))
      throw new CheckFailure(
        `s3 object ${object.key} does not end with a line break: records are not one per line`,
        errorLog,
      );
    const bad = object.lines.find((line) => safeJson(line) === undefined);
    if (bad !== undefined)
      throw new CheckFailure(
        `s3 object ${object.key} has a line that is not one JSON value: ${bad.slice(0, 200)}`,
        errorLog,
      );
  }
  const seen = found.flatMap((object) => object.lines.filter((line) => line.includes(runId))).sort();
  const want = [...expected].sort();
  if (JSON.stringify(seen) !== JSON.stringify(want))
    throw mismatch("the smoke records' lines", want, seen, errorLog);
}

async function deleteAllVersions(s3: S3Client, bucket: string, key: string): Promise<void> {
  const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: key }));
  const ids = [...(versions.Versions ?? []), ...(versions.DeleteMarkers ?? [])]
    .filter((version) => version.Key === key)
    .map((version) => version.VersionId);
  for (const versionId of ids.length > 0 ? ids : [undefined])
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key, VersionId: versionId }));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
