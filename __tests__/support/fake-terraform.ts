// Stands in for the terraform binary in the ops-script, smoke and runbook tests: records each call, answers from the
// test's script, and keeps pushed state in a folder so `state push` / `state pull` behave like a backend. The
// offline plan tests use the real terraform (offline-tooling.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import { tempDir } from "./temp";

/** What the fake answers for one command ("init", "plan", "show", ...) of one stack (or "*"). */
export interface FakeReply {
  readonly code?: number;
  readonly stdout?: unknown;
  readonly stderr?: string;
}

export type FakeScript = Record<string, Record<string, FakeReply>>;

export interface FakeTerraform {
  readonly binary: string;
  readonly env: NodeJS.ProcessEnv;
  /** Every call, in order: the stack (working directory name), the arguments and the working directory. */
  calls(): { stack: string; args: string[]; cwd: string }[];
  /** The state the fake S3 backend holds for a stack, if any. */
  remoteState(stack: string): unknown;
}

const FAKE_SOURCE = `#!/usr/bin/env node
const fs = require("fs"), path = require("path");
let args = process.argv.slice(2);
// terraform -chdir=<dir> <command>: run in <dir>, failing like terraform when it does not exist.
if (args[0] && args[0].startsWith("-chdir=")) {
  try { process.chdir(args[0].slice("-chdir=".length)); }
  catch (e) { process.stderr.write("Error handling -chdir option: " + e.message + "\\n"); process.exit(1); }
  args = args.slice(1);
}
const stack = path.basename(process.cwd());
fs.appendFileSync(process.env.FAKE_TF_LOG, JSON.stringify({ stack, args, cwd: process.cwd() }) + "\\n");
const script = JSON.parse(fs.readFileSync(process.env.FAKE_TF_SCRIPT, "utf8"));
const remote = path.join(process.env.FAKE_TF_REMOTE, stack + ".json");
const command = args[0] === "state" ? "state " + args[1] : args[0];
if (command === "state push") { fs.copyFileSync(args[args.length - 1], remote); process.exit(0); }
if (command === "state pull" && !(script[stack] && script[stack]["state pull"])) {
  if (fs.existsSync(remote)) process.stdout.write(fs.readFileSync(remote));
  process.exit(0);
}
// cdktf's synth asks the terraform on the PATH for its version.
if (command === "version" && !(script["*"] && script["*"].version)) {
  process.stdout.write(args.includes("-json") ? JSON.stringify({ terraform_version: "1.11.4" }) : "Terraform v1.11.4\\non linux_amd64\\n");
  process.exit(0);
}
const reply = (script[stack] && script[stack][command]) || (script["*"] && script["*"][command]) || { code: 0 };
// Like terraform, a plan that succeeds saves its plan file (-out=...).
const out = args.find((arg) => arg.startsWith("-out="));
if (out && (reply.code === undefined || reply.code === 0 || (reply.code === 2 && args.includes("-detailed-exitcode"))))
  fs.writeFileSync(path.resolve(out.slice("-out=".length)), "fake plan of " + stack);
if (reply.stdout !== undefined) process.stdout.write(typeof reply.stdout === "string" ? reply.stdout : JSON.stringify(reply.stdout));
if (reply.stderr) process.stderr.write(reply.stderr);
process.exit(reply.code === undefined ? 0 : reply.code);
`;

export function fakeTerraform(script: FakeScript): FakeTerraform {
  const dir = tempDir("fake-terraform");
  const binary = path.join(dir, "terraform");
  fs.writeFileSync(binary, FAKE_SOURCE, { mode: 0o755 });
  const log = path.join(dir, "calls.jsonl");
  const remote = path.join(dir, "remote");
  fs.mkdirSync(remote);
  fs.writeFileSync(log, "");
  fs.writeFileSync(path.join(dir, "script.json"), JSON.stringify(script));
  return {
    binary,
    env: {
      ...process.env,
      FAKE_TF_LOG: log,
      FAKE_TF_SCRIPT: path.join(dir, "script.json"),
      FAKE_TF_REMOTE: remote,
    },
    calls: () =>
      fs
        .readFileSync(log, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    remoteState: (stack) => {
      const file = path.join(remote, `${stack}.json`);
      return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, "utf8")) : undefined;
    },
  };
}
