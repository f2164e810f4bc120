import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import { WEATHER_ATTRIBUTES } from "../../stacks/dynamodb-pipes-momento/data-contract";

/**
 * One weather row as Momento's sample clients write it; numbers are strings, as DynamoDB `N` values always
 * are. `ttl` is the item's `TTL` attribute: the cache lifetime in seconds.
 */
export interface WeatherRow {
  readonly location: string;
  readonly maxTemp: string;
  readonly minTemp: string;
  readonly chancesOfPrecipitation: string;
  /** `TTL` as DynamoDB stores it: `{N: "120"}`, a wrongly typed value, or absent (undefined). */
  readonly ttl?: AttributeValue;
}

/** A row with the sample's values (its CLI demo prints San Diego 42/31/91) and `TTL: 120`. */
export function weatherRow(overrides: Partial<WeatherRow> = {}): WeatherRow {
  return {
    location: "San Diego",
    maxTemp: "42",
    minTemp: "31",
    chancesOfPrecipitation: "91",
    ttl: { N: "120" },
    ...overrides,
  };
}

type Image = Record<string, AttributeValue>;

export function image(row: WeatherRow): Image {
  return {
    [WEATHER_ATTRIBUTES.location]: { S: row.location },
    [WEATHER_ATTRIBUTES.maxTemp]: { N: row.maxTemp },
    [WEATHER_ATTRIBUTES.minTemp]: { N: row.minTemp },
    [WEATHER_ATTRIBUTES.chancesOfPrecipitation]: { N: row.chancesOfPrecipitation },
    ...(row.ttl === undefined ? {} : { [WEATHER_ATTRIBUTES.cacheTtl]: row.ttl }),
  };
}

const REGION = "us-east-1";
export const STREAM_ARN = `arn:aws:dynamodb:${REGION}:123456789012:table/weather-stats-demo/stream/2025-01-01T00:00:00.000`;
let sequence = 100000000000000000000n;

/**
 * A stream record as Pipes hands it to its target, in the documented shape.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-dynamodb.html
 */
function record(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  location: string,
  images: { NewImage?: Image; OldImage?: Image },
  extra: Partial<DynamoDBRecord> = {},
): DynamoDBRecord {
  sequence += 1n;
  const dynamodb = {
    ApproximateCreationDateTime: 1735689600,
    Keys: { [WEATHER_ATTRIBUTES.location]: { S: location } },
    ...images,
    SequenceNumber: sequence.toString(),
    SizeBytes: 0,
    StreamViewType: "NEW_AND_OLD_IMAGES" as const,
  };
  dynamodb.SizeBytes = Buffer.byteLength(JSON.stringify([dynamodb.Keys, images]));
  return JSON.parse(
    JSON.stringify({
      eventID: sequence.toString(16).padStart(32, "0"),
      eventName,
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: REGION,
      dynamodb,
      eventSourceARN: STREAM_ARN,
      ...extra,
    }),
  );
}

/** A new item: NewImage only. */
export function insertRecord(row: WeatherRow): DynamoDBRecord {
  return record("INSERT", row.location, { NewImage: image(row) });
}

/** An update of the same key: both images. */
export function modifyRecord(before: WeatherRow, after: WeatherRow): DynamoDBRecord {
  if (before.location !== after.location) throw new Error("MODIFY keeps the partition key");
  return record("MODIFY", after.location, { NewImage: image(after), OldImage: image(before) });
}

/**
 * A deletion: OldImage only. `expiredByTtl` gives the record DynamoDB writes when its own TTL deletes the item.
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html
 */
export function removeRecord(row: WeatherRow, options: { expiredByTtl?: boolean } = {}): DynamoDBRecord {
  return record(
    "REMOVE",
    row.location,
    { OldImage: image(row) },
    options.expiredByTtl ? { userIdentity: { type: "Service", principalId: "dynamodb.amazonaws.com" } } : {},
  );
}
