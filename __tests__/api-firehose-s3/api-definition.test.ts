import {
  ACCESS_LOG_FORMAT,
  type ApiDefinition,
  type ApiDefinitionInput,
  apiDefinition,
  apiDefinitionHash,
  canonicalJson,
  terraformLiteral,
} from "../../stacks/api-firehose-s3/api-definition";
import { GATEWAY_RESPONSES, JSON_CONTENT_TYPE } from "../../stacks/api-firehose-s3/templates";
import { terraformStringValue } from "./terraform-string";

const INPUT: ApiDefinitionInput = {
  path: "records",
  deliveryStreamName: "integ-dev-records",
  region: "us-east-1",
  partition: "aws",
  authorization: "API_KEY",
  credentialsRoleName: "integ-dev-records-api-firehose",
};

/** A deep copy of the definition with one string, found by `path`, changed. */
function withChange(definition: ApiDefinition, path: readonly (string | number)[]): ApiDefinition {
  const copy = structuredClone(definition) as unknown as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) node = node[step] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  node[last] = `${String(node[last])}\n## changed`;
  return copy as unknown as ApiDefinition;
}

/** Paths of every template in a definition: request, integration response and gateway response templates. */
function templatePaths(definition: ApiDefinition): (string | number)[][] {
  const paths: (string | number)[][] = [];
  definition.routes.forEach((route, r) => {
    paths.push(["routes", r, "requestTemplates", JSON_CONTENT_TYPE]);
    route.integrationResponses.forEach((_, i) => {
      paths.push(["routes", r, "integrationResponses", i, "responseTemplates", JSON_CONTENT_TYPE]);
    });
  });
  definition.gatewayResponses.forEach((_, g) => {
    paths.push(["gatewayResponses", g, "responseTemplates", JSON_CONTENT_TYPE]);
  });
  return paths;
}

describe("API definition", () => {
  const definition = apiDefinition(INPUT);

  test("two routes: POST /<path> → PutRecord and POST /<path>/batch → PutRecordBatch", () => {
    expect(
      definition.routes.map((r) => ({
        id: r.id,
        path: r.pathParts.join("/"),
        action: r.action,
        uri: r.integrationUri,
      })),
    ).toEqual([
      {
        id: "put-record",
        path: "records",
        action: "PutRecord",
        uri: "arn:aws:apigateway:us-east-1:firehose:action/PutRecord",
      },
      {
        id: "put-record-batch",
        path: "records/batch",
        action: "PutRecordBatch",
        uri: "arn:aws:apigateway:us-east-1:firehose:action/PutRecordBatch",
      },
    ]);
  });

  test("API keys mean no authorizer plus a required key; IAM means SigV4 without a key", () => {
    expect(definition).toMatchObject({ authorization: "NONE", apiKeyRequired: true });
    expect(apiDefinition({ ...INPUT, authorization: "AWS_IAM" })).toMatchObject({
      authorization: "AWS_IAM",
      apiKeyRequired: false,
    });
  });

  test("the request templates embed the literal stream name", () => {
    for (const route of definition.routes) {
      expect(route.requestTemplates[JSON_CONTENT_TYPE]).toContain(
        '"DeliveryStreamName": "integ-dev-records"',
      );
    }
    expect(() => apiDefinition({ ...INPUT, deliveryStreamName: "${TfToken[TOKEN.1]}" })).toThrow(RangeError);
  });

  test("gateway responses are the templates module's", () => {
    expect(definition.gatewayResponses).toBe(GATEWAY_RESPONSES);
  });
});

describe("definition hash (the deployment's trigger)", () => {
  const definition = apiDefinition(INPUT);
  const hash = apiDefinitionHash(definition);

  test("is a sha256, the same for the same input", () => {
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(apiDefinitionHash(apiDefinition({ ...INPUT }))).toBe(hash);
  });

  test("changes when any template changes", () => {
    const paths = templatePaths(definition);
    expect(paths.length).toBe(2 + 3 + 3 + GATEWAY_RESPONSES.length);
    const hashes = paths.map((path) => apiDefinitionHash(withChange(definition, path)));
    expect(new Set([hash, ...hashes]).size).toBe(paths.length + 1);
  });

  test.each([
    ["the path", { path: "events" }],
    ["the stream name", { deliveryStreamName: "integ-prod-records" }],
    ["the region", { region: "eu-west-1" }],
    ["the authorization", { authorization: "AWS_IAM" as const }],
    ["the credentials role", { credentialsRoleName: "other-role" }],
  ])("changes with %s", (_, change) => {
    expect(apiDefinitionHash(apiDefinition({ ...INPUT, ...change }))).not.toBe(hash);
  });

  test("changes with a model's schema", () => {
    const copy = structuredClone(definition);
    (copy.routes[1]?.model.schema as Record<string, unknown>).additionalProperties = true;
    expect(apiDefinitionHash(copy)).not.toBe(hash);
  });

  test("doesn't depend on property order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      canonicalJson({ a: { c: null, d: [2, { e: 0, f: 1 }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });
});

describe("Terraform literals", () => {
  test.each([
    ["plain text", "plain text"],
    ["VTL ${foreach.index}", "VTL $${foreach.index}"],
    ["a %{ directive }", "a %%{ directive }"],
    ["$input.json('$.Data') %0A $$ %%", "$input.json('$.Data') %0A $$ %%"],
  ])("%j is written as %j and read back by Terraform unchanged", (text, literal) => {
    expect(terraformLiteral(text)).toBe(literal);
    expect(terraformStringValue(terraformLiteral(text))).toBe(text);
  });

  test("every template of the definition survives Terraform", () => {
    for (const path of templatePaths(apiDefinition(INPUT))) {
      let node: unknown = apiDefinition(INPUT);
      for (const step of path) node = (node as Record<string | number, unknown>)[step];
      expect(terraformStringValue(terraformLiteral(node as string))).toBe(node);
    }
  });
});

describe("access log format", () => {
  const format: Record<string, string> = JSON.parse(ACCESS_LOG_FORMAT);

  test("is one JSON object with the fields ops search by", () => {
    expect(Object.keys(format)).toEqual(
      expect.arrayContaining([
        "requestId",
        "ip",
        "caller",
        "user",
        "requestTime",
        "httpMethod",
        "resourcePath",
        "status",
        "protocol",
        "responseLength",
        "integrationError",
        "errorMessage",
      ]),
    );
    expect(format).toMatchObject({
      ip: "$context.identity.sourceIp",
      status: "$context.status",
      integrationError: "$context.integration.error",
      errorMessage: "$context.error.message",
    });
  });

  test("every value is a quoted $context variable on one line", () => {
    for (const value of Object.values(format)) expect(value).toMatch(/^\$context\.[A-Za-z.]+$/);
    expect(ACCESS_LOG_FORMAT).not.toMatch(/\n/);
  });

  test("never logs the API key value (only its id)", () => {
    expect(Object.values(format)).not.toContain("$context.identity.apiKey");
    expect(format.apiKeyId).toBe("$context.identity.apiKeyId");
  });

  test("needs no Terraform escaping", () => {
    expect(terraformLiteral(ACCESS_LOG_FORMAT)).toBe(ACCESS_LOG_FORMAT);
  });
});
