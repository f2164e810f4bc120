import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { WEATHER_ATTRIBUTES } from "../../../stacks/dynamodb-pipes-momento/templates";
import type { WeatherInput } from "./args";

/** The table item for one reading, using the attribute names the pipes' templates read. */
export function weatherItem(
  weather: WeatherInput,
  ttlSeconds: number,
  now: Date,
): Record<string, AttributeValue> {
  return {
    [WEATHER_ATTRIBUTES.location]: { S: weather.location },
    [WEATHER_ATTRIBUTES.maxTemp]: { N: weather.maxTemp },
    [WEATHER_ATTRIBUTES.minTemp]: { N: weather.minTemp },
    [WEATHER_ATTRIBUTES.chancesOfPrecipitation]: { N: weather.chancesOfPrecipitation },
    // Epoch seconds, the form DynamoDB TTL expects; the cache gets the duration below instead.
    [WEATHER_ATTRIBUTES.expiresAt]: { N: String(expiresAt(now, ttlSeconds)) },
    [WEATHER_ATTRIBUTES.cacheTtlSeconds]: { N: String(ttlSeconds) },
  };
}

/** Epoch seconds `ttlSeconds` after `now`. */
export function expiresAt(now: Date, ttlSeconds: number): number {
  return Math.floor(now.getTime() / 1000) + ttlSeconds;
}
