import * as fs from "node:fs";
import * as path from "node:path";

/** The folder holding cdktf.json, found upwards so it is right from the sources and from a prebuilt bundle. */
export const PROJECT_ROOT = findProjectRoot(__dirname);

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "cdktf.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No cdktf.json above ${start}`);
  }
}
