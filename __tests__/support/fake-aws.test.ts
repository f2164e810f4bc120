import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fakeAws } from "./fake-aws";
import { tempDir } from "./temp";

// The fake aws CLI checks the runbook's commands as the real one would: it must refuse what the CLI
// refuses, record what it accepts verbatim, and answer the calls whose output the runbook reads.

function aws(...args: string[]) {
  const fake = fakeAws();
  const cwd = tempDir("fake-aws-test");
  const run = (...more: string[]) =>
    spawnSync(path.join(fake.binDir, "aws"), more, { cwd, encoding: "utf8" });
  return { fake, cwd, run, first: run(...args) };
}

test.each([
  [["s3api", "put-object", "--bucket", "b"], 'fake aws knows no operation "s3api put-object"'],
  [["kms", "create-key", "--desciption", "x"], "Unknown options: --desciption for kms create-key"],
  [["kms", "enable-key", "--key-id"], "argument --key-id: expected one argument"],
  [["kms", "enable-key", "--region", "us-east-1"], "the following arguments are required: --key-id"],
  [["s3api", "get-object", "--bucket", "b", "--key", "k"], "unexpected arguments for s3api get-object: []"],
  [
    ["kms", "create-key", "--policy", "file://missing.json"],
    "Error parsing parameter: Unable to load paramfile file://missing.json",
  ],
])("%j is refused like the CLI refuses it (exit 252), and not recorded", (args, message) => {
  const { fake, first } = aws(...args);
  expect(first.status).toBe(252);
  expect(first.stderr).toContain(`aws: error: ${message}`);
  expect(fake.calls()).toEqual([]);
});

test("an accepted call is recorded verbatim; the calls the runbook reads are answered", () => {
  const odd = `Terraform "state", it's <env>\\ `;
  const { fake, cwd, run, first } = aws(
    "kms",
    "create-key",
    "--description",
    odd,
    "--query",
    "KeyMetadata.Arn",
  );
  expect(first.status).toBe(0);
  expect(first.stdout).toMatch(/^arn:aws:kms:us-east-1:111122223333:key\//);
  const list = () => JSON.parse(run("s3api", "list-object-versions", "--bucket", "b").stdout);
  expect(list().Objects).toHaveLength(1);
  expect(list().Objects).toEqual([]);
  const get = run("s3api", "get-object", "--bucket", "b", "--key", "k", "--version-id", "v7", "out.tfstate");
  expect(JSON.parse(get.stdout)).toEqual({ VersionId: "v7" });
  expect(JSON.parse(fs.readFileSync(path.join(cwd, "out.tfstate"), "utf8")).lineage).toBe("restored");
  expect(fake.calls()).toEqual([
    { name: "kms create-key", values: { description: odd, query: "KeyMetadata.Arn" }, positionals: [] },
    { name: "s3api list-object-versions", values: { bucket: "b" }, positionals: [] },
    { name: "s3api list-object-versions", values: { bucket: "b" }, positionals: [] },
    {
      name: "s3api get-object",
      values: { bucket: "b", key: "k", "version-id": "v7" },
      positionals: ["out.tfstate"],
    },
  ]);
});
