import * as fs from "node:fs";
import * as path from "node:path";
import { integrationsJsonSchemaText, SCHEMA_FILE } from "../stacks/config/json-schema";
import { PROJECT_ROOT } from "../stacks/core/paths";

// `npm run schema`: rewrites cdktf.schema.json (the JSON Schema editors use for cdktf.json) from the settings
// readers. The README test fails when the committed file is stale.
fs.writeFileSync(path.join(PROJECT_ROOT, SCHEMA_FILE), integrationsJsonSchemaText());
console.log(`Wrote ${SCHEMA_FILE}`);
