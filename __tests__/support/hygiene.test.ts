import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  createSuiteTempRoot,
  leftoversIn,
  removeSuiteTempRoot,
  SUITE_TEMP_PREFIX,
  suiteTempBase,
} from "./suite-temp-root";
import { removeTempDirs, tempDir } from "./temp";
import { changedUserWork, fingerprint, fingerprintUserWork } from "./user-work";

// The machinery that keeps `npm test` from leaking temporary folders or touching the user's work.
// The global teardown applies it to the real run; these prove it notices what it must.

const reporter = require("./offline-plan-reporter.js");

test("the suite's processes start without NODE_EXTRA_CA_CERTS, which Node parses at every start", () => {
  expect(process.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
});

describe("the suite's temporary root", () => {
  test("the suite runs with TMPDIR set to its own root, not the system temp folder", () => {
    expect(path.basename(os.tmpdir())).toMatch(new RegExp(`^${SUITE_TEMP_PREFIX}`));
    expect(process.env.SUITE_TEMP_ROOT).toBe(os.tmpdir());
  });

  test("counts entries before and after: what a run leaves behind is listed, then removed with the root", () => {
    const base = tempDir("base");
    const before = fs.readdirSync(base).length;
    const root = createSuiteTempRoot(base);
    expect(leftoversIn(root)).toEqual([]);
    fs.mkdirSync(path.join(root, "fake-terraform-abc"));
    fs.writeFileSync(path.join(root, "synth-path-x"), "");
    fs.mkdirSync(path.join(root, "tsx-0")); // tsx's own cache: not the suite's to remove
    expect(removeSuiteTempRoot(root)).toEqual(["fake-terraform-abc", "synth-path-x"]);
    expect(fs.readdirSync(base).length).toBe(before);
  });

  test("the root goes in memory only where the system temp folder is on disk and the user chose no folder", () => {
    const base = (env: NodeJS.ProcessEnv, tmpfs: string[]) =>
      suiteTempBase({ env, systemTmp: "/tmp", roomyTmpfs: (dir) => tmpfs.includes(dir) });
    expect(base({}, ["/dev/shm"])).toBe("/dev/shm");
    expect(base({}, [])).toBe("/tmp"); // no roomy tmpfs: a container's 64 MB /dev/shm, macOS
    expect(base({}, ["/tmp", "/dev/shm"])).toBe("/tmp"); // in memory already
    expect(base({ TMPDIR: "/tmp" }, ["/dev/shm"])).toBe("/tmp"); // the user's TMPDIR is kept
    expect(base({ SUITE_TMPDIR: "/scratch", TMPDIR: "/tmp" }, ["/dev/shm"])).toBe("/scratch");
  });

  test("a root left by a killed run is removed by the next run, a live run's root never", () => {
    const base = tempDir("base");
    const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
      encoding: "utf8",
    });
    const killed = path.join(base, `${SUITE_TEMP_PREFIX}${dead.stdout}-abc`);
    const live = path.join(base, `${SUITE_TEMP_PREFIX}${process.ppid}-def`);
    for (const dir of [killed, live]) fs.mkdirSync(path.join(dir, "project-copy-1"), { recursive: true });
    const later = Date.now() + 11 * 60 * 1000;
    createSuiteTempRoot(base, Date.now()); // the killed run's root may still be in use: too recent
    expect(fs.existsSync(killed)).toBe(true);
    const root = createSuiteTempRoot(base, later);
    expect(fs.existsSync(killed)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(path.basename(root)).toMatch(new RegExp(`^${SUITE_TEMP_PREFIX}${process.pid}-`));
  });

  test("tempDir folders are gone once removeTempDirs runs (the setup file runs it after every test file)", () => {
    const dir = tempDir("hygiene");
    fs.writeFileSync(path.join(dir, "file"), "x");
    expect(path.dirname(dir)).toBe(os.tmpdir());
    removeTempDirs();
    expect(fs.existsSync(dir)).toBe(false);
  });
});

describe("the user's work is fingerprinted", () => {
  test("a changed byte, a new file or a removed folder changes the fingerprint", () => {
    const project = tempDir("project");
    const out = path.join(project, "cdktf.out", "stacks", "a");
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, "cdk.tf.json"), "{}");
    const before = fingerprintUserWork(project);
    expect(changedUserWork(before, fingerprintUserWork(project))).toEqual([]);

    fs.writeFileSync(path.join(out, "cdk.tf.json"), "{ }");
    expect(changedUserWork(before, fingerprintUserWork(project))).toEqual(["cdktf.out"]);
    fs.writeFileSync(path.join(out, "cdk.tf.json"), "{}");
    fs.mkdirSync(path.join(project, "plans"));
    expect(changedUserWork(before, fingerprintUserWork(project))).toEqual(["plans"]);
    fs.rmSync(path.join(project, "plans"), { recursive: true });
    fs.writeFileSync(path.join(project, "cdktf.out", "manifest.json"), "{}");
    expect(changedUserWork(before, fingerprintUserWork(project))).toEqual(["cdktf.out"]);
    expect(fingerprint(path.join(project, "state"))).toBe("absent");
  });
});

describe("the end-of-run line when offline plans did not run", () => {
  const results = (titles: string[]) => ({
    testResults: [{ testResults: titles.map((title) => ({ title, status: "pending" })) }],
  });

  test("one line per reason, however many groups skipped for it", () => {
    const reason = `${reporter.NOT_RUN_TITLE}: terraform was not found (terraform). Fix: install Terraform`;
    expect(reporter.notRunTitles(results([`${reason} (a)`, `${reason} (b)`, "other test"]))).toEqual([
      reason,
    ]);
  });

  test("its title prefix is the one offline-tooling.ts gives the skipped test", () => {
    const { NOT_RUN_TITLE } = require("./offline-tooling");
    expect(reporter.NOT_RUN_TITLE).toBe(NOT_RUN_TITLE);
  });

  test("the line says skipped, or failed under CI, with the reason and the fix", () => {
    const run = results([`${reporter.NOT_RUN_TITLE}: no mirror. Fix: npm run providers:mirror (x)`]);
    expect(reporter.notRunLines(run, false)).toEqual([
      "!!! SKIPPED: OFFLINE TERRAFORM PLANS DID NOT RUN: no mirror. Fix: npm run providers:mirror !!!",
    ]);
    expect(reporter.notRunLines(run, true)[0]).toMatch(/^!!! FAILED \(CI=true requires them\): OFFLINE/);
    expect(reporter.notRunLines(results(["other"]), false)).toEqual([]);
  });
});
