import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentityProvider, Checksum, SourceData } from "@smithy/types";

/** SHA-256 (or HMAC-SHA-256 with a secret) from node:crypto, in the shape SignatureV4 expects. */
class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", toBytes(this.secret));
  }
}

function toBytes(data: SourceData): Uint8Array {
  if (typeof data === "string") return Buffer.from(data, "utf8");
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

/** Signs an HTTP request for `execute-api` (IAM-authorized API Gateway): returns the headers to send. */
export type ApiRequestSigner = (
  url: string,
  method: string,
  body: string,
  headers: Readonly<Record<string, string>>,
) => Promise<Record<string, string>>;

/**
 * SigV4 for API Gateway with `authorization: "AWS_IAM"`, with the same credentials as the SDK clients.
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-control-access-using-iam-policies-to-invoke-api.html
 */
export function executeApiSigner(
  region: string,
  credentials: AwsCredentialIdentityProvider,
): ApiRequestSigner {
  const signer = new SignatureV4({ service: "execute-api", region, credentials, sha256: NodeSha256 });
  return async (url, method, body, headers) => {
    const target = new URL(url);
    const signed = await signer.sign({
      method,
      protocol: target.protocol,
      hostname: target.hostname,
      port: target.port ? Number(target.port) : undefined,
      path: target.pathname,
      query: Object.fromEntries(target.searchParams),
      headers: { ...headers, host: target.host },
      body,
    });
    const { host: _host, ...rest } = signed.headers;
    return rest;
  };
}
