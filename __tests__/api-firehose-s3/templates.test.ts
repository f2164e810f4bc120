import {
  BAD_REQUEST_BODY_RESPONSE_TEMPLATE,
  FIREHOSE_ERROR_STATUS,
  firehoseIntegrationUri,
  GATEWAY_ERROR_RESPONSE_TEMPLATE,
  GATEWAY_RESPONSES,
  INTEGRATION_REQUEST_PARAMETERS,
  type IntegrationResponseSpec,
  JSON_CONTENT_TYPE,
  METHOD_RESPONSE_STATUS_CODES,
  PASSTHROUGH_BEHAVIOR,
  PUT_RECORD_BATCH_INTEGRATION_RESPONSES,
  PUT_RECORD_INTEGRATION_RESPONSES,
  putRecordBatchRequestTemplate,
  putRecordRequestTemplate,
  UNKNOWN_ERROR_MESSAGE,
  UNKNOWN_ERROR_TYPE,
  UNSUPPORTED_MEDIA_TYPE_RESPONSE_TEMPLATE,
} from "../../stacks/api-firehose-s3/templates";
import {
  type MappingInput,
  renderMappingTemplate,
  selectIntegrationResponse,
} from "../support/apigateway-vtl";

const STREAM = "integ-prod-records";

/** Every kind of JSON value a client may post as `Data`. */
const DATA_VALUES: ReadonlyArray<readonly [string, unknown]> = [
  ["a string", "hello"],
  ["an empty string", ""],
  ["an object", { id: 7, tags: ["a", "b"], nested: { ok: true } }],
  ["an empty object", {}],
  ["an array", [1, "two", null, { three: 3 }]],
  ["an empty array", []],
  ["an integer", 42],
  ["a negative decimal", -3.25],
  ["true", true],
  ["false", false],
  ["null", null],
  ["quotes and apostrophes", `she said "it's fine"`],
  ["backslashes", "C:\\temp\\new \\u0041 \\n"],
  ["newlines, tabs and carriage returns", "line 1\nline 2\r\n\tindented"],
  ["control characters", "\u0000\u0001\u001f\u007f"],
  ["non-ASCII text", "São Paulo, Zürich, Ελλάδα"],
  ["CJK", "東京"],
  ["emoji (astral plane)", "😀 👩‍👩‍👧"],
  ["line and paragraph separators", "a\u2028b\u2029c"],
  ["VTL-looking text", "$util.base64Encode('x') #set($a = 1) ${foreach.index} $input.json('$')"],
  ["JSON-looking text", '{"Data": "nested"}'],
  ["keys with odd characters", { "a b": 1, 'quote"key': 2, 東京: 3, "": 4 }],
];

function render(template: string, input: MappingInput) {
  return renderMappingTemplate(template, input);
}

function decodeRecord(data: unknown): string {
  if (typeof data !== "string") throw new Error(`record Data is not a string: ${JSON.stringify(data)}`);
  return Buffer.from(data, "base64").toString("utf8");
}

interface PutRecordRequest {
  DeliveryStreamName: string;
  Record: { Data: string };
}

interface PutRecordBatchRequest {
  DeliveryStreamName: string;
  Records: { Data: string }[];
}

function putRecord(data: unknown, jsonStyle?: MappingInput["jsonStyle"]): PutRecordRequest {
  const body = JSON.stringify({ Data: data });
  return JSON.parse(render(putRecordRequestTemplate(STREAM), { body, jsonStyle }).body);
}

function putRecordBatch(
  records: readonly unknown[],
  jsonStyle?: MappingInput["jsonStyle"],
): PutRecordBatchRequest {
  const body = JSON.stringify({ Records: records.map((data) => ({ Data: data })) });
  return JSON.parse(render(putRecordBatchRequestTemplate(STREAM), { body, jsonStyle }).body);
}

describe("PutRecord request template", () => {
  test.each(DATA_VALUES)("stores %s as its compact JSON plus a newline", (_, data) => {
    const request = putRecord(data);
    expect(request).toEqual({ DeliveryStreamName: STREAM, Record: { Data: expect.any(String) } });
    expect(decodeRecord(request.Record.Data)).toBe(`${JSON.stringify(data)}\n`);
  });

  test("reads Data whatever else the body's JSON formatting is", () => {
    const body = '{\n  "Data" :  { "a" : [ 1 , 2 ] }\n}';
    const request: PutRecordRequest = JSON.parse(render(putRecordRequestTemplate(STREAM), { body }).body);
    expect(decodeRecord(request.Record.Data)).toBe('{"a":[1,2]}\n');
  });

  test("still writes exactly one line if API Gateway's $input.json were indented", () => {
    const data = { a: [1, { b: "multi\nline" }], c: {} };
    const line = decodeRecord(putRecord(data, "pretty").Record.Data);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(JSON.parse(line)).toEqual(data);
  });

  test("the article's template loses the delimiter: two records run together", () => {
    const article = `{"DeliveryStreamName": "${STREAM}", "Record": {"Data": "$util.base64Encode($input.json('$.Data'))"}}`;
    const stored = [{ a: 1 }, { b: 2 }]
      .map((data) => JSON.parse(render(article, { body: JSON.stringify({ Data: data }) }).body))
      .map((request: PutRecordRequest) => decodeRecord(request.Record.Data))
      .join("");
    expect(stored).toBe('{"a":1}{"b":2}');
    const fixed = [{ a: 1 }, { b: 2 }].map((data) => decodeRecord(putRecord(data).Record.Data)).join("");
    expect(fixed).toBe('{"a":1}\n{"b":2}\n');
  });
});

describe("PutRecordBatch request template", () => {
  test("stores every kind of value, one line each, in order", () => {
    const values = DATA_VALUES.map(([, data]) => data);
    const request = putRecordBatch(values);
    expect(request.DeliveryStreamName).toBe(STREAM);
    expect(request.Records.map((r) => decodeRecord(r.Data))).toEqual(
      values.map((v) => `${JSON.stringify(v)}\n`),
    );
  });

  test("the S3 object Firehose concatenates is newline-delimited JSON", () => {
    const values = DATA_VALUES.map(([, data]) => data);
    const object = putRecordBatch(values)
      .Records.map((r) => decodeRecord(r.Data))
      .join("");
    const lines = object.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line))).toEqual(values);
  });

  test.each([1, 2, 500])("%i record(s) give valid JSON with one entry each", (count) => {
    const values = Array.from({ length: count }, (_, i) => ({ i }));
    const request = putRecordBatch(values);
    expect(request.Records).toHaveLength(count);
    expect(decodeRecord(request.Records[count - 1]?.Data)).toBe(`{"i":${count - 1}}\n`);
  });

  test("still writes one line per record if API Gateway's $input.json were indented", () => {
    const values = [{ a: [1, 2] }, "x\ny", [{}]];
    const lines = putRecordBatch(values, "pretty").Records.map((r) => decodeRecord(r.Data));
    for (const line of lines) expect(line.slice(0, -1)).not.toMatch(/[\r\n]/);
    expect(lines.map((line) => JSON.parse(line))).toEqual(values);
  });
});

describe("delivery stream name", () => {
  test("is embedded as a JSON string", () => {
    for (const name of ["a", "my_stream.v2-prod", "x".repeat(64)]) {
      const template = putRecordRequestTemplate(name);
      const body = JSON.stringify({ Data: 1 });
      expect(JSON.parse(render(template, { body }).body).DeliveryStreamName).toBe(name);
    }
  });

  test.each([
    ["empty", ""],
    ["too long", "x".repeat(65)],
    ["a quote", 'a"b'],
    ["a backslash", "a\\b"],
    ["a VTL reference", "$input.body"],
    ["a VTL directive", "#set($a = 1)"],
    ["a space", "a b"],
    ["a Terraform token", "${TfToken[TOKEN.12]}"],
  ])("%s is refused by both templates", (_, name) => {
    expect(() => putRecordRequestTemplate(name)).toThrow(RangeError);
    expect(() => putRecordBatchRequestTemplate(name)).toThrow(/Firehose delivery stream name .* is invalid/);
  });
});

/** What the client gets when Firehose answers `integrationStatus` with `firehoseBody`. */
function respond(
  responses: readonly IntegrationResponseSpec[],
  integrationStatus: number,
  firehoseBody: string,
) {
  const selected = selectIntegrationResponse(responses, integrationStatus);
  if (!selected) throw new Error(`no integration response for ${integrationStatus}`);
  const template = selected.responseTemplates[JSON_CONTENT_TYPE];
  if (template === undefined) throw new Error(`no ${JSON_CONTENT_TYPE} template for ${integrationStatus}`);
  const result = render(template, { body: firehoseBody });
  return { status: result.status ?? Number(selected.statusCode), body: JSON.parse(result.body) as unknown };
}

const firehoseError = (type: string, message: string) => JSON.stringify({ __type: type, message });

describe("success responses", () => {
  test("PutRecord answers 200 with Firehose's RecordId", () => {
    const firehose = JSON.stringify({
      RecordId: "49543463076548007577105092703039560359975228518395012686",
      Encrypted: false,
    });
    expect(respond(PUT_RECORD_INTEGRATION_RESPONSES, 200, firehose)).toEqual({
      status: 200,
      body: { RecordId: "49543463076548007577105092703039560359975228518395012686" },
    });
  });

  test("PutRecordBatch answers 200 with FailedPutCount and per-record results, partial failures included", () => {
    const requestResponses = [
      { RecordId: "id-1" },
      { ErrorCode: "ServiceUnavailableException", ErrorMessage: 'Slow down. "Really".' },
      { RecordId: "id-3" },
    ];
    const firehose = JSON.stringify({
      FailedPutCount: 1,
      Encrypted: false,
      RequestResponses: requestResponses,
    });
    expect(respond(PUT_RECORD_BATCH_INTEGRATION_RESPONSES, 200, firehose)).toEqual({
      status: 200,
      body: { FailedPutCount: 1, RequestResponses: requestResponses },
    });
  });
});

describe("Firehose errors", () => {
  const both = [
    ["PutRecord", PUT_RECORD_INTEGRATION_RESPONSES],
    ["PutRecordBatch", PUT_RECORD_BATCH_INTEGRATION_RESPONSES],
  ] as const;

  describe.each(both)("%s", (_, responses) => {
    test.each([
      [400, "InvalidArgumentException", 400],
      [400, "ValidationException", 400],
      [400, "ServiceUnavailableException", 503],
      [503, "ServiceUnavailableException", 503],
      [400, "ResourceNotFoundException", 500],
      [400, "InvalidKMSResourceException", 500],
      [400, "InvalidSourceException", 500],
      [400, "AccessDeniedException", 500],
      [403, "UnrecognizedClientException", 500],
      [400, "SomeFutureException", 500],
      [500, "InternalFailure", 502],
      [500, "InvalidArgumentException", 400],
    ])("HTTP %i %s → %i with Firehose's message and type", (firehoseStatus, type, status) => {
      const message = `Firehose says: ${type}`;
      expect(respond(responses, firehoseStatus, firehoseError(type, message))).toEqual({
        status,
        body: { message, type },
      });
    });

    test("a namespaced or URI-suffixed __type is reduced to the exception name", () => {
      for (const type of [
        "com.amazonaws.firehose#InvalidArgumentException",
        "InvalidArgumentException:http://internal.amazon.com/coral/com.amazonaws.firehose/",
      ]) {
        expect(respond(responses, 400, firehoseError(type, "bad"))).toEqual({
          status: 400,
          body: { message: "bad", type: "InvalidArgumentException" },
        });
      }
    });

    test("a capitalized Message is used too", () => {
      const firehose = JSON.stringify({ __type: "AccessDeniedException", Message: "not authorized" });
      expect(respond(responses, 400, firehose)).toEqual({
        status: 500,
        body: { message: "not authorized", type: "AccessDeniedException" },
      });
    });

    test("messages with quotes, backslashes, newlines and non-ASCII stay intact and the body valid JSON", () => {
      const message = `Record "x" isn't valid: C:\\path\n São 東京 😀 </script>`;
      expect(respond(responses, 400, firehoseError("InvalidArgumentException", message))).toEqual({
        status: 400,
        body: { message, type: "InvalidArgumentException" },
      });
    });

    test.each([
      [502, "an HTML page", "<html><body>502 Bad Gateway</body></html>"],
      [502, "an empty body", ""],
      [502, "a JSON body without __type or message", "{}"],
    ])("a Firehose 5xx with %s still answers %i with a JSON error", (status, _, body) => {
      expect(respond(responses, 500, body)).toEqual({
        status,
        body: { message: UNKNOWN_ERROR_MESSAGE, type: UNKNOWN_ERROR_TYPE },
      });
    });

    test("no Firehose 4xx or 5xx ever reaches the client as a success", () => {
      for (let firehoseStatus = 400; firehoseStatus < 600; firehoseStatus++) {
        const { status } = respond(responses, firehoseStatus, firehoseError("Anything", "m"));
        expect(status).toBeGreaterThanOrEqual(400);
      }
    });

    test("exactly one default (pattern-less) response, answering 200", () => {
      const defaults = responses.filter((r) => r.selectionPattern === undefined);
      expect(defaults).toEqual([expect.objectContaining({ statusCode: "200" })]);
    });
  });

  test("every status a template can answer has a method response", () => {
    const possible = new Set([
      ...PUT_RECORD_INTEGRATION_RESPONSES.map((r) => r.statusCode),
      ...PUT_RECORD_BATCH_INTEGRATION_RESPONSES.map((r) => r.statusCode),
      ...Object.values(FIREHOSE_ERROR_STATUS).map(String),
    ]);
    expect([...possible].sort()).toEqual(METHOD_RESPONSE_STATUS_CODES);
    expect(METHOD_RESPONSE_STATUS_CODES).toEqual(["200", "400", "500", "502", "503"]);
  });
});

describe("integration settings", () => {
  test("only application/json has templates and other content types are refused (415)", () => {
    expect(PASSTHROUGH_BEHAVIOR).toBe("NEVER");
    for (const response of [...PUT_RECORD_INTEGRATION_RESPONSES, ...PUT_RECORD_BATCH_INTEGRATION_RESPONSES]) {
      expect(Object.keys(response.responseTemplates)).toEqual([JSON_CONTENT_TYPE]);
    }
  });

  test("the integration calls the Firehose action with the AWS JSON 1.1 content type", () => {
    expect(firehoseIntegrationUri("eu-west-1", "PutRecordBatch")).toBe(
      "arn:aws:apigateway:eu-west-1:firehose:action/PutRecordBatch",
    );
    expect(firehoseIntegrationUri("cn-north-1", "PutRecord", "aws-cn")).toBe(
      "arn:aws-cn:apigateway:cn-north-1:firehose:action/PutRecord",
    );
    expect(INTEGRATION_REQUEST_PARAMETERS).toEqual({
      "integration.request.header.Content-Type": "'application/x-amz-json-1.1'",
    });
  });
});

describe("gateway responses", () => {
  /** API Gateway's plain `$context.error.*` substitution (gateway responses don't run VTL). */
  function substitute(template: string, values: Readonly<Record<string, string>>): string {
    return template.replace(/\$context\.error\.(\w+)/g, (ref, name: string) => values[name] ?? ref);
  }

  test("BAD_REQUEST_BODY answers 400 with the validator's details in the {message, type} shape", () => {
    const badRequest = GATEWAY_RESPONSES.find((r) => r.responseType === "BAD_REQUEST_BODY");
    expect(badRequest?.statusCode).toBe("400");
    expect(badRequest?.responseTemplates[JSON_CONTENT_TYPE]).toBe(BAD_REQUEST_BODY_RESPONSE_TEMPLATE);
    const body = substitute(BAD_REQUEST_BODY_RESPONSE_TEMPLATE, {
      messageString: '"Invalid request body"',
      responseType: "BAD_REQUEST_BODY",
      // Assumes API Gateway JSON-escapes the validator's quotes (see the report on this).
      validationErrorString: String.raw`[object has missing required properties ([\"Data\"])]`,
    });
    expect(JSON.parse(body)).toEqual({
      message: "Invalid request body",
      type: "BAD_REQUEST_BODY",
      validationErrors: '[object has missing required properties (["Data"])]',
    });
  });

  test.each([
    ["INVALID_API_KEY", "403", '"Forbidden"'],
    ["MISSING_AUTHENTICATION_TOKEN", "403", '"Missing Authentication Token"'],
    ["ACCESS_DENIED", "403", '"User is not authorized to access this resource"'],
    ["THROTTLED", "429", '"Too Many Requests"'],
    ["QUOTA_EXCEEDED", "429", '"Limit Exceeded"'],
  ])("%s answers %s as JSON in the same shape", (responseType, statusCode, messageString) => {
    const response = GATEWAY_RESPONSES.find((r) => r.responseType === responseType);
    expect(response?.statusCode).toBe(statusCode);
    const template = response?.responseTemplates[JSON_CONTENT_TYPE] ?? "";
    expect(JSON.parse(substitute(template, { messageString, responseType }))).toEqual({
      message: JSON.parse(messageString),
      type: responseType,
    });
  });

  test("DEFAULT_4XX and DEFAULT_5XX give every other error the same shape and keep each one's status", () => {
    for (const responseType of ["DEFAULT_4XX", "DEFAULT_5XX"]) {
      const response = GATEWAY_RESPONSES.find((r) => r.responseType === responseType);
      expect(response?.statusCode).toBeUndefined();
      expect(response?.responseTemplates).toEqual({ [JSON_CONTENT_TYPE]: GATEWAY_ERROR_RESPONSE_TEMPLATE });
    }
    const body = substitute(GATEWAY_ERROR_RESPONSE_TEMPLATE, {
      messageString: '"Request Too Long"',
      responseType: "REQUEST_TOO_LARGE",
    });
    expect(JSON.parse(body)).toEqual({ message: "Request Too Long", type: "REQUEST_TOO_LARGE" });
  });

  test("each response type is customized once, with an application/json template only", () => {
    const types = GATEWAY_RESPONSES.map((r) => r.responseType);
    expect(new Set(types).size).toBe(types.length);
    for (const response of GATEWAY_RESPONSES) {
      expect(Object.keys(response.responseTemplates)).toEqual([JSON_CONTENT_TYPE]);
    }
  });

  test("UNSUPPORTED_MEDIA_TYPE answers 415 in the same shape", () => {
    const unsupported = GATEWAY_RESPONSES.find((r) => r.responseType === "UNSUPPORTED_MEDIA_TYPE");
    expect(unsupported?.statusCode).toBe("415");
    const body = substitute(UNSUPPORTED_MEDIA_TYPE_RESPONSE_TEMPLATE, {
      messageString: '"Unsupported Media Type"',
      responseType: "UNSUPPORTED_MEDIA_TYPE",
    });
    expect(JSON.parse(body)).toEqual({ message: "Unsupported Media Type", type: "UNSUPPORTED_MEDIA_TYPE" });
  });
});
