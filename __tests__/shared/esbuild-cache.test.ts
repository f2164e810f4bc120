import * as fs from "node:fs";
import * as path from "node:path";
import { cachedBuild } from "../../stacks/shared/esbuild-cache";
import { tempDir } from "../support/temp";

// The cache behind `npm run synth` and every Lambda bundle: it must rebuild whenever a file esbuild read
// changes (or its output is gone), and only then.

describe("cachedBuild", () => {
  let root: string;
  let builds: string[];
  const build = (options: Record<string, unknown> = {}) =>
    cachedBuild({
      root,
      manifestFile: path.join(root, "cache", "entry.json"),
      options: { entryPoints: ["entry.ts"], bundle: true, format: "cjs", outfile: "out.js", ...options },
      save: ([output]) => {
        const code = Buffer.from(output?.contents ?? []).toString("utf8");
        builds.push(code);
        fs.writeFileSync(path.join(root, "cache", "out.js"), code);
        return "out.js";
      },
      load: (file: string) => {
        const full = path.join(root, "cache", file);
        return fs.existsSync(full) ? fs.readFileSync(full, "utf8") : undefined;
      },
    });

  beforeEach(() => {
    root = tempDir("esbuild-cache");
    builds = [];
    fs.mkdirSync(path.join(root, "cache"));
    fs.writeFileSync(path.join(root, "entry.ts"), 'import { word } from "./word";\nconsole.log(word);\n');
    fs.writeFileSync(path.join(root, "word.ts"), 'export const word = "first";\n');
  });

  test("reuses the output while no input changed", () => {
    expect(build()).toContain('"first"');
    expect(build()).toContain('"first"');
    expect(builds).toHaveLength(1);
  });

  test("rebuilds when a file the entry imports changes", () => {
    build();
    fs.writeFileSync(path.join(root, "word.ts"), 'export const word = "second";\n');
    expect(build()).toContain('"second"');
    expect(builds).toHaveLength(2);
  });

  test("rebuilds when the options change or the output is gone", () => {
    build();
    build({ minify: true });
    fs.rmSync(path.join(root, "cache", "out.js"));
    build({ minify: true });
    expect(builds).toHaveLength(3);
  });
});
