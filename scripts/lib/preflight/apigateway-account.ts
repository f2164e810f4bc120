import type { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import type { ProjectConfig } from "../../../stacks/config/project-config";
import type { StackId } from "../../../stacks/registry";

/** One pre-flight finding: `blocked` stops the plan before Terraform runs. */
export interface PreflightCheck {
  readonly name: string;
  readonly status: "ok" | "blocked" | "skipped";
  /** One line for the terminal and the plan summary. */
  readonly summary: string;
  /** What to do, when blocked. */
  readonly instruction?: string;
}

const NAME = "API Gateway account CloudWatch role";
const SETTING = "stacks.api-firehose-s3.manageAccountCloudWatchRole";
/** The README section that explains the setting (kept in sync by __tests__/scripts/preflight.test.ts). */
export const README_SECTION = "API Gateway's account-level CloudWatch role";

/**
 * API Gateway logs through one IAM role per account and region. When it was never set, the first apply of
 * api-firehose-s3 fails at the stage ("CloudWatch Logs role ARN must be set in account settings to enable
 * logging"), after most of the stack exists. `apigateway:GetAccount` (IAM action apigateway:GET on
 * arn:aws:apigateway:<region>::/account) says so before Terraform runs.
 * @see https://docs.aws.amazon.com/apigateway/latest/api/API_GetAccount.html
 * @see https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html
 */
export async function checkApiGatewayAccount(
  config: ProjectConfig,
  stacks: readonly StackId[],
  client?: Pick<APIGatewayClient, "send">,
): Promise<PreflightCheck | undefined> {
  if (!stacks.includes("api-firehose-s3")) return undefined;
  // Loaded here, not imported: `npm run plan` loads this module for every run, and the SDK client only
  // when api-firehose-s3 is planned (about 70 ms of CPU).
  const { APIGatewayClient, GetAccountCommand } =
    require("@aws-sdk/client-api-gateway") as typeof import("@aws-sdk/client-api-gateway");
  const apiGateway = client ?? new APIGatewayClient({ region: config.region });
  const managed = config.stacks["api-firehose-s3"].manageAccountCloudWatchRole;
  const where = `${config.region}${config.accountId ? ` of account ${config.accountId}` : ""}`;
  let roleArn: string | undefined;
  try {
    roleArn = (await apiGateway.send(new GetAccountCommand({}))).cloudwatchRoleArn || undefined;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    if (managed) {
      return {
        name: NAME,
        status: "ok",
        summary: `managed by api-firehose-s3 (${SETTING}: true); current setting unreadable (${reason})`,
      };
    }
    return {
      name: NAME,
      status: "blocked",
      summary: `could not read API Gateway's account settings in ${where} (${reason})`,
      instruction:
        `Allow apigateway:GET on arn:aws:apigateway:${config.region}::/account for these credentials, or check by hand ` +
        `(aws apigateway get-account --region ${config.region}) and run again with --skip-preflight. See README, "${README_SECTION}".`,
    };
  }
  if (managed) {
    return {
      name: NAME,
      status: "ok",
      summary: roleArn
        ? `managed by api-firehose-s3 (${SETTING}: true): the stack REPLACES the current role ${roleArn} for every API in ${where}`
        : `managed by api-firehose-s3 (${SETTING}: true): the stack sets it in ${where}`,
    };
  }
  if (roleArn)
    return { name: NAME, status: "ok", summary: `set in ${where} (${roleArn}); the stack leaves it alone` };
  return {
    name: NAME,
    status: "blocked",
    summary: `not set in ${where}: the api-firehose-s3 stage would fail ("CloudWatch Logs role ARN must be set in account settings to enable logging")`,
    instruction:
      `Set ${SETTING}: true in exactly one environment per account and region (the stack then owns the role), ` +
      `or have its owner set it (aws apigateway update-account --region ${config.region} --patch-operations ` +
      `op=replace,path=/cloudwatchRoleArn,value=<role ARN>). See README, "${README_SECTION}".`,
  };
}
