import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { WEATHER_ATTRIBUTES } from "../../../stacks/dynamodb-pipes-momento/data-contract";
import type { WeatherInput } from "./args";

/**
 * The table item for one reading, in the shape Momento's sample clients write: the key, the three readings
 * as numbers, and `TTL`, the cache lifetime in seconds (a duration, not a DynamoDB TTL epoch).
 */
export function weatherItem(weather: WeatherInput, ttlSeconds: number): Record<string, AttributeValue> {
  return {
    [WEATHER_ATTRIBUTES.location]: { S: weather.location },
    [WEATHER_ATTRIBUTES.maxTemp]: { N: weather.maxTemp },
    [WEATHER_ATTRIBUTES.minTemp]: { N: weather.minTemp },
    [WEATHER_ATTRIBUTES.chancesOfPrecipitation]: { N: weather.chancesOfPrecipitation },
    [WEATHER_ATTRIBUTES.cacheTtl]: { N: String(ttlSeconds) },
  };
}
