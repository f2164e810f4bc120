import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";

// The user's own work in a checkout: `npm test` must leave it exactly as it found it. The global
// setup fingerprints these folders, the global teardown fingerprints them again and fails the run
// on any difference.

/** Folders of the project only the user's own commands may write: synth output, plans, local state. */
export const USER_WORK = ["cdktf.out", "plans", "state"] as const;

/** A digest of every file, symlink and folder name under `dir` ("absent" when there is none). */
export function fingerprint(dir: string): string {
  if (!fs.existsSync(dir)) return "absent";
  const hash = crypto.createHash("sha256");
  const walk = (current: string) => {
    for (const entry of fs
      .readdirSync(current, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(current, entry.name);
      const relative = path.relative(dir, full);
      if (entry.isSymbolicLink()) hash.update(`link ${relative} -> ${fs.readlinkSync(full)}\n`);
      else if (entry.isDirectory()) {
        hash.update(`dir ${relative}\n`);
        walk(full);
      } else hash.update(`file ${relative} `).update(fs.readFileSync(full)).update("\n");
    }
  };
  walk(dir);
  return hash.digest("hex");
}

export type UserWorkFingerprints = Record<string, string>;

export function fingerprintUserWork(projectRoot: string): UserWorkFingerprints {
  return Object.fromEntries(USER_WORK.map((name) => [name, fingerprint(path.join(projectRoot, name))]));
}

/** The user's folders whose contents differ between two fingerprints. */
export function changedUserWork(before: UserWorkFingerprints, after: UserWorkFingerprints): string[] {
  return USER_WORK.filter((name) => before[name] !== after[name]);
}
