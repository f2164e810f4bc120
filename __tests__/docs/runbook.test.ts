import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { deepMerge, PROJECT_ROOT, readCdktfContext } from "../../stacks/config/load";
import { fakeAws } from "../support/fake-aws";
import { fakeNpm } from "../support/fake-npm";
import { fakeTerraform } from "../support/fake-terraform";
import { type ProjectCopy, projectCopy } from "../support/project-copy";

// Every `sh` block of docs/operations.md runs here, as written (placeholders filled in), in a copy
// of the project, with a scripted fake terraform and aws first on the PATH. The fakes check what
// they can (working folders, files, aws operations and parameters) and real terraform checks every
// flag each terraform command was given: the runbook cannot drift from the tools. `npm run` is a
// stand-in too (support/fake-npm.ts: package.json's script line, run as npm runs it, and a refusal of
// any argument npm would not pass on), checked against npm itself below.

const RUNBOOK = fs.readFileSync(path.join(PROJECT_ROOT, "docs", "operations.md"), "utf8");

/** What each placeholder stands for when the test runs a block. */
const PLACEHOLDERS: Record<string, string> = {
  "<env>": "staging",
  "<stack>": "ec2-state-to-kinesis",
  "<LOCK_ID>": "2f5c4c4e-6f3c-6d6a-3b8e-1c3f8a9e0b7d",
  "<VERSION_ID>": "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY",
  "<state bucket>": "integ-staging-tfstate-111122223333-us-east-1",
  "<bucket>": "integ-staging-cloudtrail-111122223333-us-east-1",
  "<key arn>": "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
  "<new key>": "new-momento-key",
  "<api key>": "momento-key",
  "<momento endpoint>": "https://api.cache.cell-us-east-1-1.prod.a.momentohq.com",
  "<prefix>": "integ",
  "<pipe>": "integ-staging-momento-stream",
  "<alarm name>": "integ-staging-ec2-state-changes-failed-invocations",
  "<dlq url>": "https://sqs.us-east-1.amazonaws.com/111122223333/integ-staging-ec2-state-changes-dlq",
  "<arn>": "arn:aws:states:us-east-1:111122223333:stateMachine:integ-staging-event-processor",
  "<execution arn>": "arn:aws:states:us-east-1:111122223333:execution:integ-staging-event-processor:run-1",
  "<state machine arn>": "arn:aws:states:us-east-1:111122223333:stateMachine:integ-dev-event-processor",
  "<trail bucket>": "integ-staging-cloudtrail-111122223333-us-east-1",
};

interface Block {
  readonly section: string;
  readonly code: string;
  /** `<!-- runbook-test: {...} -->` before the block: the environment's backend, files to create. */
  readonly setup: { backend?: unknown; files?: Record<string, string> };
}

function blocks(markdown: string): Block[] {
  const found: Block[] = [];
  let section = "";
  const fence = /^(?:( *)<!-- runbook-test: (.*) -->\n)?( *)```sh\n([\s\S]*?)\n *```$|^## (.*)$/gm;
  for (const match of markdown.matchAll(fence)) {
    if (match[5] !== undefined) {
      section = match[5];
      continue;
    }
    const indent = (match[3] ?? "").length;
    const code = (match[4] ?? "")
      .split("\n")
      .map((line) => line.slice(Math.min(indent, line.length - line.trimStart().length)))
      .join("\n");
    found.push({ section, code, setup: match[2] ? JSON.parse(match[2]) : {} });
  }
  return found;
}

const ALL = blocks(RUNBOOK);

test("the runbook covers what ops teams need, each with commands", () => {
  const sections = [...new Set(ALL.map((b) => b.section))];
  for (const topic of [
    /Bootstrap/,
    /Migrate local state/,
    /Add an environment/,
    /Locking/,
    /moved blocks/,
    /import/,
    /Drift/,
    /Restore state/,
    /KMS keys for state and data/,
    /Key rotation/,
    /failed apply/,
    /Destroy/,
  ])
    expect(sections).toContainEqual(expect.stringMatching(topic));
});

function fill(code: string): string {
  const filled = code.replace(/<[^<>\n]+>/g, (placeholder) => {
    const value = PLACEHOLDERS[placeholder];
    if (value === undefined) throw new Error(`runbook placeholder ${placeholder} has no test value`);
    return value;
  });
  return filled;
}

/** `terraform <command> -help` of the real terraform, or undefined when it is not installed. */
const helpCache = new Map<string, string | undefined>();
function terraformHelp(command: string[]): string | undefined {
  const key = command.join(" ");
  if (!helpCache.has(key)) {
    const run = spawnSync("terraform", [...command, "-help"], { encoding: "utf8" });
    helpCache.set(key, run.error ? undefined : `${run.stdout}${run.stderr}`);
  }
  return helpCache.get(key);
}

// One copy for every block (its build caches warm), reset before each.
let project: ProjectCopy;
let npmBin = "";
beforeAll(() => {
  project = projectCopy();
  npmBin = fakeNpm(project.root);
});
afterAll(() => project.remove());

test("the npm stand-in runs what npm runs, and refuses what npm would not pass to the script", () => {
  const npmAt = (loglevel: string, bin: string, ...args: string[]) =>
    spawnSync(bin, args, {
      cwd: project.root,
      encoding: "utf8",
      env: { ...process.env, CHECKPOINT_DISABLE: "1", npm_config_loglevel: loglevel },
    });
  const npm = (bin: string, ...args: string[]) => npmAt("notice", bin, ...args);
  const standIn = path.join(npmBin, "npm");
  // With npm's banner, and without it: under `npm run -s ...` every npm started below inherits log level silent.
  for (const level of ["notice", "silent"]) {
    const real = npmAt(level, "npm", "run", "plan", "--", "--help");
    expect(real.status).toBe(0);
    expect(real.stdout).toContain("Usage: npm run plan");
    expect(real.stdout.includes("> cdktf-event-integrations@")).toBe(level !== "silent");
    const stood = npmAt(level, standIn, "run", "plan", "--", "--help");
    expect({ level, status: stood.status, stdout: stood.stdout }).toEqual({
      level,
      status: real.status,
      stdout: real.stdout,
    });
  }
  expect(npm(standIn, "run", "plan", "--env", "staging").stderr).toContain(
    "--env comes before --, so npm would take it as its own option",
  );
  expect(npm(standIn, "run", "plna").stderr).toContain('Missing script: "plna"');
  expect(npm(standIn, "install").status).toBe(1);
});

// `npm run plan` reads API Gateway's account settings before Terraform runs (scripts/lib/preflight):
// a stand-in of GetAccount on loopback, in its own process because the blocks run synchronously, that
// answers with a role already set, reached through the SDK's service endpoint variable.
const CLOUDWATCH_ROLE = "arn:aws:iam::111122223333:role/apigateway-cloudwatch";
let apiGateway: ChildProcess;
let apiGatewayUrl = "";
beforeAll(async () => {
  const server = `require("http").createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(req.method === "GET" && req.url.startsWith("/account")
      ? JSON.stringify({ cloudwatchRoleArn: ${JSON.stringify(CLOUDWATCH_ROLE)} })
      : (res.statusCode = 404, "{}"));
  }).listen(0, "127.0.0.1", function () { console.log(this.address().port); });`;
  apiGateway = spawn(process.execPath, ["-e", server], { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<string>((resolve) =>
    apiGateway.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  apiGatewayUrl = `http://127.0.0.1:${port}`;
});
afterAll(() => apiGateway.kill());

const base = readCdktfContext(path.join(PROJECT_ROOT, "cdktf.json")) as Record<string, unknown>;
const pinned = { accountId: "111122223333", backend: { type: "s3" } };

test.each(ALL.map((block, i) => [`${block.section} #${i}`, block] as const))(
  "runbook block %s runs as written",
  (_name, block) => {
    const integrations = deepMerge(base, {
      environments: {
        staging: { ...pinned, ...(block.setup.backend ? { backend: block.setup.backend } : {}) },
        prod: pinned,
      },
    });
    project.reset(integrations);
    const terraform = fakeTerraform({ "*": { show: { stdout: { resource_changes: [] } } } });
    const aws = fakeAws();
    try {
      fs.symlinkSync(terraform.binary, path.join(aws.binDir, "terraform"));
      for (const [file, content] of Object.entries(block.setup.files ?? {}))
        fs.writeFileSync(path.join(project.root, file), content);
      const run = spawnSync("bash", ["-euo", "pipefail", "-c", fill(block.code)], {
        cwd: project.root,
        env: {
          ...terraform.env,
          PATH: [aws.binDir, npmBin, process.env.PATH].join(path.delimiter),
          TERRAFORM_BINARY: path.join(aws.binDir, "terraform"),
          CHECKPOINT_DISABLE: "1",
          AWS_ENDPOINT_URL_API_GATEWAY: apiGatewayUrl,
          AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
          AWS_SECRET_ACCESS_KEY: "runbook-test-not-a-secret",
        },
        encoding: "utf8",
      });
      if (run.status !== 0)
        throw new Error(
          `the block exited ${run.status}:\n${block.code}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`,
        );

      // Every terraform flag is one real terraform documents for that command.
      const calls = terraform.calls().map((call) => call.args);
      const byHand = (block.code.match(/^\s*terraform /gm) ?? []).length;
      if (byHand > 0) expect(calls.length).toBeGreaterThanOrEqual(byHand);
      for (const args of calls) {
        const command = args[0] === "state" ? args.slice(0, 2) : args.slice(0, 1);
        const help = terraformHelp(command);
        if (help === undefined) {
          if (process.env.CI === "true") throw new Error("terraform is needed to check the runbook's flags");
          continue;
        }
        for (const flag of args
          .filter((arg) => arg.startsWith("-"))
          .map((arg) => arg.split("=")[0] as string))
          expect({
            command: command.join(" "),
            flag,
            documented: new RegExp(`(^|\\s)${flag}(\\W|$)`, "m").test(help),
          }).toEqual({
            command: command.join(" "),
            flag,
            documented: true,
          });
      }
      const awsByHand = (block.code.match(/^\s*aws /gm) ?? []).length;
      expect(aws.calls().length).toBeGreaterThanOrEqual(awsByHand);
    } finally {
      aws.remove();
    }
  },
  120_000,
);
