import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findOfflineTooling } from "../../scripts/lib/offline-terraform";
import { standInForTimeSleeps } from "../../scripts/lib/time-stand-in";
import { synthesize } from "../support/synth";

// Real Terraform evaluates the variables' validation and redaction, in a private copy of the offline stack (the
// shared .offline-plan folder is rebuilt by every `npm run plan:offline`). Skipped, like the offline-plan group,
// when terraform or a provider mirror is missing.
const tooling = findOfflineTooling();
const STACK = "dynamodb-pipes-momento";
const KEY = "momento-key-MARKER-2b81e4";
const GOOD_ENDPOINT = "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com";
const TIMEOUT = 180_000;

(tooling.available ? describe : describe.skip)(`${STACK}: Terraform checks its variables`, () => {
  let root = "";
  let workDir = "";
  let env: NodeJS.ProcessEnv = {};

  const terraform = (args: string[]) => {
    const binary = tooling.available ? tooling.terraform : "terraform";
    const run = spawnSync(binary, args, { cwd: workDir, env, encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };
  const plan = (key: string, endpoint: string) =>
    terraform([
      "plan",
      "-input=false",
      "-lock=false",
      "-no-color",
      "-var",
      `momento_api_key=${key}`,
      "-var",
      `momento_http_endpoint=${endpoint}`,
    ]);

  beforeAll(() => {
    if (!tooling.available) return;
    root = fs.mkdtempSync(path.join(os.tmpdir(), "momento-vars-"));
    synthesize({ stacks: [STACK], offline: true, outdir: path.join(root, "out") });
    workDir = path.join(root, "out", "stacks", STACK);
    // As the offline harness does: without hashicorp/time in the mirror, the time_sleep plans as terraform_data.
    if (!fs.existsSync(path.join(tooling.mirror, "registry.terraform.io", "hashicorp", "time"))) {
      const stackFile = path.join(workDir, "cdk.tf.json");
      const stackJson = JSON.parse(fs.readFileSync(stackFile, "utf8"));
      standInForTimeSleeps(stackJson);
      fs.writeFileSync(stackFile, JSON.stringify(stackJson));
    }
    const cliConfig = path.join(root, "offline.tfrc");
    fs.writeFileSync(
      cliConfig,
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(tooling.mirror)}\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`,
    );
    const inherited = Object.entries(process.env).filter(
      ([k]) => !k.startsWith("AWS_") && !k.startsWith("TF_"),
    );
    env = {
      ...Object.fromEntries(inherited),
      TF_CLI_CONFIG_FILE: cliConfig,
      TF_IN_AUTOMATION: "1",
      CHECKPOINT_DISABLE: "1",
      AWS_ACCESS_KEY_ID: "offline-mock-access-key",
      AWS_SECRET_ACCESS_KEY: "offline-mock-secret-key",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_MAX_ATTEMPTS: "1",
    };
    const init = terraform(["init", "-input=false", "-no-color"]);
    if (init.status !== 0) throw new Error(`terraform init failed:\n${init.output}`);
  }, TIMEOUT);

  afterAll(() => {
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  // The pattern itself is tested value by value in __tests__/stacks; these prove Terraform applies it.
  test.each(["http://api.cache.cell-us-east-1-1.prod.a.momentohq.com", `${GOOD_ENDPOINT}/`])(
    "refuses the endpoint %j before planning anything",
    (endpoint) => {
      const { status, output } = plan(KEY, endpoint);
      expect(status).not.toBe(0);
      expect(output).toContain("Invalid value for variable");
      expect(output).toContain("momento_http_endpoint must be an https:// URL");
      expect(output).not.toContain(KEY);
    },
    TIMEOUT,
  );

  test(
    "plans with a valid endpoint and shows the key only as (sensitive value)",
    () => {
      const { status, output } = plan(KEY, GOOD_ENDPOINT);
      expect({ status, output: status === 0 ? "" : output }).toEqual({ status: 0, output: "" });
      // The endpoint reaches the workflow role's states:HTTPEndpoint condition.
      expect(output).toContain(
        `"${GOOD_ENDPOINT}/topics/momento-eventbridge-cache/momento-eventbridge-topic"`,
      );
      expect(output).toMatch(/value\s+= \(sensitive value\)/);
      expect(output).not.toContain(KEY);
    },
    TIMEOUT,
  );
});
