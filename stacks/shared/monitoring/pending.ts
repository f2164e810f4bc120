import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { suppressBaseline } from "../../baseline/suppress";
import type { IntegrationStack } from "../integration-stack";

/**
 * dynamodb-pipes-momento alarms on its pipe and workflow itself (plain aws_cloudwatch_metric_alarm resources,
 * which MON-FAILURE-ALARM recognises by their dimensions), but not yet on its table's throttled writes: until
 * watchTable is wired into that stack, its table is exempt, with the reason shown by `npm run audit`.
 * Temporary by construction: a suppression that hides no finding fails synthesis, so as soon as the table has
 * its alarm, synth asks for this call to be removed.
 */
export function exemptUntilAlarmsAreWired<T extends IntegrationStack>(stack: T): T {
  for (const node of stack.node.findAll()) {
    if (node instanceof DynamodbTable) {
      suppressBaseline(
        node,
        "MON-FAILURE-ALARM",
        "Pending: the table's throttle alarm (watchTable) is wired into this stack after the monitoring toolkit lands",
      );
    }
  }
  return stack;
}
