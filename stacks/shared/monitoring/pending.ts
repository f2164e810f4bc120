import { DynamodbTable } from "@cdktf/provider-aws/lib/dynamodb-table";
import { PipesPipe } from "@cdktf/provider-aws/lib/pipes-pipe";
import { suppressBaseline } from "../../baseline/suppress";
import type { IntegrationStack } from "../integration-stack";

/**
 * dynamodb-pipes-momento is being rebuilt elsewhere (issue #11) with alarms of its own; until that lands and
 * watchPipe / watchTable are wired into it, its pipes and table are exempt from MON-FAILURE-ALARM, with the
 * reason shown by `npm run audit`. Temporary by construction: a suppression that hides no finding fails
 * synthesis, so as soon as a pipe or the table has its alarm, synth asks for this call to be removed.
 */
export function exemptUntilAlarmsAreWired<T extends IntegrationStack>(stack: T): T {
  for (const node of stack.node.findAll()) {
    if (node instanceof PipesPipe || node instanceof DynamodbTable) {
      suppressBaseline(
        node,
        "MON-FAILURE-ALARM",
        "Pending: issue #11 rebuilds this stack with its own alarms; the monitoring toolkit is wired after it lands",
      );
    }
  }
  return stack;
}
