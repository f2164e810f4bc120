import { parseArgs } from "node:util";
import { loadProjectConfig } from "../stacks/config/load";
import { isStackId, STACK_IDS } from "../stacks/registry";
import { runCli } from "./lib/cli";
import { keyPolicyFor } from "./lib/kms-policy";

// `npm run kms:policy -- <stack> [--env name]`: the key-policy statements an existing customer key
// (encryption.kmsKeyArn) needs for the stack, as JSON to add to the key policy's "Statement" list.
runCli(() => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    options: { env: { type: "string" } },
    allowPositionals: true,
  });
  const [id, ...extra] = positionals;
  if (id === undefined || !isStackId(id) || extra.length > 0) {
    throw new Error(
      `Usage: npm run kms:policy -- <stack> [--env name]; stack is one of ${STACK_IDS.join(", ")}`,
    );
  }
  const config = loadProjectConfig(values.env === undefined ? [] : ["--env", values.env]);
  console.log(JSON.stringify(keyPolicyFor(config, id), null, 2));
});
