import type { AttributeValue, DynamoDBRecord } from "aws-lambda";
import { WEATHER_ATTRIBUTES } from "../../stacks/dynamodb-pipes-momento/templates";
import type { JsonValue } from "../support/pipes-input-template";

/** One weather row as the demo writes it; numbers are strings, as DynamoDB `N` values always are. */
export interface WeatherRow {
  readonly location: string;
  readonly maxTemp: string;
  readonly minTemp: string;
  readonly chancesOfPrecipitation: string;
  readonly expiresAt: string;
  /** Absent for items written without a cache TTL (the demo always writes one; other writers may not). */
  readonly cacheTtlSeconds?: string;
}

/** A row with typical values; override what a test cares about. */
export function weatherRow(overrides: Partial<WeatherRow> = {}): WeatherRow {
  return {
    location: "San Diego",
    maxTemp: "42",
    minTemp: "31",
    chancesOfPrecipitation: "91",
    expiresAt: "1767229200",
    cacheTtlSeconds: "3600",
    ...overrides,
  };
}

type Image = Record<string, AttributeValue>;

function image(row: WeatherRow): Image {
  return {
    [WEATHER_ATTRIBUTES.location]: { S: row.location },
    [WEATHER_ATTRIBUTES.maxTemp]: { N: row.maxTemp },
    [WEATHER_ATTRIBUTES.minTemp]: { N: row.minTemp },
    [WEATHER_ATTRIBUTES.chancesOfPrecipitation]: { N: row.chancesOfPrecipitation },
    [WEATHER_ATTRIBUTES.expiresAt]: { N: row.expiresAt },
    ...(row.cacheTtlSeconds === undefined
      ? {}
      : { [WEATHER_ATTRIBUTES.cacheTtlSeconds]: { N: row.cacheTtlSeconds } }),
  };
}

const REGION = "us-east-1";
const STREAM_ARN = `arn:aws:dynamodb:${REGION}:123456789012:table/weather-stats-demo/stream/2025-01-01T00:00:00.000`;
let sequence = 100000000000000000000n;

// Pipes hands the target one stream record per event, with this envelope (batch size 1, no enrichment).
function record(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  location: string,
  images: { NewImage?: Image; OldImage?: Image },
): JsonValue {
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
  const built = {
    eventID: sequence.toString(16).padStart(32, "0"),
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: REGION,
    dynamodb,
    eventSourceARN: STREAM_ARN,
  } satisfies DynamoDBRecord;
  // Round-trip through JSON: that is the form Pipes evaluates paths against.
  return JSON.parse(JSON.stringify(built)) as JsonValue;
}

/** A new item: NewImage only. */
export function insertRecord(row: WeatherRow): JsonValue {
  return record("INSERT", row.location, { NewImage: image(row) });
}

/** An update of the same key: both images. */
export function modifyRecord(before: WeatherRow, after: WeatherRow): JsonValue {
  if (before.location !== after.location) throw new Error("MODIFY keeps the partition key");
  return record("MODIFY", after.location, { NewImage: image(after), OldImage: image(before) });
}

/** A deletion (by a user or by DynamoDB TTL): OldImage only. */
export function removeRecord(row: WeatherRow): JsonValue {
  return record("REMOVE", row.location, { OldImage: image(row) });
}
