import {
  type AttributeValue,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import { WEATHER_ATTRIBUTES } from "../../../stacks/dynamodb-pipes-momento/data-contract";
import type { AwsConfig } from "./config";

/** A DynamoDB client for the configured region, endpoint and (if given) credentials. */
export function createDynamoClient(config: AwsConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    endpoint: config.endpoint,
    credentials: config.credentials,
    // A demo should fail fast and say why, not retry for half a minute.
    maxAttempts: 2,
  });
}

function describeFailure(action: string, table: string, error: unknown): Error {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return new Error(`${action} on table "${table}" failed: ${message}`, { cause: error });
}

/** Writes (or overwrites) the item; the stream then emits INSERT or MODIFY. */
export async function putWeather(
  client: DynamoDBClient,
  tableName: string,
  item: Record<string, AttributeValue>,
): Promise<void> {
  try {
    await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
  } catch (error) {
    throw describeFailure("PutItem", tableName, error);
  }
}

/** Deletes the item for `location`; true when there was one (only then does the stream emit REMOVE). */
export async function deleteWeather(
  client: DynamoDBClient,
  tableName: string,
  location: string,
): Promise<boolean> {
  try {
    const result = await client.send(
      new DeleteItemCommand({
        TableName: tableName,
        Key: { [WEATHER_ATTRIBUTES.location]: { S: location } },
        ReturnValues: "ALL_OLD",
      }),
    );
    return result.Attributes !== undefined;
  } catch (error) {
    throw describeFailure("DeleteItem", tableName, error);
  }
}
