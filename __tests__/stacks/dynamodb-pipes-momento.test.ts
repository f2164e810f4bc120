import * as fs from "node:fs";
import * as path from "node:path";
import { OFFLINE_VARIABLE_VALUES } from "../../scripts/lib/offline-terraform";
import { buildApp } from "../../stacks/app";
import { auditApp } from "../../stacks/baseline/audit";
import { StackModel } from "../../stacks/baseline/model";
import { noCredentialLiterals, sensitiveVariables } from "../../stacks/baseline/rules/secrets";
import { MOMENTO_ENDPOINT_PATTERN } from "../../stacks/dynamodb-pipes-momento/settings";
import type { MomentoOperation } from "../../stacks/dynamodb-pipes-momento/templates";
import {
  SAMPLE_READING,
  WEATHER_LOCATIONS,
  type WeatherReading,
  weatherInsert,
  weatherModify,
  weatherRemove,
} from "../fixtures/events";
import { matchesEventPattern } from "../support/event-pattern";
import {
  apiDestinationRequest,
  type JsonValue,
  resolveDynamicParameter,
} from "../support/pipes-input-template";
import {
  addressesOf,
  resource,
  statementsOf,
  synthesize,
  type TerraformJson,
  testConfig,
} from "../support/synth";

const STACK = "dynamodb-pipes-momento";
const ENDPOINT_REF = "${var.momento_http_endpoint}";
const PIPES = ["cache-put", "topic-publish", "cache-delete"] as const;
type PipeId = (typeof PIPES)[number];

const synthWith = (settings: Record<string, unknown> = {}, top: Record<string, unknown> = {}) =>
  synthesize({ stacks: [STACK], config: testConfig({ ...top, stacks: { [STACK]: settings } }) });

// --- Reading the synthesized pipes back --------------------------------------------------------------------

function pipeOf(stack: TerraformJson, id: PipeId): TerraformJson {
  return resource(stack, "aws_pipes_pipe", `${id}_pipe`);
}

/** The pipe's filters as synthesized (JSON strings); none means every record. */
function filtersOf(stack: TerraformJson, id: PipeId): string[] {
  const filters = pipeOf(stack, id).source_parameters.filter_criteria?.filter ?? [];
  return filters.map((f: { pattern: string }) => f.pattern);
}

function passes(stack: TerraformJson, id: PipeId, record: unknown): boolean {
  const filters = filtersOf(stack, id);
  return filters.length === 0 || filters.some((f) => matchesEventPattern(f, record, { target: "pipe" }));
}

/** The Momento call the pipe's API destination makes, read from the synthesized destination. */
function operationOf(stack: TerraformJson, id: PipeId): MomentoOperation {
  const target = /^\$\{aws_cloudwatch_event_api_destination\.([^.]+)\.arn\}$/.exec(pipeOf(stack, id).target);
  const destination = resource(stack, "aws_cloudwatch_event_api_destination", target?.[1] ?? "");
  expect(destination.invocation_endpoint.startsWith(ENDPOINT_REF)).toBe(true);
  return {
    httpMethod: destination.http_method,
    endpointPath: destination.invocation_endpoint.slice(ENDPOINT_REF.length),
  };
}

/** The HTTP request the pipe makes for `record`, from the synthesized template and HTTP parameters. */
function requestOf(stack: TerraformJson, id: PipeId, record: unknown) {
  const parameters = pipeOf(stack, id).target_parameters;
  const http = parameters.http_parameters ?? {};
  return apiDestinationRequest(
    operationOf(stack, id),
    {
      inputTemplate: parameters.input_template,
      pathParameterValues: http.path_parameter_values ?? [],
      queryStringParameters: http.query_string_parameters,
    },
    record as JsonValue,
  );
}

// --- AWS-shaped stream records (as Pipes hands them to filters and targets) ---------------------------------

const withCacheTtl = (reading: WeatherReading, cacheTtlSeconds = 600): WeatherReading => ({
  ...reading,
  cacheTtlSeconds,
});
const UPDATED: WeatherReading = withCacheTtl({ ...SAMPLE_READING, maxTemp: 35, minTemp: -2.5 }, 900);

const RECORDS = {
  insert: weatherInsert(WEATHER_LOCATIONS.sanDiego, withCacheTtl(SAMPLE_READING)),
  modify: weatherModify(WEATHER_LOCATIONS.sanDiego, withCacheTtl(SAMPLE_READING), UPDATED),
  remove: weatherRemove(WEATHER_LOCATIONS.saoPaulo, { before: withCacheTtl(SAMPLE_READING) }),
  expired: weatherRemove(WEATHER_LOCATIONS.seattle, { expiredByTtl: true }),
  insertWithoutCacheTtl: weatherInsert(WEATHER_LOCATIONS.seattle),
  modifyDroppingCacheTtl: weatherModify(
    WEATHER_LOCATIONS.seattle,
    withCacheTtl(SAMPLE_READING),
    SAMPLE_READING,
  ),
};
type RecordName = keyof typeof RECORDS;

const weather = (location: string, reading: WeatherReading) => ({
  Location: location,
  MaxTemp: String(reading.maxTemp),
  MinTemp: String(reading.minTemp),
  ChancesOfPrecipitation: String(reading.chancesOfPrecipitation),
});
const noWeather = (location: string) => ({
  Location: location,
  MaxTemp: "",
  MinTemp: "",
  ChancesOfPrecipitation: "",
});

/** What each pipe must send for each record it lets through (undefined: the pipe must not see the record). */
const EXPECTED: Record<PipeId, Partial<Record<RecordName, { query: object; body: unknown }>>> = {
  "cache-put": {
    insert: {
      query: { key: "San Diego", ttl_seconds: "600" },
      body: weather("San Diego", SAMPLE_READING),
    },
    modify: { query: { key: "San Diego", ttl_seconds: "900" }, body: weather("San Diego", UPDATED) },
  },
  "topic-publish": {
    insert: { query: {}, body: { EventType: "INSERT", ...weather("San Diego", SAMPLE_READING) } },
    modify: { query: {}, body: { EventType: "MODIFY", ...weather("San Diego", UPDATED) } },
    remove: { query: {}, body: { EventType: "REMOVE", ...noWeather("São Paulo") } },
    expired: { query: {}, body: { EventType: "REMOVE", ...noWeather("Seattle") } },
    insertWithoutCacheTtl: {
      query: {},
      body: { EventType: "INSERT", ...weather("Seattle", SAMPLE_READING) },
    },
    modifyDroppingCacheTtl: {
      query: {},
      body: { EventType: "MODIFY", ...weather("Seattle", SAMPLE_READING) },
    },
  },
  "cache-delete": {
    remove: { query: { key: "São Paulo" }, body: undefined },
    expired: { query: { key: "Seattle" }, body: undefined },
    insertWithoutCacheTtl: { query: { key: "Seattle" }, body: undefined },
    modifyDroppingCacheTtl: { query: { key: "Seattle" }, body: undefined },
  },
};

const PATHS: Record<PipeId, string> = {
  "cache-put": "/cache/momento-eventbridge-cache",
  "topic-publish": "/topics/momento-eventbridge-cache/momento-eventbridge-topic",
  "cache-delete": "/cache/momento-eventbridge-cache",
};

describe(STACK, () => {
  let text: string;
  let stack: TerraformJson;

  beforeAll(() => {
    const synthesized = synthWith();
    text = synthesized.text(STACK);
    stack = synthesized.json(STACK);
  });

  test("synthesized Terraform JSON matches the reviewed snapshot", () => {
    expect(text).toMatchSnapshot();
  });

  // Addresses are the contract with ops: changing one destroys and recreates real infrastructure.
  test("resource addresses are stable", () => {
    expect(addressesOf(stack)).toEqual([
      "aws_cloudwatch_event_api_destination.cache-delete_destination",
      "aws_cloudwatch_event_api_destination.cache-put_destination",
      "aws_cloudwatch_event_api_destination.topic-publish_destination",
      "aws_cloudwatch_event_connection.connection",
      "aws_cloudwatch_log_group.pipe-logs",
      "aws_cloudwatch_metric_alarm.pipe-dlq_alarm",
      "aws_dynamodb_table.table",
      "aws_iam_role.pipe-role_role",
      "aws_iam_role_policy.pipe-role_policy",
      "aws_pipes_pipe.cache-delete_pipe",
      "aws_pipes_pipe.cache-put_pipe",
      "aws_pipes_pipe.topic-publish_pipe",
      "aws_sqs_queue.pipe-dlq_queue",
      "aws_sqs_queue_policy.pipe-dlq_policy",
      "data.aws_caller_identity.current",
      "data.aws_iam_policy_document.pipe-dlq_policy-document",
      "data.aws_iam_policy_document.pipe-role_permissions",
      "data.aws_iam_policy_document.pipe-role_trust",
    ]);
    expect(Object.keys(stack.variable).sort()).toEqual(["momento_api_key", "momento_http_endpoint"]);
  });

  test("the table is on-demand, streams both images, has PITR, KMS encryption and TTL on TTL", () => {
    expect(resource(stack, "aws_dynamodb_table", "table")).toEqual(
      expect.objectContaining({
        name: "integ-dev-weather",
        billing_mode: "PAY_PER_REQUEST",
        hash_key: "Location",
        attribute: [{ name: "Location", type: "S" }],
        stream_enabled: true,
        stream_view_type: "NEW_AND_OLD_IMAGES",
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        ttl: { attribute_name: "TTL", enabled: true },
        // The default configuration is the dev environment: no deletion protection, no prevent_destroy.
        deletion_protection_enabled: false,
      }),
    );
    expect(resource(stack, "aws_dynamodb_table", "table").lifecycle).toBeUndefined();
  });

  describe("the Momento API key", () => {
    test("is a sensitive, required variable without default or validation (a failing validation prints it)", () => {
      expect(stack.variable.momento_api_key).toEqual({
        description: expect.stringContaining("TF_VAR_momento_api_key"),
        nullable: false,
        sensitive: true,
        type: "string",
      });
    });

    test("reaches the connection only as a variable reference, in the Authorization header", () => {
      expect(resource(stack, "aws_cloudwatch_event_connection", "connection")).toEqual(
        expect.objectContaining({
          name: "integ-dev-momento",
          authorization_type: "API_KEY",
          auth_parameters: { api_key: { key: "Authorization", value: "${var.momento_api_key}" } },
        }),
      );
      const references = text.match(/\$\{var\.momento_api_key\}/g) ?? [];
      expect(references).toHaveLength(1);
    });

    test("the baseline's secret rules watch it: a default or a literal would stop synthesis", () => {
      const withDefault = structuredClone(stack);
      withDefault.variable.momento_api_key.default = "a-key";
      expect(sensitiveVariables.check(new StackModel(STACK, withDefault)).map((v) => v.address)).toEqual([
        "variable.momento_api_key",
      ]);
      const withLiteral = structuredClone(stack);
      withLiteral.resource.aws_cloudwatch_event_connection.connection.auth_parameters.api_key.value = "a-key";
      expect(noCredentialLiterals.check(new StackModel(STACK, withLiteral)).map((v) => v.address)).toEqual([
        "aws_cloudwatch_event_connection.connection",
      ]);
    });
  });

  describe("the Momento endpoint", () => {
    const condition = () => stack.variable.momento_http_endpoint.validation[0].condition as string;

    test("is a variable without default, validated by Terraform as an https URL", () => {
      expect(stack.variable.momento_http_endpoint).toEqual({
        description: expect.stringContaining("TF_VAR_momento_http_endpoint"),
        nullable: false,
        type: "string",
        validation: [
          {
            condition: `\${can(regex(${JSON.stringify(MOMENTO_ENDPOINT_PATTERN)}, var.momento_http_endpoint))}`,
            error_message: expect.stringContaining("https://"),
          },
        ],
      });
    });

    // The pattern uses only syntax that RE2 and JavaScript read alike, so evaluating it here is what Terraform does.
    test.each([
      ["https://api.cache.cell-us-east-1-1.prod.a.momentohq.com", true],
      ["https://api.cache.cell-4-us-west-2-1.prod.a.momentohq.com", true],
      ["https://localhost:8443/momento", true],
      ["http://api.cache.cell-us-east-1-1.prod.a.momentohq.com", false],
      ["api.cache.cell-us-east-1-1.prod.a.momentohq.com", false],
      ["https://api.cache.cell-us-east-1-1.prod.a.momentohq.com/", false],
      ["https://api.example.com/cache?token=abc", false],
      ["https://api.example.com#x", false],
      ["https://", false],
      ["", false],
    ])("the validation condition accepts %j: %s", (value, accepted) => {
      const pattern = /regex\("(.*)", var\.momento_http_endpoint\)/.exec(condition())?.[1] ?? "";
      expect(new RegExp(JSON.parse(`"${pattern}"`)).test(value)).toBe(accepted);
    });

    test("every API destination is the endpoint plus its Momento path, through the one connection", () => {
      const destinations = stack.resource.aws_cloudwatch_event_api_destination;
      expect(
        Object.fromEntries(
          Object.entries(destinations).map(([name, d]) => [
            name,
            [(d as TerraformJson).http_method, (d as TerraformJson).invocation_endpoint],
          ]),
        ),
      ).toEqual({
        "cache-put_destination": ["PUT", `${ENDPOINT_REF}/cache/*`],
        "topic-publish_destination": ["POST", `${ENDPOINT_REF}/topics/momento-eventbridge-cache/*`],
        "cache-delete_destination": ["DELETE", `${ENDPOINT_REF}/cache/*`],
      });
      for (const destination of Object.values(destinations) as TerraformJson[]) {
        expect(destination).toMatchObject({
          connection_arn: "${aws_cloudwatch_event_connection.connection.arn}",
          invocation_rate_limit_per_second: 50,
        });
      }
    });
  });

  describe("pipe filters (as synthesized) against AWS-shaped stream records", () => {
    test.each(Object.keys(RECORDS) as RecordName[])("%s reaches exactly the right pipes", (name) => {
      const reached = PIPES.filter((id) => passes(stack, id, RECORDS[name]));
      const expected = PIPES.filter((id) => EXPECTED[id][name] !== undefined);
      expect(reached).toEqual(expected);
    });

    test("every record reaches exactly one of the cache pipes, and always the topic", () => {
      for (const [name, record] of Object.entries(RECORDS)) {
        const cache = (["cache-put", "cache-delete"] as const).filter((id) => passes(stack, id, record));
        expect({ name, cache: cache.length, topic: passes(stack, "topic-publish", record) }).toEqual({
          name,
          cache: 1,
          topic: true,
        });
      }
    });

    test("the filters are plain pipe patterns on eventName and the new image's TtlSeconds", () => {
      expect(filtersOf(stack, "cache-put").map((f) => JSON.parse(f))).toEqual([
        {
          eventName: ["INSERT", "MODIFY"],
          dynamodb: { NewImage: { TtlSeconds: { N: [{ exists: true }] } } },
        },
      ]);
      expect(filtersOf(stack, "topic-publish")).toEqual([]);
      expect(pipeOf(stack, "topic-publish").source_parameters.filter_criteria).toBeUndefined();
      expect(filtersOf(stack, "cache-delete").map((f) => JSON.parse(f))).toEqual([
        { eventName: ["REMOVE"] },
        {
          eventName: ["INSERT", "MODIFY"],
          dynamodb: { NewImage: { TtlSeconds: { N: [{ exists: false }] } } },
        },
      ]);
    });
  });

  describe("input templates (as synthesized) rendered against the records each pipe sees", () => {
    const cases = PIPES.flatMap((id) =>
      (Object.keys(EXPECTED[id]) as RecordName[]).map((name) => [id, name] as const),
    );

    test.each(cases)("%s, %s: valid JSON equal to the expected message", (id, name) => {
      const expected = EXPECTED[id][name];
      const request = requestOf(stack, id, RECORDS[name]);
      expect(request.method).toBe(
        { "cache-put": "PUT", "topic-publish": "POST", "cache-delete": "DELETE" }[id],
      );
      expect(request.path).toBe(PATHS[id]);
      expect(request.query).toEqual(expected?.query);
      expect(request.body === undefined ? undefined : JSON.parse(request.body)).toEqual(expected?.body);
    });

    test.each(cases)("%s, %s: every query-string parameter path resolves in the record", (id, name) => {
      const query = pipeOf(stack, id).target_parameters.http_parameters.query_string_parameters ?? {};
      for (const [parameter, value] of Object.entries(query)) {
        const resolved = resolveDynamicParameter(value as string, RECORDS[name] as unknown as JsonValue);
        expect({ parameter, resolved: typeof resolved === "string" && resolved.length > 0 }).toEqual({
          parameter,
          resolved: true,
        });
      }
    });

    test("the topic is published as text/plain and the cache value as octet-stream, as Momento documents", () => {
      const headers = (id: PipeId) => pipeOf(stack, id).target_parameters.http_parameters.header_parameters;
      expect(headers("topic-publish")).toEqual({ "Content-Type": "text/plain" });
      expect(headers("cache-put")).toEqual({ "Content-Type": "application/octet-stream" });
      expect(headers("cache-delete")).toBeUndefined();
      expect(pipeOf(stack, "cache-delete").target_parameters.input_template).toBeUndefined();
    });

    test("no pipe uses more than one path parameter (hashicorp/aws allows one)", () => {
      for (const id of PIPES) {
        expect(pipeOf(stack, id).target_parameters.http_parameters.path_parameter_values).toHaveLength(1);
      }
    });
  });

  describe("delivery", () => {
    test.each(PIPES)(
      "%s reads this table's stream one record at a time, with finite retries and the DLQ",
      (id) => {
        expect(pipeOf(stack, id)).toEqual(
          expect.objectContaining({
            name: `integ-dev-momento-${id}`,
            desired_state: "RUNNING",
            role_arn: "${aws_iam_role.pipe-role_role.arn}",
            source: "${aws_dynamodb_table.table.stream_arn}",
            target: `\${aws_cloudwatch_event_api_destination.${id}_destination.arn}`,
            depends_on: ["aws_iam_role_policy.pipe-role_policy"],
          }),
        );
        expect(pipeOf(stack, id).source_parameters.dynamodb_stream_parameters).toEqual({
          starting_position: "LATEST",
          batch_size: 1,
          maximum_retry_attempts: 10,
          maximum_record_age_in_seconds: 3600,
          dead_letter_config: { arn: "${aws_sqs_queue.pipe-dlq_queue.arn}" },
        });
      },
    );

    test.each(PIPES)("%s logs errors only, without execution data, to the managed log group", (id) => {
      expect(pipeOf(stack, id).log_configuration).toEqual({
        level: "ERROR",
        cloudwatch_logs_log_destination: { log_group_arn: "${aws_cloudwatch_log_group.pipe-logs.arn}" },
      });
    });

    test("the log group keeps logs for the configured retention", () => {
      expect(resource(stack, "aws_cloudwatch_log_group", "pipe-logs")).toMatchObject({
        name: "/aws/vendedlogs/pipes/integ-dev-dynamodb-pipes-momento",
        retention_in_days: 30,
      });
    });

    test("the DLQ is encrypted, keeps records 14 days, and only refuses non-TLS (the pipe role sends)", () => {
      expect(resource(stack, "aws_sqs_queue", "pipe-dlq_queue")).toMatchObject({
        name: "integ-dev-dynamodb-pipes-momento-dlq",
        sqs_managed_sse_enabled: true,
        message_retention_seconds: 1209600,
      });
      expect(statementsOf(stack, "pipe-dlq_policy-document").map((s) => s.sid)).toEqual([
        "DenyInsecureTransport",
      ]);
    });
  });

  describe("the pipe role", () => {
    test("only EventBridge Pipes, for these three pipes in this account, can assume it", () => {
      const account = "${data.aws_caller_identity.current.account_id}";
      expect(statementsOf(stack, "pipe-role_trust")).toEqual([
        {
          sid: "AllowServiceToAssume",
          effect: "Allow",
          actions: ["sts:AssumeRole"],
          principals: [{ type: "Service", identifiers: ["pipes.amazonaws.com"] }],
          condition: [
            { test: "StringEquals", variable: "aws:SourceAccount", values: [account] },
            {
              test: "ArnLike",
              variable: "aws:SourceArn",
              values: PIPES.map((id) => `arn:aws:pipes:us-east-1:${account}:pipe/integ-dev-momento-${id}`),
            },
          ],
        },
      ]);
      // The ARNs in the trust policy are those of the pipes (built from names: the pipes refer to the role).
      for (const id of PIPES) expect(pipeOf(stack, id).name).toBe(`integ-dev-momento-${id}`);
    });

    test("may read this stream, call these three destinations, send to this DLQ and log to its group", () => {
      expect(statementsOf(stack, "pipe-role_permissions")).toEqual([
        {
          sid: "ReadTableStream",
          effect: "Allow",
          actions: [
            "dynamodb:DescribeStream",
            "dynamodb:GetRecords",
            "dynamodb:GetShardIterator",
            "dynamodb:ListStreams",
          ],
          resources: ["${aws_dynamodb_table.table.stream_arn}"],
        },
        {
          sid: "InvokeMomentoDestinations",
          effect: "Allow",
          actions: ["events:InvokeApiDestination"],
          resources: PIPES.map((id) => `\${aws_cloudwatch_event_api_destination.${id}_destination.arn}`),
        },
        {
          sid: "SendFailedRecords",
          effect: "Allow",
          actions: ["sqs:SendMessage"],
          resources: ["${aws_sqs_queue.pipe-dlq_queue.arn}"],
        },
        {
          sid: "WritePipeLogs",
          effect: "Allow",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: ["${aws_cloudwatch_log_group.pipe-logs.arn}:*"],
        },
      ]);
      expect(resource(stack, "aws_iam_role_policy", "pipe-role_policy").policy).toBe(
        "${data.aws_iam_policy_document.pipe-role_permissions.json}",
      );
    });
  });

  test("outputs name the table, its stream, the pipes, the DLQ and the log group", () => {
    expect(Object.keys(stack.output).sort()).toEqual([
      "cache_delete_pipe_name",
      "cache_put_pipe_name",
      "dlq_url",
      "log_group_name",
      "stream_arn",
      "table_name",
      "topic_publish_pipe_name",
    ]);
    expect(stack.output.table_name.value).toBe("${aws_dynamodb_table.table.name}");
    expect(stack.output.stream_arn.value).toBe("${aws_dynamodb_table.table.stream_arn}");
    expect(stack.output.dlq_url.value).toBe("${aws_sqs_queue.pipe-dlq_queue.url}");
    expect(stack.output.cache_put_pipe_name.value).toBe("integ-dev-momento-cache-put");
  });
});

describe(`${STACK}: no secret in synthesized files`, () => {
  const MARKER = "momento-key-MARKER-7f3c9d";
  const saved = {
    TF_VAR_momento_api_key: process.env.TF_VAR_momento_api_key,
    MOMENTO_API_KEY: process.env.MOMENTO_API_KEY,
  };
  let files: Map<string, string>;

  beforeAll(() => {
    // The key as users supply it: if synthesis ever read it from the environment, it would show up below.
    process.env.TF_VAR_momento_api_key = MARKER;
    process.env.MOMENTO_API_KEY = MARKER;
    const { outdir } = synthesize({ stacks: [STACK] });
    const offline = synthesize({ stacks: [STACK], offline: true });
    files = new Map();
    for (const root of [outdir, offline.outdir]) {
      const walk = (dir: string): void => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, entry.name);
          if (entry.isDirectory()) walk(full);
          else files.set(full, fs.readFileSync(full, "utf8"));
        }
      };
      walk(root);
    }
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test("the key is in no file of the outdir, nor in the reviewed snapshot", () => {
    const snapshot = path.join(__dirname, "__snapshots__", "dynamodb-pipes-momento.test.ts.snap");
    if (fs.existsSync(snapshot)) files.set(snapshot, fs.readFileSync(snapshot, "utf8"));
    expect(files.size).toBeGreaterThan(2);
    for (const [file, content] of files) {
      for (const needle of [MARKER, OFFLINE_VARIABLE_VALUES.momento_api_key ?? "(no offline key)"]) {
        expect({ file, needle, found: content.includes(needle) }).toEqual({ file, needle, found: false });
      }
    }
  });

  test("every credential-carrying attribute is a variable reference", () => {
    const literals: string[] = [];
    // Wider than the baseline's SEC-NO-LITERALS, which does not look inside `api_key { value }` blocks.
    const credential = /(^|\.)(api_key\.value|password|client_secret|token)$/;
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) {
        node.forEach((item, i) => {
          walk(item, `${where}[${i}]`);
        });
      } else if (node && typeof node === "object") {
        for (const [key, value] of Object.entries(node)) walk(value, `${where}.${key}`);
      } else if (typeof node === "string" && credential.test(where.replace(/\[\d+\]/g, ""))) {
        if (!/^\$\{var\.[a-z_]+\}$/.test(node)) literals.push(`${where} = ${node}`);
      }
    };
    for (const [file, content] of files) {
      if (file.endsWith("cdk.tf.json")) walk(JSON.parse(content).resource, "resource");
    }
    expect(literals).toEqual([]);
  });
});

describe(`${STACK} settings`, () => {
  test("with every option: names, key, endpoint default, rates, stream position, retries and full logging", () => {
    const stack = synthWith(
      {
        tableName: "acme-weather-readings",
        partitionKey: "City",
        deletionProtection: true,
        momentoHttpEndpoint: "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com",
        cacheName: "weather-cache",
        topicName: "weather-updates",
        invocationRateLimitPerSecond: 100,
        startingPosition: "TRIM_HORIZON",
        maximumRetryAttempts: 3,
        maximumRecordAgeSeconds: 900,
        logging: { level: "TRACE", includeExecutionData: true },
      },
      { accountId: "111122223333" },
    ).json(STACK);
    expect(resource(stack, "aws_dynamodb_table", "table")).toMatchObject({
      name: "acme-weather-readings",
      hash_key: "City",
      attribute: [{ name: "City", type: "S" }],
      deletion_protection_enabled: true,
    });
    expect(stack.variable.momento_http_endpoint.default).toBe(
      "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com",
    );
    expect(stack.variable.momento_api_key.default).toBeUndefined();
    expect(
      resource(stack, "aws_cloudwatch_event_api_destination", "topic-publish_destination"),
    ).toMatchObject({
      invocation_endpoint: `${ENDPOINT_REF}/topics/weather-cache/*`,
      invocation_rate_limit_per_second: 100,
    });
    const put = pipeOf(stack, "cache-put");
    expect(put.target_parameters.http_parameters).toMatchObject({
      path_parameter_values: ["weather-cache"],
      query_string_parameters: {
        key: "$.dynamodb.Keys.City.S",
        ttl_seconds: "$.dynamodb.NewImage.TtlSeconds.N",
      },
    });
    expect(put.target_parameters.input_template).toContain('"City": <$.dynamodb.Keys.City.S>');
    expect(pipeOf(stack, "topic-publish").target_parameters.http_parameters.path_parameter_values).toEqual([
      "weather-updates",
    ]);
    for (const id of PIPES) {
      expect(pipeOf(stack, id).source_parameters.dynamodb_stream_parameters).toMatchObject({
        starting_position: "TRIM_HORIZON",
        maximum_retry_attempts: 3,
        maximum_record_age_in_seconds: 900,
      });
      expect(pipeOf(stack, id).log_configuration).toMatchObject({
        level: "TRACE",
        include_execution_data: ["ALL"],
      });
    }
    expect(statementsOf(stack, "pipe-role_trust")[0]?.condition[0].values).toEqual(["111122223333"]);
  });

  test("outside dev the table has deletion protection and prevent_destroy by default", () => {
    const config = testConfig({ environment: "prod", accountId: "111122223333" });
    const table = resource(
      synthesize({ stacks: [STACK], config }).json(STACK),
      "aws_dynamodb_table",
      "table",
    );
    expect(table.deletion_protection_enabled).toBe(true);
    expect(table.lifecycle).toEqual({ prevent_destroy: true });
  });

  test('logging.level "OFF" is an explicit, listed exception to the LOG-PIPE baseline rule', () => {
    const config = testConfig({ stacks: { [STACK]: { logging: { level: "OFF" } } } });
    const [audit] = auditApp(buildApp(config, { stacks: [STACK] }));
    expect(audit?.findings).toEqual([]);
    expect(audit?.suppressed.map((s) => [s.address, s.ruleId])).toEqual(
      PIPES.map((id) => [`aws_pipes_pipe.${id}_pipe`, "LOG-PIPE"]),
    );
    expect(audit?.suppressed[0]?.reason).toContain('logging.level = "OFF"');
  });

  test.each([
    [{ tableName: "ab" }, /stacks\.dynamodb-pipes-momento\.tableName = "ab": a DynamoDB table name/],
    [
      { partitionKey: "Loc ation" },
      /partitionKey = "Loc ation": an attribute name of letters, digits, _ and -/,
    ],
    [
      { partitionKey: "TtlSeconds" },
      /partitionKey = "TtlSeconds": an attribute the weather item does not already use/,
    ],
    [{ deletionProtection: "yes" }, /deletionProtection = "yes": true or false/],
    [
      { momentoHttpEndpoint: "http://api.cache.cell-us-east-1-1.prod.a.momentohq.com" },
      /momentoHttpEndpoint = "http:\/\/api\.cache.*": an https:\/\/ URL without trailing slash, query or fragment/,
    ],
    [
      { momentoHttpEndpoint: "https://api.example.com/" },
      /momentoHttpEndpoint = "https:\/\/api\.example\.com\/"/,
    ],
    [{ cacheName: "my cache" }, /cacheName = "my cache": a Momento cache name/],
    [{ topicName: "a/b" }, /topicName = "a\/b": a Momento topic name/],
    [
      { invocationRateLimitPerSecond: 301 },
      /invocationRateLimitPerSecond = 301: a whole number from 1 to 300/,
    ],
    [
      { startingPosition: "AT_TIMESTAMP" },
      /startingPosition = "AT_TIMESTAMP": one of "LATEST", "TRIM_HORIZON"/,
    ],
    [{ maximumRetryAttempts: -1 }, /maximumRetryAttempts = -1: a whole number from 0 to 10000/],
    [
      { maximumRecordAgeSeconds: -1 },
      /maximumRecordAgeSeconds = -1: a whole number from 60 to 86400 seconds/,
    ],
    [{ logging: { level: "DEBUG" } }, /logging\.level = "DEBUG": one of "OFF", "ERROR", "INFO", "TRACE"/],
    [
      { logging: { level: "OFF", includeExecutionData: true } },
      /logging\.includeExecutionData = true: only used when logging\.level is not "OFF"/,
    ],
    [{ batchSize: 10 }, /batchSize = 10: unknown setting; known settings are tableName/],
  ])("%j is refused, naming field, value and what is allowed", (settings, message) => {
    expect(() => testConfig({ stacks: { [STACK]: settings } })).toThrow(message);
  });

  test("an API key put into configuration is refused without echoing it", () => {
    const secret = "eyJhbGciOi.REAL-LOOKING-KEY";
    let message = "";
    try {
      testConfig({ stacks: { [STACK]: { momentoApiKey: secret, apiKey: secret } } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/momentoApiKey = "\[redacted\]": not a setting: .*TF_VAR_momento_api_key/);
    expect(message).toMatch(/apiKey = "\[redacted\]"/);
    expect(message).not.toContain(secret);
  });

  test("an endpoint carrying a token in its query is reported without the query", () => {
    let message = "";
    try {
      testConfig({
        stacks: { [STACK]: { momentoHttpEndpoint: "https://api.example.com?token=SECRET-123" } },
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('momentoHttpEndpoint = "https://api.example.com?[redacted]"');
    expect(message).not.toContain("SECRET-123");
  });
});
