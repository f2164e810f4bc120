import Ajv from "ajv-draft-04";
import { JSON_CONTENT_TYPE, MAX_BATCH_RECORDS } from "../../stacks/api-firehose-s3/templates";
import { renderMappingTemplate, selectIntegrationResponse } from "../support/apigateway-vtl";
import { resource, synthesize, synthesizedOnce, type TerraformJson, testConfig } from "../support/synth";
import { terraformStringValue, terraformStringValues } from "./terraform-string";

// The templates and models exactly as the synthesized stack hands them to Terraform (and Terraform, after its
// own string escapes, to API Gateway), not as templates.ts builds them.
const STACK = "api-firehose-s3";

interface Synthesized {
  readonly stack: TerraformJson;
  readonly streamName: string;
}

/** Each environment and settings once per file: the tests only read what was synthesized. */
const synthesizedWith = synthesizedOnce((env: string, settings: Record<string, unknown>) =>
  synthesize({
    stacks: [STACK],
    config: testConfig({ environment: env, accountId: "111122223333", stacks: { [STACK]: settings } }),
  }),
);

function synth(env: string, settings: Record<string, unknown> = {}): Synthesized {
  const stack = synthesizedWith(env, settings).json(STACK);
  const streamName = resource(stack, "aws_kinesis_firehose_delivery_stream", "delivery-stream").name;
  return { stack, streamName };
}

/** The application/json request template of a route's integration, as API Gateway receives it. */
function requestTemplate(stack: TerraformJson, route: string): string {
  const integration = resource(stack, "aws_api_gateway_integration", `${route}_integration`);
  expect(Object.keys(integration.request_templates)).toEqual([JSON_CONTENT_TYPE]);
  return terraformStringValue(integration.request_templates[JSON_CONTENT_TYPE]);
}

function decode(data: unknown): string {
  if (typeof data !== "string") throw new Error(`record Data is not a string: ${JSON.stringify(data)}`);
  expect(data).toMatch(/^[A-Za-z0-9+/]*={0,2}$/);
  return Buffer.from(data, "base64").toString("utf8");
}

const DATA: readonly unknown[] = [
  { id: 7, tags: ["a", "b"], nested: { ok: true } },
  "line 1\nline 2\r\n\ttab",
  'quotes " and \\ backslashes',
  "${not.terraform} %{ not a directive } $util.urlDecode('%0A')",
  "São Paulo 東京 😀",
  [],
  {},
  42,
  -1.5,
  true,
  null,
];

describe.each([
  ["dev", {}],
  ["prod", { path: "events", authorization: "AWS_IAM" }],
])("request templates as synthesized (%s, %j)", (env, settings) => {
  let synthesized: Synthesized;

  beforeAll(() => {
    synthesized = synth(env, settings);
  });

  test("name the synthesized delivery stream literally", () => {
    expect(synthesized.streamName).toBe(`integ-${env}-records`);
    for (const route of ["put-record", "put-record-batch"]) {
      expect(requestTemplate(synthesized.stack, route)).toContain(
        `"DeliveryStreamName": ${JSON.stringify(synthesized.streamName)}`,
      );
    }
  });

  test.each(DATA.map((data) => [JSON.stringify(data), data]))(
    "PutRecord stores Data = %s as its JSON plus a newline",
    (_, data) => {
      const template = requestTemplate(synthesized.stack, "put-record");
      const request = JSON.parse(
        renderMappingTemplate(template, { body: JSON.stringify({ Data: data }) }).body,
      );
      expect(request).toEqual({
        DeliveryStreamName: synthesized.streamName,
        Record: { Data: expect.any(String) },
      });
      expect(decode(request.Record.Data)).toBe(`${JSON.stringify(data)}\n`);
    },
  );

  test("PutRecordBatch stores every record as one line, in order", () => {
    const template = requestTemplate(synthesized.stack, "put-record-batch");
    const body = JSON.stringify({ Records: DATA.map((data) => ({ Data: data })) });
    const request = JSON.parse(renderMappingTemplate(template, { body }).body);
    expect(request.DeliveryStreamName).toBe(synthesized.streamName);
    expect(Object.keys(request)).toEqual(["DeliveryStreamName", "Records"]);
    const lines: string[] = request.Records.map((record: { Data: string }) => decode(record.Data));
    expect(lines).toEqual(DATA.map((data) => `${JSON.stringify(data)}\n`));
    const object = lines.join("");
    expect(
      object
        .split("\n")
        .slice(0, -1)
        .map((line) => JSON.parse(line)),
    ).toEqual(DATA);
  });

  test(`PutRecordBatch takes ${MAX_BATCH_RECORDS} records`, () => {
    const template = requestTemplate(synthesized.stack, "put-record-batch");
    const records = Array.from({ length: MAX_BATCH_RECORDS }, (_, i) => ({ Data: { i } }));
    const request = JSON.parse(
      renderMappingTemplate(template, { body: JSON.stringify({ Records: records }) }).body,
    );
    expect(request.Records).toHaveLength(MAX_BATCH_RECORDS);
    expect(decode(request.Records[MAX_BATCH_RECORDS - 1].Data)).toBe(`{"i":${MAX_BATCH_RECORDS - 1}}\n`);
  });
});

describe("integration responses as synthesized", () => {
  let stack: TerraformJson;

  beforeAll(() => {
    stack = synth("dev").stack;
  });

  /** The synthesized integration responses of a route, as API Gateway selects among them. */
  function responsesOf(route: string) {
    return Object.entries(
      stack.resource.aws_api_gateway_integration_response as Record<string, TerraformJson>,
    )
      .filter(([name]) => name.startsWith(`${route}_`))
      .map(([, r]) => ({
        statusCode: r.status_code as string,
        selectionPattern: r.selection_pattern as string | undefined,
        responseTemplates: terraformStringValues(r.response_templates),
      }));
  }

  function respond(route: string, firehoseStatus: number, firehoseBody: string) {
    const selected = selectIntegrationResponse(responsesOf(route), firehoseStatus);
    const template = selected?.responseTemplates[JSON_CONTENT_TYPE];
    if (!selected || template === undefined) throw new Error(`no response for ${firehoseStatus}`);
    const rendered = renderMappingTemplate(template, { body: firehoseBody });
    return { status: rendered.status ?? Number(selected.statusCode), body: JSON.parse(rendered.body) };
  }

  test("PutRecord answers 200 with the RecordId", () => {
    expect(respond("put-record", 200, JSON.stringify({ RecordId: "r-1", Encrypted: true }))).toEqual({
      status: 200,
      body: { RecordId: "r-1" },
    });
  });

  test("PutRecordBatch answers 200 with FailedPutCount and per-record results", () => {
    const RequestResponses = [
      { RecordId: "r-1" },
      { ErrorCode: "ServiceUnavailableException", ErrorMessage: "x" },
    ];
    const firehose = JSON.stringify({ FailedPutCount: 1, Encrypted: true, RequestResponses });
    expect(respond("put-record-batch", 200, firehose)).toEqual({
      status: 200,
      body: { FailedPutCount: 1, RequestResponses },
    });
  });

  test.each([
    ["put-record", 400, "InvalidArgumentException", 400],
    ["put-record-batch", 400, "ServiceUnavailableException", 503],
    ["put-record", 400, "ResourceNotFoundException", 500],
    ["put-record-batch", 500, "InternalFailure", 502],
  ])("%s: Firehose %i %s → %i with Firehose's message", (route, firehoseStatus, type, status) => {
    const firehose = JSON.stringify({ __type: type, message: `it's "${type}"` });
    expect(respond(route, firehoseStatus, firehose)).toEqual({
      status,
      body: { message: `it's "${type}"`, type },
    });
  });

  test("every status a response can answer with has a method response on its method", () => {
    for (const route of ["put-record", "put-record-batch"]) {
      const declared = Object.entries(
        stack.resource.aws_api_gateway_method_response as Record<string, TerraformJson>,
      )
        .filter(([name]) => name.startsWith(`${route}_`))
        .map(([, r]) => r.status_code);
      const success = JSON.stringify({ RecordId: "r", FailedPutCount: 0, RequestResponses: [] });
      const answered = new Set<string>([String(respond(route, 200, success).status)]);
      for (const firehoseStatus of [400, 403, 413, 500, 503]) {
        for (const type of [
          "InvalidArgumentException",
          "ThrottlingException",
          "AccessDeniedException",
          "Other",
        ]) {
          const body = JSON.stringify({ __type: type, message: "m" });
          answered.add(String(respond(route, firehoseStatus, body).status));
        }
      }
      expect([...answered].sort()).toEqual(["200", "400", "500", "502", "503"]);
      expect([...answered].filter((status) => !declared.includes(status))).toEqual([]);
    }
  });
});

describe("gateway responses as synthesized", () => {
  test("every one answers JSON in the {message, type} shape", () => {
    const stack = synth("dev").stack;
    const responses = Object.values(
      stack.resource.aws_api_gateway_gateway_response as Record<string, TerraformJson>,
    );
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      const template = terraformStringValue(response.response_templates[JSON_CONTENT_TYPE]);
      // Gateway responses substitute $context variables; they don't run VTL.
      const body = template
        .replace("$context.error.messageString", JSON.stringify("Forbidden"))
        .replace("$context.error.responseType", response.response_type)
        .replace("$context.error.validationErrorString", "[object has missing required properties]");
      expect(JSON.parse(body)).toMatchObject({ message: "Forbidden", type: response.response_type });
    }
  });
});

describe("models as synthesized", () => {
  let stack: TerraformJson;
  // API Gateway validates request bodies against JSON Schema draft 4, as ajv-draft-04 does.
  const ajv = new Ajv({ allErrors: true, strict: true });

  beforeAll(() => {
    stack = synth("dev").stack;
  });

  /** The validator of the model a route's method requires for application/json. */
  function validatorOf(route: string) {
    const method = resource(stack, "aws_api_gateway_method", `${route}_method`);
    expect(method.request_models).toEqual({
      [JSON_CONTENT_TYPE]: `\${aws_api_gateway_model.${route}_model.name}`,
    });
    const model = resource(stack, "aws_api_gateway_model", `${route}_model`);
    expect(model.content_type).toBe(JSON_CONTENT_TYPE);
    const schema = JSON.parse(terraformStringValue(model.schema));
    expect(ajv.validateSchema(schema)).toBe(true);
    return ajv.compile(schema);
  }

  test.each([
    ["put-record", { Data: { any: ["json"] } }, true],
    ["put-record", { Data: null }, true],
    ["put-record", { Data: "x", DeliveryStreamName: "someone-elses-stream" }, false],
    ["put-record", { data: 1 }, false],
    ["put-record", [{ Data: 1 }], false],
    ["put-record-batch", { Records: [{ Data: 1 }, { Data: "two" }] }, true],
    ["put-record-batch", { Records: [] }, false],
    ["put-record-batch", { Records: Array.from({ length: 501 }, () => ({ Data: 1 })) }, false],
    ["put-record-batch", { Records: [{ Data: 1, PartitionKey: "k" }] }, false],
    ["put-record-batch", { Data: 1 }, false],
  ])("%s: %j is %s", (route, body, valid) => {
    expect(validatorOf(route)(body)).toBe(valid);
  });
});
