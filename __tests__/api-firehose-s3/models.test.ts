import Ajv from "ajv-draft-04";
import {
  BATCH_MODEL,
  BATCH_MODEL_NAME,
  JSON_SCHEMA_DRAFT_04,
  type JsonSchema,
  MAX_BATCH_RECORDS,
  RECORD_MODEL,
  RECORD_MODEL_NAME,
} from "../../stacks/api-firehose-s3/templates";

// API Gateway validates request bodies against JSON Schema draft 4; ajv-draft-04 implements that draft.
const ajv = new Ajv({ allErrors: true, strict: true });
const validator = (schema: JsonSchema) => ajv.compile(schema);
const records = (count: number) => Array.from({ length: count }, (_, i) => ({ Data: { i } }));

const ANY_DATA: readonly unknown[] = [{ a: 1 }, [1, 2], "text", "", 0, -1.5, true, false, null, {}, []];

describe.each([
  [RECORD_MODEL_NAME, RECORD_MODEL],
  [BATCH_MODEL_NAME, BATCH_MODEL],
])("%s model", (name, model) => {
  test("declares draft 4, as API Gateway requires", () => {
    expect(model.$schema).toBe(JSON_SCHEMA_DRAFT_04);
    expect(model.$schema).toBe("http://json-schema.org/draft-04/schema#");
    expect(ajv.validateSchema(model)).toBe(true);
  });

  test("has an alphanumeric name (aws_api_gateway_model's rule) used as its title", () => {
    expect(name).toMatch(/^[a-zA-Z0-9]+$/);
    expect(model.title).toBe(name);
  });

  test("survives JSON serialization (aws_api_gateway_model takes the schema as a string)", () => {
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
  });
});

describe("single record model", () => {
  const validate = validator(RECORD_MODEL);

  test.each(ANY_DATA.map((data) => [JSON.stringify(data), data]))("accepts Data = %s", (_, data) => {
    expect(validate({ Data: data })).toBe(true);
  });

  test.each([
    ["a missing Data", {}],
    ["a lowercase data", { data: 1 }],
    ["an extra property", { Data: 1, DeliveryStreamName: "other-stream" }],
    ["an array body", [{ Data: 1 }]],
    ["a string body", "Data"],
    ["a null body", null],
  ])("rejects %s", (_, body) => {
    expect(validate(body)).toBe(false);
  });
});

describe("batch model", () => {
  const validate = validator(BATCH_MODEL);

  test("accepts 1 and 500 records", () => {
    expect(MAX_BATCH_RECORDS).toBe(500);
    expect(validate({ Records: records(1) })).toBe(true);
    expect(validate({ Records: records(500) })).toBe(true);
  });

  test("accepts every kind of Data in one batch", () => {
    expect(validate({ Records: ANY_DATA.map((data) => ({ Data: data })) })).toBe(true);
  });

  test.each([
    ["a missing Records", {}],
    ["Records as an object", { Records: { Data: 1 } }],
    ["Records as a string", { Records: "[]" }],
    ["Records as null", { Records: null }],
    ["0 records", { Records: [] }],
    ["501 records", { Records: records(501) }],
    ["an item missing Data", { Records: [{ Data: 1 }, { data: 2 }] }],
    ["an item with an extra property", { Records: [{ Data: 1, PartitionKey: "k" }] }],
    ["an item that is not an object", { Records: [{ Data: 1 }, "raw"] }],
    ["a null item", { Records: [null] }],
    ["an extra top-level property", { Records: records(1), DeliveryStreamName: "other-stream" }],
    ["a single-record body", { Data: 1 }],
  ])("rejects %s", (_, body) => {
    expect(validate(body)).toBe(false);
  });

  test("the error names the offending record", () => {
    validate({ Records: [{ Data: 1 }, { Datum: 2 }] });
    expect(validate.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ instancePath: "/Records/1", keyword: "required" })]),
    );
  });
});
