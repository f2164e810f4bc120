import * as fs from "node:fs";
import * as path from "node:path";
import { APIGatewayClient, GetAccountCommand } from "@aws-sdk/client-api-gateway";
import { mockClient } from "aws-sdk-client-mock";
import { summaryMarkdown } from "../../scripts/lib/plan-summary";
import {
  PreflightError,
  preflightOrStop,
  runPreflight,
  SKIP_PREFLIGHT_FLAG,
} from "../../scripts/lib/preflight";
import { README_SECTION } from "../../scripts/lib/preflight/apigateway-account";
import { PROJECT_ROOT } from "../../stacks/config/load";
import type { StackId } from "../../stacks/registry";
import { testConfig } from "../support/test-config";

const apiGateway = mockClient(APIGatewayClient);
const ROLE = "arn:aws:iam::123456789012:role/landing-zone-apigateway-logs";
const API_STACK: StackId[] = ["api-firehose-s3"];
const managed = testConfig({ stacks: { "api-firehose-s3": { manageAccountCloudWatchRole: true } } });

beforeEach(() => apiGateway.reset());
const quiet = jest.spyOn(console, "log").mockImplementation(() => undefined);
afterAll(() => quiet.mockRestore());

describe("API Gateway account CloudWatch role pre-flight", () => {
  test("an unset role stops the plan with the README's instruction, before any Terraform runs", async () => {
    apiGateway.on(GetAccountCommand).resolves({});
    const onBlocked = jest.fn();
    const run = preflightOrStop({ config: testConfig(), stacks: API_STACK }, [], onBlocked);
    await expect(run).rejects.toBeInstanceOf(PreflightError);
    await expect(run).rejects.toThrow(/not set in us-east-1.*CloudWatch Logs role ARN must be set/);
    await expect(run).rejects.toThrow(
      /manageAccountCloudWatchRole: true in exactly one environment per account/,
    );
    expect(onBlocked).toHaveBeenCalledWith([
      expect.stringMatching(/^pre-flight: .*: BLOCKED, not set in us-east-1/),
    ]);
    expect(apiGateway.commandCalls(GetAccountCommand)).toHaveLength(1);
  });

  test("a role already set passes, and the summary says the stack leaves it alone", async () => {
    apiGateway.on(GetAccountCommand).resolves({ cloudwatchRoleArn: ROLE });
    const notes = await preflightOrStop({ config: testConfig(), stacks: API_STACK }, [], jest.fn());
    expect(notes).toEqual([
      `pre-flight: API Gateway account CloudWatch role: set in us-east-1 (${ROLE}); the stack leaves it alone`,
    ]);
    expect(summaryMarkdown("Terraform plan (dev)", [], [], undefined, notes)).toContain(`- ${notes[0]}`);
  });

  test("with manageAccountCloudWatchRole the summary warns when the stack replaces another owner's role", async () => {
    apiGateway.on(GetAccountCommand).resolves({ cloudwatchRoleArn: ROLE });
    const [check] = await runPreflight(managed, API_STACK, []);
    expect(check).toMatchObject({
      status: "ok",
      summary: expect.stringContaining(`REPLACES the current role ${ROLE}`),
    });
    apiGateway.on(GetAccountCommand).resolves({});
    expect((await runPreflight(managed, API_STACK, []))[0]?.summary).toMatch(
      /the stack sets it in us-east-1/,
    );
  });

  test("credentials that cannot read the setting stop the plan, naming the permission and the way around", async () => {
    apiGateway
      .on(GetAccountCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    const [check] = await runPreflight(testConfig(), API_STACK, []);
    expect(check).toMatchObject({
      status: "blocked",
      summary: expect.stringContaining("AccessDeniedException: not authorized"),
      instruction: expect.stringContaining(`apigateway:GET on arn:aws:apigateway:us-east-1::/account`),
    });
    expect(check?.instruction).toContain(SKIP_PREFLIGHT_FLAG);
    // When the stack owns the setting, an unreadable current value is no reason to stop.
    expect((await runPreflight(managed, API_STACK, []))[0]?.status).toBe("ok");
  });

  test("plans without api-firehose-s3, and --skip-preflight, call no AWS API", async () => {
    expect(await runPreflight(testConfig(), ["ec2-state-to-kinesis", "rds-autotag"], [])).toEqual([]);
    expect(await runPreflight(testConfig(), API_STACK, [SKIP_PREFLIGHT_FLAG])).toEqual([
      expect.objectContaining({ status: "skipped" }),
    ]);
    expect(apiGateway.commandCalls(GetAccountCommand)).toHaveLength(0);
  });

  test("the README section the instruction points to exists", () => {
    const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");
    expect(readme).toContain(`**${README_SECTION}.**`);
  });
});
