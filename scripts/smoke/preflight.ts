import { defaultProvider } from "@aws-sdk/credential-provider-node";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { KNOWN_REGIONS } from "../../stacks/core/regions";

/** How long the credential provider chain may search (environment, SSO, web identity, files, IMDS). */
export const CREDENTIALS_TIMEOUT_MS = 4000;

/** No credentials or no region: nothing was attempted. */
export class PreflightError extends Error {
  override readonly name = "PreflightError";
}

/**
 * The region every stack was deployed to is the configuration's `region` (the same one synth used);
 * refuse an empty or unknown one before any call is made.
 */
export function checkRegion(region: string | undefined): string {
  if (!region)
    throw new PreflightError(
      "No AWS region: set `region` in cdktf.json or INTEGRATIONS_REGION (the region the stacks are deployed to)",
    );
  if (!KNOWN_REGIONS.includes(region))
    throw new PreflightError(`AWS region "${region}" is not a known region code (for example us-east-1)`);
  return region;
}

/**
 * Resolves credentials once through the SDK's default provider chain, with a short instance-metadata
 * timeout and an overall deadline, so a machine without credentials gets an answer in seconds instead
 * of the SDK's retries. The returned provider is the same memoized chain, for every client.
 * @see https://docs.aws.amazon.com/sdk-for-javascript/v3/developer-guide/setting-credentials-node.html
 */
export async function resolveCredentials(
  env: NodeJS.ProcessEnv = process.env,
  timeoutMs = CREDENTIALS_TIMEOUT_MS,
  provider: AwsCredentialIdentityProvider = defaultProvider({
    timeout: 1000,
    maxRetries: 0,
    profile: env.AWS_PROFILE,
  }),
): Promise<AwsCredentialIdentityProvider> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer from the credential provider chain within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    const credentials = await Promise.race([provider(), deadline]);
    if (!credentials.accessKeyId) throw new Error("the provider chain returned no access key");
    return provider;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PreflightError(
      `No AWS credentials (${why}). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE ` +
        "(aws sso login / aws configure), or run where an instance or container role is available. Nothing was attempted.",
    );
  } finally {
    clearTimeout(timer);
  }
}
