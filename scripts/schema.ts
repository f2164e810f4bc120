import * as fs from "node:fs";
import * as path from "node:path";
import { integrationsJsonSchemaText, SCHEMA_FILE } from "../stacks/config/json-schema";
import { PROJECT_ROOT } from "../stacks/core/paths";
import { parseScriptArgs, runCli } from "./lib/cli";

// `npm run schema`: rewrites cdktf.schema.json (the JSON Schema editors use for cdktf.json) from the settings
// readers. The README test fails when the committed file is stale.
runCli(() => {
  const usage = "npm run schema  (no arguments: rewrites cdktf.schema.json)";
  if (parseScriptArgs(process.argv.slice(2), usage, {}).values.help) {
    console.log(`Usage: ${usage}`);
    return;
  }
  fs.writeFileSync(path.join(PROJECT_ROOT, SCHEMA_FILE), integrationsJsonSchemaText());
  console.log(`Wrote ${SCHEMA_FILE}`);
});
