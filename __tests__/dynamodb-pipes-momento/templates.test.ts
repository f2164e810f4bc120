import {
  type ApiDestinationTargetParameters,
  cacheDeleteFilters,
  cacheDeleteTarget,
  cachePutFilters,
  cachePutTarget,
  DEFAULT_CACHE_NAME,
  DEFAULT_TOPIC_NAME,
  type FilterPattern,
  MAX_PATH_PARAMETERS,
  MOMENTO_OPERATIONS,
  type MomentoOperation,
  topicPublishFilters,
  topicPublishOperation,
  topicPublishTarget,
} from "../../stacks/dynamodb-pipes-momento/templates";
import { matchesEventPattern } from "../support/event-pattern";
import {
  apiDestinationRequest,
  type JsonValue,
  parseJsonPath,
  renderInputTemplate,
} from "../support/pipes-input-template";
import { insertRecord, modifyRecord, removeRecord, type WeatherRow, weatherRow } from "./records";

const cachePut = cachePutTarget(DEFAULT_CACHE_NAME);
const topicPublish = topicPublishTarget(DEFAULT_TOPIC_NAME);
const cacheDelete = cacheDeleteTarget(DEFAULT_CACHE_NAME);
const publishOperation = topicPublishOperation(DEFAULT_CACHE_NAME);

/** The cache value / topic message the original demo shows for a row (numbers as JSON strings). */
function weatherJson(row: WeatherRow): Record<string, string> {
  return {
    Location: row.location,
    MaxTemp: row.maxTemp,
    MinTemp: row.minTemp,
    ChancesOfPrecipitation: row.chancesOfPrecipitation,
  };
}

/** A pipe's filters are alternatives; no filter lets everything through. */
function passes(filters: readonly FilterPattern[], event: JsonValue): boolean {
  return filters.length === 0 || filters.some((f) => matchesEventPattern(f, event, { target: "pipe" }));
}

const locations: Array<[string, string]> = [
  ["a space", "San Diego"],
  ["non-ASCII", "São Paulo"],
  ["a double quote", 'Joe\'s "Best" Beach'],
  ["a backslash", "C:\\Weather"],
];

describe("target parameters as data", () => {
  it("matches the Momento HTTP API calls", () => {
    expect(cachePut).toEqual({
      inputTemplate:
        '{"Location": <$.dynamodb.Keys.Location.S>, "MaxTemp": "<$.dynamodb.NewImage.MaxTemp.N>", ' +
        '"MinTemp": "<$.dynamodb.NewImage.MinTemp.N>", ' +
        '"ChancesOfPrecipitation": "<$.dynamodb.NewImage.ChancesOfPrecipitation.N>"}',
      pathParameterValues: [DEFAULT_CACHE_NAME],
      queryStringParameters: {
        key: "$.dynamodb.Keys.Location.S",
        ttl_seconds: "$.dynamodb.NewImage.TtlSeconds.N",
      },
      headerParameters: { "Content-Type": "application/octet-stream" },
    });
    expect(topicPublish.inputTemplate).toMatch(/^\{"EventType": <\$\.eventName>, "Location": /);
    expect(topicPublish.pathParameterValues).toEqual([DEFAULT_TOPIC_NAME]);
    expect(topicPublish.queryStringParameters).toBeUndefined();
    expect(topicPublish.headerParameters).toEqual({ "Content-Type": "text/plain" });
    expect(cacheDelete).toEqual({
      pathParameterValues: [DEFAULT_CACHE_NAME],
      queryStringParameters: { key: "$.dynamodb.Keys.Location.S" },
    });
  });

  it("quotes exactly the placeholders whose path may be absent (NewImage), and uses supported paths", () => {
    for (const target of [cachePut, topicPublish, cacheDelete]) {
      const template = target.inputTemplate ?? "";
      for (const [, quote, path] of template.matchAll(/("?)<(\$[^>]*)>/g)) {
        expect({ path, quoted: quote === '"' }).toEqual({ path, quoted: path.includes(".NewImage.") });
        expect(() => parseJsonPath(path)).not.toThrow();
      }
      for (const value of Object.values(target.queryStringParameters ?? {})) {
        expect(() => parseJsonPath(value)).not.toThrow();
      }
    }
  });

  it("follows a configured partition key", () => {
    expect(cachePutTarget("c", "City").queryStringParameters?.key).toBe("$.dynamodb.Keys.City.S");
    expect(cacheDeleteTarget("c", "City").queryStringParameters?.key).toBe("$.dynamodb.Keys.City.S");
    expect(topicPublishTarget("t", "City").inputTemplate).toContain('"City": <$.dynamodb.Keys.City.S>');
  });

  it("has one path value per wildcard, and never more than the provider accepts", () => {
    const pairs: Array<[ApiDestinationTargetParameters, MomentoOperation]> = [
      [cachePut, MOMENTO_OPERATIONS.cachePut],
      [topicPublish, publishOperation],
      [cacheDelete, MOMENTO_OPERATIONS.cacheDelete],
    ];
    for (const [target, operation] of pairs) {
      expect(target.pathParameterValues).toHaveLength(operation.endpointPath.split("*").length - 1);
      expect(target.pathParameterValues.length).toBeLessThanOrEqual(MAX_PATH_PARAMETERS);
    }
    expect(publishOperation).toEqual({ httpMethod: "POST", endpointPath: `/topics/${DEFAULT_CACHE_NAME}/*` });
  });

  it("renders the same whether or not an always-present string placeholder is quoted (quotes are permitted)", () => {
    const event = insertRecord(weatherRow({ location: 'Joe\'s "Best" Beach' }));
    const quoted = (cachePut.inputTemplate ?? "").replace("<$.dynamodb.Keys.Location.S>", '"$&"');
    expect(JSON.parse(renderInputTemplate(quoted, event))).toEqual(
      JSON.parse(renderInputTemplate(cachePut.inputTemplate ?? "", event)),
    );
  });
});

describe("filters: which pipe sees which record", () => {
  const row = weatherRow();
  const noCacheTtl = weatherRow({ cacheTtlSeconds: undefined });
  const records: Record<string, JsonValue> = {
    INSERT: insertRecord(row),
    MODIFY: modifyRecord(row, row),
    REMOVE: removeRecord(row),
    "INSERT without TtlSeconds": insertRecord(noCacheTtl),
    "MODIFY that drops TtlSeconds": modifyRecord(row, noCacheTtl),
    "REMOVE without TtlSeconds": removeRecord(noCacheTtl),
  };

  it.each([
    ["cache put", cachePutFilters, ["INSERT", "MODIFY"]],
    [
      "topic publish",
      topicPublishFilters,
      [
        "INSERT",
        "MODIFY",
        "REMOVE",
        "INSERT without TtlSeconds",
        "MODIFY that drops TtlSeconds",
        "REMOVE without TtlSeconds",
      ],
    ],
    [
      "cache delete",
      cacheDeleteFilters,
      ["REMOVE", "INSERT without TtlSeconds", "MODIFY that drops TtlSeconds", "REMOVE without TtlSeconds"],
    ],
  ] as const)("%s pipe", (_name, filters, expected) => {
    const seen = Object.entries(records)
      .filter(([, event]) => passes(filters, event))
      .map(([name]) => name);
    expect(seen).toEqual(expected);
  });

  it("send every record to exactly one of the two cache pipes", () => {
    for (const [name, event] of Object.entries(records)) {
      expect({
        name,
        calls: [cachePutFilters, cacheDeleteFilters].filter((f) => passes(f, event)).length,
      }).toEqual({
        name,
        calls: 1,
      });
    }
  });
});

describe.each(locations)("Location with %s", (_case, location) => {
  const inserted = weatherRow({ location });
  const updated = weatherRow({ location, maxTemp: "45", minTemp: "-3.5", chancesOfPrecipitation: "0" });

  it("INSERT → PUT the weather into the cache under the Location key, for TtlSeconds", () => {
    const request = apiDestinationRequest(MOMENTO_OPERATIONS.cachePut, cachePut, insertRecord(inserted));
    expect(request.method).toBe("PUT");
    expect(request.path).toBe(`/cache/${DEFAULT_CACHE_NAME}`);
    expect(request.query).toEqual({ key: location, ttl_seconds: "3600" });
    expect(JSON.parse(request.body ?? "")).toEqual(weatherJson(inserted));
  });

  it("MODIFY → PUT the NEW image, not the old one", () => {
    const request = apiDestinationRequest(
      MOMENTO_OPERATIONS.cachePut,
      cachePut,
      modifyRecord(inserted, updated),
    );
    expect(JSON.parse(request.body ?? "")).toEqual(weatherJson(updated));
  });

  it("INSERT and MODIFY → publish the event type with the new weather", () => {
    for (const [eventType, event, row] of [
      ["INSERT", insertRecord(inserted), inserted],
      ["MODIFY", modifyRecord(inserted, updated), updated],
    ] as const) {
      const request = apiDestinationRequest(publishOperation, topicPublish, event);
      expect(request.method).toBe("POST");
      expect(request.path).toBe(`/topics/${DEFAULT_CACHE_NAME}/${DEFAULT_TOPIC_NAME}`);
      expect(request.query).toEqual({});
      expect(JSON.parse(request.body ?? "")).toEqual({ EventType: eventType, ...weatherJson(row) });
    }
  });

  it("REMOVE → publish a valid message naming the removed key, with empty weather values", () => {
    const body = apiDestinationRequest(publishOperation, topicPublish, removeRecord(updated)).body;
    expect(JSON.parse(body ?? "")).toEqual({
      EventType: "REMOVE",
      Location: location,
      MaxTemp: "",
      MinTemp: "",
      ChancesOfPrecipitation: "",
    });
  });

  it("REMOVE → DELETE the Location key from the cache, with no body", () => {
    const request = apiDestinationRequest(MOMENTO_OPERATIONS.cacheDelete, cacheDelete, removeRecord(updated));
    expect(request).toEqual({
      method: "DELETE",
      path: `/cache/${DEFAULT_CACHE_NAME}`,
      query: { key: location },
      body: undefined,
    });
  });
});

describe("items with missing attributes still give valid JSON", () => {
  it("an item without MaxTemp is cached with an empty MaxTemp instead of a broken body", () => {
    const event = insertRecord(weatherRow()) as { dynamodb: { NewImage: Record<string, unknown> } };
    delete event.dynamodb.NewImage.MaxTemp;
    const body = apiDestinationRequest(
      MOMENTO_OPERATIONS.cachePut,
      cachePut,
      event as unknown as JsonValue,
    ).body;
    expect(JSON.parse(body ?? "")).toMatchObject({ MaxTemp: "", MinTemp: "31" });
  });

  it("a change without TtlSeconds never reaches the PUT (Momento requires ttl_seconds); it evicts instead", () => {
    const event = insertRecord(weatherRow({ cacheTtlSeconds: undefined }));
    expect(passes(cachePutFilters, event)).toBe(false);
    expect(apiDestinationRequest(MOMENTO_OPERATIONS.cacheDelete, cacheDelete, event).query).toEqual({
      key: "San Diego",
    });
  });
});

describe("stream records", () => {
  it("have the envelope Pipes delivers for a DynamoDB stream source", () => {
    const event = modifyRecord(weatherRow(), weatherRow({ maxTemp: "50" })) as Record<string, JsonValue>;
    expect(event).toMatchObject({
      eventName: "MODIFY",
      eventVersion: "1.1",
      eventSource: "aws:dynamodb",
      awsRegion: "us-east-1",
      eventSourceARN: expect.stringMatching(/^arn:aws:dynamodb:us-east-1:\d{12}:table\/.+\/stream\//),
      dynamodb: {
        ApproximateCreationDateTime: expect.any(Number),
        Keys: { Location: { S: "San Diego" } },
        NewImage: { MaxTemp: { N: "50" } },
        OldImage: { MaxTemp: { N: "42" } },
        SequenceNumber: expect.stringMatching(/^\d+$/),
        SizeBytes: expect.any(Number),
        StreamViewType: "NEW_AND_OLD_IMAGES",
      },
    });
    expect(event.eventID).toEqual(expect.any(String));
  });
});
