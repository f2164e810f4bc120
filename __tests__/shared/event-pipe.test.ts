import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { App, Testing } from "cdktf";
import { stackProps } from "../../stacks/app";
import { DeadLetterQueue } from "../../stacks/shared/dead-letter-queue";
import { dynamodbStreamSource, eventPipe, syncStateMachineTarget } from "../../stacks/shared/event-pipe";
import { IntegrationStack } from "../../stacks/shared/integration-stack";
import { resource, statementsOf, type TerraformJson, testConfig } from "../support/synth";
import { tempDir } from "../support/temp";

const ACCOUNT = "111122223333";
const MACHINE_ARN = `arn:aws:states:us-east-1:${ACCOUNT}:stateMachine:orders`;
const STREAM = "${aws_dynamodb_table.table.stream_arn}";

class PipeStack extends IntegrationStack {
  constructor(app: App) {
    super(
      app,
      "dynamodb-pipes-momento",
      stackProps(testConfig({ accountId: ACCOUNT }), "dynamodb-pipes-momento"),
    );
    const table = new DynamodbTable(this, "table", { name: "orders", hashKey: "id", streamEnabled: true });
    const dlq = new DeadLetterQueue(this, "pipe-dlq", { name: "orders-dlq" });
    const group = new CloudwatchLogGroup(this, "pipe-logs", { name: "orders-pipe" });
    eventPipe(this, {
      name: "orders",
      description: "Orders to the workflow",
      role: { name: "orders-pipe", description: "Reads orders" },
      source: dynamodbStreamSource(table.streamArn, dlq, { startingPosition: "LATEST", batchSize: 1 }),
      sourceDependsOn: table,
      target: syncStateMachineTarget(MACHINE_ARN, "RunOrdersWorkflow"),
      logs: { group, level: "ERROR", includeExecutionData: false },
    });
  }
}

describe("eventPipe", () => {
  const stack: TerraformJson = JSON.parse(
    Testing.synth(new PipeStack(new App({ outdir: tempDir("event-pipe"), stackTraces: false }))),
  );

  test("the role holds each edge's statement, scoped to that edge, and nothing else", () => {
    expect(statementsOf(stack, "pipe-role_permissions").map((s) => [s.sid, s.actions, s.resources])).toEqual([
      [
        "ReadTableStream",
        [
          "dynamodb:DescribeStream",
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:ListStreams",
        ],
        [STREAM],
      ],
      ["RunOrdersWorkflow", ["states:StartSyncExecution"], [MACHINE_ARN]],
      ["SendFailedRecords", ["sqs:SendMessage"], ["${aws_sqs_queue.pipe-dlq_queue.arn}"]],
      [
        "WritePipeLogs",
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        ["${aws_cloudwatch_log_group.pipe-logs.arn}:*"],
      ],
    ]);
  });

  test("the role's trust is guarded by aws:SourceAccount and this pipe's aws:SourceArn", () => {
    const [trust] = statementsOf(stack, "pipe-role_trust");
    expect(trust?.condition).toEqual([
      { test: "StringEquals", variable: "aws:SourceAccount", values: [ACCOUNT] },
      {
        test: "ArnLike",
        variable: "aws:SourceArn",
        values: [`arn:aws:pipes:us-east-1:${ACCOUNT}:pipe/orders`],
      },
    ]);
  });

  test("the pipe reads the source with its DLQ, runs the target synchronously, after the permission wait", () => {
    expect(resource(stack, "aws_pipes_pipe", "pipe")).toMatchObject({
      source: STREAM,
      source_parameters: {
        dynamodb_stream_parameters: { dead_letter_config: { arn: "${aws_sqs_queue.pipe-dlq_queue.arn}" } },
      },
      target: MACHINE_ARN,
      target_parameters: { step_function_state_machine_parameters: { invocation_type: "REQUEST_RESPONSE" } },
      depends_on: ["time_sleep.wait-for-pipe-permissions"],
    });
    expect(resource(stack, "time_sleep", "wait-for-pipe-permissions").depends_on).toEqual([
      "aws_iam_role_policy.pipe-role_policy",
      "aws_dynamodb_table.table",
    ]);
  });
});
