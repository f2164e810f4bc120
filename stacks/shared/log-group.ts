import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "constructs";

/** A log group the stack owns, so its retention is set and it is deleted with the stack. */
export function managedLogGroup(
  scope: Construct,
  id: string,
  name: string,
  retentionDays: number,
): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, { name, retentionInDays: retentionDays });
}
