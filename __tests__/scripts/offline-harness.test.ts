import * as fs from "node:fs";
import * as path from "node:path";
import { findOfflineTooling, OFFLINE_GO_GC, offlineEnvironment } from "../../scripts/lib/offline-terraform";
import { diagnosticsFromStream, planFromStream } from "../../scripts/lib/plan-stream";
import { summarizePlan } from "../../scripts/lib/plan-summary";
import {
  folderHasProvider,
  localOnlyCliConfig,
  requiredProviders,
} from "../../scripts/lib/terraform-providers";
import { tempDir } from "../support/temp";

// How the offline harness finds providers (mirror, project cache, registry) and reads `plan -json`,
// without a real terraform: a small fake answers `version` and `init` like Terraform does.

const stream = (...messages: object[]) => messages.map((m) => JSON.stringify(m)).join("\n");
const change = (type: string, addr: string, action: string, previous?: string) => ({
  type,
  change: { resource: { addr }, action, ...(previous ? { previous_resource: { addr: previous } } : {}) },
});
const counts = (add: number, changed: number, remove: number) => ({
  type: "change_summary",
  changes: { add, change: changed, remove, import: 0, operation: "plan" },
});

describe("terraform plan -json is read as Terraform's own summary", () => {
  test("creates, updates, replacements, moves and drift", () => {
    const plan = planFromStream(
      stream(
        { type: "version", terraform: "1.11.4" },
        change("planned_change", "aws_sqs_queue.a", "create"),
        change("planned_change", "aws_kinesis_stream.s", "replace"),
        change("planned_change", "aws_sqs_queue.rule-dlq_queue", "move", "aws_sqs_queue.dlq_queue"),
        change("planned_change", "aws_cloudwatch_event_rule.r", "update", "aws_cloudwatch_event_rule.old"),
        change("resource_drift", "aws_lambda_function.f", "update"),
        counts(2, 1, 1),
      ),
    );
    expect(summarizePlan(plan)).toEqual({
      add: 2,
      change: 1,
      destroy: 1,
      replace: 1,
      replaced: ["aws_kinesis_stream.s"],
      destroyed: [],
      moved: [
        "aws_sqs_queue.dlq_queue -> aws_sqs_queue.rule-dlq_queue",
        "aws_cloudwatch_event_rule.old -> aws_cloudwatch_event_rule.r",
      ],
    });
    expect(plan.resource_drift).toEqual([
      { address: "aws_lambda_function.f", change: { actions: ["update"] }, previous_address: undefined },
    ]);
  });

  test("a stream whose changes do not add up to its summary line is refused, not trusted", () => {
    expect(() => planFromStream(stream(change("planned_change", "a.b", "create"), counts(2, 0, 0)))).toThrow(
      /do not add up/,
    );
    expect(() => planFromStream(stream(change("planned_change", "a.b", "create")))).toThrow(
      /no change summary/,
    );
  });

  test("errors are shown with the address and the line they point at", () => {
    const text = diagnosticsFromStream(
      stream({
        type: "diagnostic",
        diagnostic: {
          severity: "error",
          summary: "Invalid value for variable",
          detail: "momento_http_endpoint must be an https:// URL",
          range: { filename: "cdk.tf.json", start: { line: 570 } },
        },
      }),
    );
    expect(text).toBe(
      "Error: Invalid value for variable (cdk.tf.json line 570)\n  momento_http_endpoint must be an https:// URL",
    );
  });
});

describe("providers come from local folders", () => {
  test("required_providers with short sources are hashicorp's", () => {
    expect(
      requiredProviders({
        terraform: { required_providers: { aws: { source: "aws", version: "5.100.0" }, archive: {} } },
      }),
    ).toEqual({
      aws: { source: "hashicorp/aws", version: "5.100.0" },
      archive: { source: "hashicorp/archive", version: undefined },
    });
  });

  test("a folder has a provider at the pinned version, unpacked or packed", () => {
    const mirror = tempDir("mirror");
    const base = path.join(mirror, "registry.terraform.io", "hashicorp");
    fs.mkdirSync(path.join(base, "aws", "5.100.0", "linux_amd64"), { recursive: true });
    fs.mkdirSync(path.join(base, "archive"), { recursive: true });
    fs.writeFileSync(path.join(base, "archive", "terraform-provider-archive_2.7.1_linux_amd64.zip"), "");
    expect(folderHasProvider(mirror, { source: "hashicorp/aws", version: "5.100.0" })).toBe(true);
    expect(folderHasProvider(mirror, { source: "hashicorp/aws", version: "5.99.0" })).toBe(false);
    expect(folderHasProvider(mirror, { source: "hashicorp/archive", version: "2.7.1" })).toBe(true);
    expect(folderHasProvider(mirror, { source: "hashicorp/time" })).toBe(false);
  });

  test("the CLI configuration lists only folders that exist, and no registry", () => {
    const mirror = tempDir("mirror");
    const config = localOnlyCliConfig([mirror, path.join(mirror, "missing")]);
    expect(config).toContain(`path    = ${JSON.stringify(mirror)}`);
    expect(config).not.toContain("missing");
    expect(config).not.toMatch(/direct|network_mirror/);
  });
});

// A terraform that answers `version -json`, and `init` by "downloading" hashicorp/aws into the
// plugin cache its CLI configuration names, or failing as Terraform does with no network. A bash
// script, like the suite's other fakes (support/fake-terraform.ts): a few ms a call, not a node start.
const FAKE = `#!/usr/bin/env bash
set -eu
if [ "$1" = version ]; then printf '%s' '{"terraform_version":"1.11.4"}'; exit 0; fi
json() { local s=\${1//\\\\/\\\\\\\\}; s=\${s//\\"/\\\\\\"}; printf '"%s"' "$s"; }
line='{"args":['; sep=''
for arg in "$@"; do line+="$sep$(json "$arg")"; sep=','; done
line+=']'
if [ -n "\${TF_REGISTRY_CLIENT_TIMEOUT+set}" ]; then line+=",\\"timeout\\":$(json "$TF_REGISTRY_CLIENT_TIMEOUT")"; fi
printf '%s}\\n' "$line" >> "$FAKE_LOG"
if [ "\${FAKE_NETWORK:-}" != up ]; then
  printf 'Error: Failed to query available provider packages\\n\\nCould not retrieve the list of available versions for provider hashicorp/aws: could not connect to registry.terraform.io: dial tcp: lookup registry.terraform.io: no such host\\n' >&2
  exit 1
fi
cache=$(sed -n 's/.*plugin_cache_dir = "\\(.*\\)".*/\\1/p' "$TF_CLI_CONFIG_FILE" | head -n 1)
mkdir -p "$cache/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64"
`;

describe("the environment offline plans run terraform in", () => {
  const gc = (base: NodeJS.ProcessEnv) => {
    const env = offlineEnvironment("/x/offline.tfrc", base);
    return { GOGC: env.GOGC, GOMEMLIMIT: env.GOMEMLIMIT };
  };

  test("mock credentials, local providers only, none of the user's AWS_ or TF_ settings", () => {
    const env = offlineEnvironment("/x/offline.tfrc", { AWS_PROFILE: "prod", TF_LOG: "trace", HOME: "/h" });
    expect(env).toMatchObject({
      TF_CLI_CONFIG_FILE: "/x/offline.tfrc",
      AWS_ACCESS_KEY_ID: "offline-mock-access-key",
      AWS_EC2_METADATA_DISABLED: "true",
      HOME: "/h",
    });
    expect(env.AWS_PROFILE).toBeUndefined();
    expect(env.TF_LOG).toBeUndefined();
  });

  test("Go's collector is tuned for terraform and its providers, unless the user tuned it", () => {
    expect(gc({})).toEqual(OFFLINE_GO_GC);
    expect(gc({ GOGC: "100" })).toEqual({ GOGC: "100", GOMEMLIMIT: undefined });
    expect(gc({ GOMEMLIMIT: "300MiB" })).toEqual({ GOGC: undefined, GOMEMLIMIT: "300MiB" });
    expect(gc({ GOGC: "off", GOMEMLIMIT: "3GiB" })).toEqual({ GOGC: "off", GOMEMLIMIT: "3GiB" });
  });
});

describe("without a mirror, init tries the registry into the project's plugin cache", () => {
  function fake(network: "up" | "down") {
    const dir = tempDir("fake-registry");
    const binary = path.join(dir, "terraform");
    fs.writeFileSync(binary, FAKE, { mode: 0o755 });
    const log = path.join(dir, "calls.jsonl");
    fs.writeFileSync(log, "");
    const env = {
      ...process.env,
      TERRAFORM_BINARY: binary,
      TF_PROVIDER_MIRROR: "",
      TF_OFFLINE_CACHE_DIR: path.join(dir, "cache"),
      HOME: path.join(dir, "home"),
      FAKE_LOG: log,
      FAKE_NETWORK: network,
    };
    const calls = () =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    return { env, calls, cache: path.join(dir, "cache") };
  }

  test("offline: not available, with the registry's error, and the fix", () => {
    const { env, calls } = fake("down");
    const tooling = findOfflineTooling(env);
    expect(tooling).toEqual({
      available: false,
      reason: expect.stringMatching(
        /^no provider mirror holds hashicorp\/aws and the registry could not be reached \(.*no such host/,
      ),
      fix: expect.stringContaining("npm run providers:mirror"),
    });
    expect(calls()).toEqual([{ args: expect.arrayContaining(["init"]), timeout: "5" }]);
  });

  test("online: hashicorp/aws lands in the plugin cache, and the next run finds it there without init", () => {
    const { env, calls, cache } = fake("up");
    const tooling = findOfflineTooling(env);
    expect(tooling).toMatchObject({
      available: true,
      source: "registry",
      mirror: path.join(cache, "plugins"),
    });
    expect(calls()).toHaveLength(1);
    expect(findOfflineTooling({ ...env, FAKE_NETWORK: "down" })).toMatchObject({
      available: true,
      source: "registry",
    });
    expect(calls()).toHaveLength(1);
  });

  test("a TF_PROVIDER_MIRROR without hashicorp/aws is named, not silently replaced by the registry", () => {
    const { env, calls } = fake("up");
    const empty = tempDir("empty-mirror");
    expect(findOfflineTooling({ ...env, TF_PROVIDER_MIRROR: empty })).toEqual({
      available: false,
      reason: `TF_PROVIDER_MIRROR=${empty} holds no registry.terraform.io/hashicorp/aws`,
      fix: expect.stringContaining("npm run providers:mirror"),
    });
    expect(calls()).toEqual([]);
  });
});
