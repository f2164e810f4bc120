import { once } from "node:events";
import * as fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { findOfflineTooling, planStackOffline } from "../../scripts/lib/offline-terraform";
import { synthesize } from "../support/synth";

/**
 * The upgrade from the three-pipe release to the one-pipe workflow, planned by real Terraform against a state
 * holding what that release deployed (dev defaults). Only the three pipes and their API destinations may be
 * destroyed; every other deployed resource (table, connection, DLQ, log group, pipe role) keeps its address
 * and is at most updated in place.
 */
const tooling = findOfflineTooling();
const STACK = "dynamodb-pipes-momento";
const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const OLD_PIPES = ["cache-put", "topic-publish", "cache-delete"];

function resourceState(type: string, name: string, attributes: Record<string, unknown>) {
  return {
    mode: "managed",
    type,
    name,
    provider: 'provider["registry.terraform.io/hashicorp/aws"]',
    instances: [{ schema_version: 0, attributes }],
  };
}

/** The previous release's resources, with the attributes that decide replace-or-update. */
function previousReleaseState() {
  const table = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/integ-dev-weather`;
  const stream = `${table}/stream/2025-01-01T00:00:00.000`;
  const queueUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/integ-dev-dynamodb-pipes-momento-dlq`;
  const connection = `arn:aws:events:${REGION}:${ACCOUNT}:connection/integ-dev-momento/0a1b2c3d`;
  const role = "integ-dev-dynamodb-pipes-momento";
  const resources = [
    resourceState("aws_dynamodb_table", "table", {
      id: "integ-dev-weather",
      arn: table,
      name: "integ-dev-weather",
      billing_mode: "PAY_PER_REQUEST",
      hash_key: "Location",
      attribute: [{ name: "Location", type: "S" }],
      stream_enabled: true,
      stream_view_type: "NEW_AND_OLD_IMAGES",
      stream_arn: stream,
      point_in_time_recovery: [{ enabled: true, recovery_period_in_days: 35 }],
      server_side_encryption: [{ enabled: true, kms_key_arn: "" }],
      // The old contract: DynamoDB TTL on `TTL`.
      ttl: [{ attribute_name: "TTL", enabled: true }],
      deletion_protection_enabled: false,
    }),
    resourceState("aws_cloudwatch_event_connection", "connection", {
      id: "integ-dev-momento",
      arn: connection,
      name: "integ-dev-momento",
      authorization_type: "API_KEY",
      secret_arn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:events!connection/integ-dev-momento/abc`,
    }),
    resourceState("aws_sqs_queue", "pipe-dlq_queue", {
      id: queueUrl,
      url: queueUrl,
      arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:integ-dev-dynamodb-pipes-momento-dlq`,
      name: "integ-dev-dynamodb-pipes-momento-dlq",
      fifo_queue: false,
      sqs_managed_sse_enabled: true,
      message_retention_seconds: 1209600,
    }),
    resourceState("aws_sqs_queue_policy", "pipe-dlq_policy", {
      id: queueUrl,
      queue_url: queueUrl,
      policy: "{}",
    }),
    resourceState("aws_cloudwatch_metric_alarm", "pipe-dlq_alarm", {
      id: "integ-dev-dynamodb-pipes-momento-dlq-not-empty",
      alarm_name: "integ-dev-dynamodb-pipes-momento-dlq-not-empty",
      // Read by the dashboard and the composite alarm (a real state always holds it).
      arn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:integ-dev-dynamodb-pipes-momento-dlq-not-empty`,
    }),
    resourceState("aws_cloudwatch_log_group", "pipe-logs", {
      id: "/aws/vendedlogs/pipes/integ-dev-dynamodb-pipes-momento",
      name: "/aws/vendedlogs/pipes/integ-dev-dynamodb-pipes-momento",
      arn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/pipes/integ-dev-dynamodb-pipes-momento`,
      retention_in_days: 30,
    }),
    resourceState("aws_iam_role", "pipe-role_role", {
      id: role,
      name: role,
      path: "/",
      arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
      assume_role_policy: "{}",
    }),
    resourceState("aws_iam_role_policy", "pipe-role_policy", {
      id: `${role}:permissions`,
      name: "permissions",
      role,
      policy: "{}",
    }),
    ...OLD_PIPES.flatMap((id) => [
      resourceState("aws_cloudwatch_event_api_destination", `${id}_destination`, {
        id: `integ-dev-momento-${id}`,
        name: `integ-dev-momento-${id}`,
        arn: `arn:aws:events:${REGION}:${ACCOUNT}:api-destination/integ-dev-momento-${id}/1`,
        connection_arn: connection,
        http_method: "PUT",
        invocation_endpoint: "https://momento.offline-plan.invalid/cache/*",
        invocation_rate_limit_per_second: 50,
      }),
      resourceState("aws_pipes_pipe", `${id}_pipe`, {
        id: `integ-dev-momento-${id}`,
        name: `integ-dev-momento-${id}`,
        arn: `arn:aws:pipes:${REGION}:${ACCOUNT}:pipe/integ-dev-momento-${id}`,
        source: stream,
        target: `arn:aws:events:${REGION}:${ACCOUNT}:api-destination/integ-dev-momento-${id}/1`,
        role_arn: `arn:aws:iam::${ACCOUNT}:role/${role}`,
        desired_state: "RUNNING",
      }),
    ]),
  ];
  return {
    version: 4,
    terraform_version: "1.11.0",
    serial: 7,
    lineage: "5d0c-momento-upgrade",
    outputs: {},
    resources,
  };
}

/**
 * With the connection and the queue in state, the workflow definition is known at plan time, and hashicorp/aws
 * then asks Step Functions to validate it (ValidateStateMachineDefinition), which needs AWS. This loopback
 * stand-in answers that one call with "OK" so the plan can run offline; the definition's validity is tested
 * with asl-validator and the JSONata engine in workflow.test.ts.
 */
async function startValidateStandIn() {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(String(request.headers["x-amz-target"]));
    request.resume();
    request.on("end", () => {
      response.writeHead(200, { "Content-Type": "application/x-amz-json-1.0" });
      response.end(JSON.stringify({ result: "OK", diagnostics: [] }));
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return { server, requests, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const describeIfTerraform = tooling.available || process.env.CI === "true" ? describe : describe.skip;

describeIfTerraform("upgrade from the three-pipe release (real terraform plan)", () => {
  test("destroys only the three pipes and their API destinations; nothing else is replaced", async () => {
    if (!tooling.available) throw new Error(`offline Terraform checks are required in CI: ${tooling.reason}`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "momento-upgrade-"));
    const validate = await startValidateStandIn();
    try {
      const app = synthesize({ offline: true, outdir: path.join(root, "cdktf.out"), stacks: [STACK] });
      // The SDK's own endpoint setting sends Step Functions' calls to the stand-in; the stack stays as synthesized.
      const result = await planStackOffline(
        tooling,
        path.join(app.outdir, "stacks", STACK),
        path.join(root, "work"),
        { state: previousReleaseState(), planText: true, endpoints: { SFN: validate.url } },
      );
      expect([...result.summary.destroyed].sort()).toEqual(
        OLD_PIPES.flatMap((id) => [
          `aws_cloudwatch_event_api_destination.${id}_destination`,
          `aws_pipes_pipe.${id}_pipe`,
        ]).sort(),
      );
      expect(result.summary.replaced).toEqual([]);
      expect(validate.requests).toContain("AWSStepFunctions.ValidateStateMachineDefinition");
      // The table turns DynamoDB TTL off in place: items whose TTL is 120 seconds are no longer expired.
      expect(result.planText).toMatch(/aws_dynamodb_table\.table will be updated in-place/);
      expect(result.planText).toMatch(/- attribute_name = "TTL" -> null/);
      expect(result.planText).toMatch(/~ enabled\s+= true -> false/);
    } finally {
      validate.server.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  }, 180_000);
});
