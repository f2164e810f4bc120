import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";

/** The sources a script needs to run from a copy (node_modules is linked, not copied). */
const SOURCES = ["cdktf.json", "package.json", "tsconfig.json", "main.ts", "stacks", "scripts", "lambda-src"];

export interface ProjectCopy {
  readonly root: string;
  /** Every file under `relative` (paths relative to it); [] when it does not exist. */
  files(relative: string): string[];
  remove(): void;
}

/**
 * A throwaway copy of the project, for tests that run the CLI scripts: the scripts write
 * plans/, state/ and cdktf.out/ under their project root, and a test must never write into the
 * user's. `cdktfJson` replaces cdktf.json's `context.integrations`.
 */
export function projectCopy(integrations?: unknown): ProjectCopy {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "project-copy-"));
  for (const entry of SOURCES)
    fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(root, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(root, "node_modules"), "dir");
  if (integrations !== undefined) {
    const file = path.join(root, "cdktf.json");
    const cdktfJson = JSON.parse(fs.readFileSync(file, "utf8"));
    cdktfJson.context = { ...cdktfJson.context, integrations };
    fs.writeFileSync(file, JSON.stringify(cdktfJson, null, 2));
  }
  return {
    root,
    files: (relative) => {
      const dir = path.join(root, relative);
      if (!fs.existsSync(dir)) return [];
      return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
