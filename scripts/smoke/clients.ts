import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { KinesisClient } from "@aws-sdk/client-kinesis";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { SFNClient } from "@aws-sdk/client-sfn";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { type ApiRequestSigner, executeApiSigner } from "./sign";

/** The real AWS SDK v3 clients the checks use; tests pass clients aimed at local stand-ins or mocks. */
export interface SmokeClients {
  readonly events: EventBridgeClient;
  readonly kinesis: KinesisClient;
  readonly lambda: LambdaClient;
  readonly rds: RDSClient;
  readonly logs: CloudWatchLogsClient;
  readonly sfn: SFNClient;
  readonly dynamodb: DynamoDBClient;
  /** S3 in the given region (the state bucket may live in another one). */
  readonly s3: (region: string) => S3Client;
  /** S3 over plain http, only to prove that the bucket policy refuses it. */
  readonly s3PlainHttp: (region: string) => S3Client;
  /** SigV4 for IAM-authorized API Gateway requests. */
  readonly signApiRequest: ApiRequestSigner;
}

export function awsClients(region: string, credentials: AwsCredentialIdentityProvider): SmokeClients {
  const common = { region, credentials, maxAttempts: 3 };
  return {
    events: new EventBridgeClient(common),
    kinesis: new KinesisClient(common),
    lambda: new LambdaClient(common),
    rds: new RDSClient(common),
    logs: new CloudWatchLogsClient(common),
    sfn: new SFNClient(common),
    dynamodb: new DynamoDBClient(common),
    s3: (bucketRegion) => new S3Client({ ...common, region: bucketRegion }),
    s3PlainHttp: (bucketRegion) =>
      new S3Client({
        ...common,
        region: bucketRegion,
        maxAttempts: 1,
        endpoint: `http://s3.${bucketRegion}.amazonaws.com`,
      }),
    signApiRequest: executeApiSigner(region, credentials),
  };
}
