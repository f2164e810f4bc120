/**
 * What stacks grant on `Resource: "*"`: actions that support no resource-level permission. The baseline
 * checks these grants against its own list (IAM-WILDCARD-RESOURCE), not this one.
 */

/**
 * What a service needs to set up log delivery to CloudWatch Logs (vended logs), as Step Functions does.
 * The service then writes the log events itself, so no logs:PutLogEvents is needed.
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html
 */
export const LOG_DELIVERY_ACTIONS = [
  "logs:CreateLogDelivery",
  "logs:GetLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  "logs:ListLogDeliveries",
  "logs:PutResourcePolicy",
  "logs:DescribeResourcePolicies",
  "logs:DescribeLogGroups",
] as const;

/**
 * What X-Ray tracing needs from an execution role (AWSXRayDaemonWriteAccess).
 * @see https://docs.aws.amazon.com/step-functions/latest/dg/concepts-xray-tracing.html
 */
export const XRAY_WRITE_ACTIONS = [
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  "xray:GetSamplingRules",
  "xray:GetSamplingTargets",
] as const;
