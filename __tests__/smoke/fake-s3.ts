import {
  DeleteObjectCommand,
  GetBucketEncryptionCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
  type ServerSideEncryption,
} from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";

interface Version {
  readonly versionId: string;
  readonly body: Buffer | undefined; // undefined: a delete marker
  readonly lastModified: Date;
}

export interface FakeBucketOptions {
  readonly versioning?: "Enabled" | "Suspended" | undefined;
  readonly encryption?: string | undefined;
  /** What a request over http:// gets: 403 (a TLS-only policy) or the object. */
  readonly plainHttp?: "denied" | "served";
  /** Keys per ListObjectsV2 page (S3's is 1000). */
  readonly pageSize?: number;
}

/**
 * An in-memory, versioned S3 bucket behind the real S3Client (aws-sdk-client-mock): enough of
 * PutObject, GetObject, ListObjectsV2, ListObjectVersions, DeleteObject and the bucket settings for
 * the smoke checks. Requests from a client with an http:// endpoint are answered as the bucket
 * policy would.
 */
export function fakeS3(options: FakeBucketOptions = {}) {
  const versioning = "versioning" in options ? options.versioning : "Enabled";
  const encryption = "encryption" in options ? options.encryption : "AES256";
  const pageSize = options.pageSize ?? 1000;
  const objects = new Map<string, Version[]>();
  let counter = 0;
  const mock = mockClient(S3Client);
  const current = (key: string) => objects.get(key)?.at(-1);
  const put = (key: string, body: Buffer | undefined) => {
    const version = {
      versionId: versioning === "Enabled" ? `v${++counter}` : "null",
      body,
      lastModified: new Date(),
    };
    const versions = versioning === "Enabled" ? (objects.get(key) ?? []) : [];
    objects.set(key, [...versions, version]);
    return version;
  };
  const isPlainHttp = async (getClient: () => S3Client) =>
    (await getClient().config.endpoint?.())?.protocol === "http:";

  mock.on(PutObjectCommand).callsFake((input: { Key: string; Body: string | Uint8Array }) => {
    const version = put(input.Key, Buffer.from(input.Body));
    return {
      VersionId: versioning === "Enabled" ? version.versionId : undefined,
      ServerSideEncryption: encryption,
    };
  });
  mock.on(GetObjectCommand).callsFake(async (input: { Key: string; VersionId?: string }, getClient) => {
    if ((await isPlainHttp(getClient as () => S3Client)) && options.plainHttp !== "served")
      throw Object.assign(new Error("Access Denied"), {
        name: "AccessDenied",
        $metadata: { httpStatusCode: 403 },
      });
    const version = input.VersionId
      ? objects.get(input.Key)?.find((v) => v.versionId === input.VersionId)
      : current(input.Key);
    if (!version?.body)
      throw Object.assign(new Error("The specified key does not exist."), {
        name: "NoSuchKey",
        $metadata: { httpStatusCode: 404 },
      });
    const bytes = version.body;
    return {
      ServerSideEncryption: encryption,
      VersionId: version.versionId,
      Body: {
        transformToByteArray: async () => new Uint8Array(bytes),
        transformToString: async () => bytes.toString("utf8"),
      },
    };
  });
  mock.on(ListObjectsV2Command).callsFake((input: { Prefix?: string; ContinuationToken?: string }) => {
    const keys = [...objects.keys()]
      .sort()
      .filter((key) => key.startsWith(input.Prefix ?? "") && current(key)?.body !== undefined);
    const start = Number(input.ContinuationToken ?? 0);
    const page = keys.slice(start, start + pageSize);
    return {
      Contents: page.map((key) => ({ Key: key, LastModified: current(key)?.lastModified })),
      NextContinuationToken: start + pageSize < keys.length ? String(start + pageSize) : undefined,
    };
  });
  mock.on(ListObjectVersionsCommand).callsFake((input: { Prefix?: string }) => {
    const all = [...objects.entries()].filter(([key]) => key.startsWith(input.Prefix ?? ""));
    const entries = (markers: boolean) =>
      all.flatMap(([key, versions]) =>
        versions
          .filter((v) => (v.body === undefined) === markers)
          .map((v) => ({ Key: key, VersionId: v.versionId })),
      );
    return { Versions: entries(false), DeleteMarkers: entries(true) };
  });
  mock.on(DeleteObjectCommand).callsFake((input: { Key: string; VersionId?: string }) => {
    if (input.VersionId) {
      const remaining = (objects.get(input.Key) ?? []).filter((v) => v.versionId !== input.VersionId);
      if (remaining.length > 0) objects.set(input.Key, remaining);
      else objects.delete(input.Key);
      return { VersionId: input.VersionId };
    }
    if (versioning !== "Enabled") {
      objects.delete(input.Key);
      return {};
    }
    return { DeleteMarker: true, VersionId: put(input.Key, undefined).versionId };
  });
  mock.on(GetBucketVersioningCommand).resolves(versioning ? { Status: versioning } : {});
  mock.on(GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: encryption
        ? [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: encryption as ServerSideEncryption } }]
        : [],
    },
  });

  return {
    mock,
    /** Keys with their versions (delete markers included): what is left in the bucket. */
    keys: () => [...objects.keys()].sort(),
    write: (key: string, body: string) => put(key, Buffer.from(body)),
    read: (key: string) => current(key)?.body?.toString("utf8"),
  };
}
