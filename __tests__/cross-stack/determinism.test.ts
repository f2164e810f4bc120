import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { synthesize } from "../support/synth";
import { tempDir } from "../support/temp";

function filesUnder(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full), fs.readFileSync(full));
    }
  };
  walk(root);
  return files;
}

describe("synthesized output is deterministic and portable", () => {
  let first: Map<string, Buffer>;
  let second: Map<string, Buffer>;
  let outdirs: string[];

  beforeAll(() => {
    // Two different locations, one deeper than the other: output must not depend on where it is written.
    const a = tempDir("det-a");
    const b = path.join(tempDir("det-b"), "nested", "out");
    first = filesUnder(synthesize({ outdir: a }).outdir);
    second = filesUnder(synthesize({ outdir: b }).outdir);
    outdirs = [a, b];
  });

  test("the same input gives byte-identical files in any directory", () => {
    expect([...second.keys()].sort()).toEqual([...first.keys()].sort());
    for (const [file, content] of first)
      expect({ file, same: content.equals(second.get(file) as Buffer) }).toEqual({ file, same: true });
  });

  test("no file contains an absolute path of this machine, a timestamp or the user's name", () => {
    const forbidden = [PROJECT_ROOT, os.tmpdir(), os.homedir(), ...outdirs];
    for (const [file, content] of first) {
      const text = content.toString("utf8");
      for (const needle of forbidden)
        expect({ file, contains: needle, found: text.includes(needle) }).toMatchObject({ found: false });
      expect({ file, timestamp: /\b20\d\d-\d\d-\d\dT\d\d:\d\d/.test(text) }).toEqual({
        file,
        timestamp: false,
      });
    }
  });
});
