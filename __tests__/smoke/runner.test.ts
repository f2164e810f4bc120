import { parseSmokeArgs } from "../../scripts/smoke/args";
import { exitCode, jsonReport, resultLine, summarize, summaryLines } from "../../scripts/smoke/report";
import { CheckFailure, waitFor } from "../../scripts/smoke/runner";
import { RUN_ID, runStack, testClients } from "./harness";

const outputs = { bucket_name: "b" };

describe("the runner", () => {
  test("cleanup runs last-in first-out after a failing check, and a failed undo is reported as left behind", async () => {
    const order: string[] = [];
    const run = await runStack("state-backend", {
      outputs,
      clients: testClients(),
      smoke: async ({ checks, run }) => {
        await checks.check("writes two things", async () => {
          run.cleanup.add("first thing", async () => void order.push("first"));
          run.cleanup.add("second thing", async () => {
            order.push("second");
            throw new Error("AccessDenied");
          });
        });
        await checks.check("then fails", async () => {
          throw new CheckFailure("expected 1, saw 2", "the-log-group");
        });
      },
    });
    expect(order).toEqual(["second", "first"]);
    expect(run.lines).toEqual(["writes two things: ok", "then fails: FAIL"]);
    expect(run.detail("then fails")).toBe("expected 1, saw 2 (look at the-log-group)");
    expect(run.summary).toMatchObject({ ok: 1, failed: 1, leftBehind: ["second thing: AccessDenied"] });
    expect(exitCode(run.summary)).toBe(1);
  });

  test("Ctrl-C during a wait stops the checks, still cleans up, and the run counts as interrupted", async () => {
    const abort = new AbortController();
    let cleaned = false;
    const run = await runStack("state-backend", {
      outputs,
      clients: testClients(),
      signal: abort.signal,
      timeoutSeconds: 30,
      smoke: async ({ checks, run }) => {
        await checks.check("waits", async () => {
          run.cleanup.add("the test object", async () => {
            cleaned = true;
          });
          setTimeout(() => abort.abort(), 50);
          return waitFor(run, "something that never comes", async () => undefined, {
            defaultTimeoutSeconds: 30,
          });
        });
        await checks.check("never runs", async () => true);
      },
    });
    expect(cleaned).toBe(true);
    expect(run.lines).toEqual([]);
    expect(run.summary).toMatchObject({ interrupted: true, leftBehind: [] });
    expect(exitCode(run.summary)).toBe(1);
  });

  test("an error outside any check (a missing output) fails that stack with its message", async () => {
    const run = await runStack("api-firehose-s3", {
      outputs: { invoke_url: "http://127.0.0.1:1/v1/records" },
      clients: testClients(),
    });
    expect(run.lines).toEqual(["stack checks: FAIL"]);
    expect(run.detail("stack checks")).toMatch(
      /output "batch_invoke_url" is missing from its state; deploy the current version/,
    );
  });

  test("a wait that times out says what it waited for, for how long, and what it saw last", async () => {
    const run = await runStack("state-backend", {
      outputs,
      clients: testClients(),
      timeoutSeconds: 0.05,
      smoke: async ({ checks, run }) => {
        await checks.check("waits", () =>
          waitFor(run, "the object", async () => undefined, {
            defaultTimeoutSeconds: 600,
            where: "s3://b/errors/",
            lastSeen: () => "2 objects",
          }),
        );
      },
    });
    expect(run.detail("waits")).toBe(
      "the object: not seen within 0.05 s; last seen: 2 objects (look at s3://b/errors/)",
    );
  });
});

describe("the report", () => {
  const results = [
    { stack: "api-firehose-s3", check: "POST a batch of 3", status: "ok", latencyMs: 312 },
    {
      stack: "api-firehose-s3",
      check: "records in S3 as NDJSON, byte for byte",
      status: "FAIL",
      latencyMs: 305_000,
      detail: "expected a, saw b",
    },
  ] as const;

  test("one line per check: stack, check, status, latency; a failure's detail below it", () => {
    expect(resultLine(results[0])).toMatch(/^api-firehose-s3 +POST a batch of 3 +ok +312 ms$/);
    expect(resultLine(results[1]).split("\n")).toEqual([
      expect.stringMatching(/^api-firehose-s3 +records in S3 as NDJSON, byte for byte +FAIL +305\.0 s$/),
      expect.stringMatching(/^ +↳ expected a, saw b$/),
    ]);
  });

  test("the summary and --json carry the run id, the counts and what was left behind; exit 0 only when all is well", () => {
    const summary = summarize(RUN_ID, results, false, ["s3://b/k: AccessDenied"]);
    expect(summaryLines(summary)).toEqual([
      `smoke ${RUN_ID}: 1 ok, 1 failed, 0 skipped`,
      "Cleanup could not remove (delete these by hand):",
      "  - s3://b/k: AccessDenied",
    ]);
    expect(JSON.parse(jsonReport(summary, results))).toMatchObject({
      runId: RUN_ID,
      ok: 1,
      failed: 1,
      results: [{ status: "ok" }, { status: "FAIL" }],
    });
    expect(exitCode(summarize(RUN_ID, [results[0]], false, []))).toBe(0);
  });
});

describe("arguments", () => {
  test("stacks, --env and the options", () => {
    const args = parseSmokeArgs([
      "rds-autotag",
      "--env",
      "prod",
      "--db",
      "orders-db",
      "--json",
      "--timeout",
      "90",
    ]);
    expect(args).toMatchObject({
      stacks: ["rds-autotag"],
      named: true,
      configArgv: ["--env", "prod"],
      json: true,
      timeoutSeconds: 90,
    });
    expect(args.options).toEqual({ db: "orders-db", instance: undefined, sinceMinutes: 60 });
    expect(parseSmokeArgs([]).stacks).toContain("state-backend");
  });

  test.each([
    [["rds"], /Unknown stack rds; stacks are state-backend, /],
    [["--timeout", "soon"], /--timeout = "soon": a whole number from 1 to 3600/],
    [["--instance", "web-1"], /--instance = "web-1": an EC2 instance id such as i-0abcd1234ef567890/],
    [["--db", "1db"], /--db = "1db": a DB instance or cluster identifier/],
    [["--dry-run"], /Unknown option '--dry-run'/],
  ])("%j is refused: %s", (argv, message) => {
    expect(() => parseSmokeArgs(argv)).toThrow(message);
  });
});
