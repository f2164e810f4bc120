import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/config/load";
import { tempDir } from "./temp";

/** The sources a script needs to run from a copy (packages are linked, not copied). */
const SOURCES = ["cdktf.json", "package.json", "tsconfig.json", "main.ts", "stacks", "scripts", "lambda-src"];

/** Build caches under node_modules/.cache whose entries are valid for any copy with the same sources. */
const BUILD_CACHES = ["app", "scripts", "lambda"].map((name) => path.join("cdktf-event-integrations", name));

/** The synth cache that every copy's node_modules/.cache/cdktf-event-integrations/synth links to. */
const SHARED_SYNTH_CACHE = path.join("cdktf-event-integrations", "synth-project-copies");

/** The configuration's memo (stacks/config/memo.ts) that every copy's .../config links to. */
const SHARED_CONFIG_MEMO = path.join("cdktf-event-integrations", "config-project-copies");

/** V8's code cache of the scripts' processes, shared by the project and its copies. */
const CODE_CACHE = path.join("cdktf-event-integrations", "v8");

/**
 * The node_modules entries of package.json's dependencies and devDependencies (a scope's folder for a
 * scoped package), with `.bin` and npm's `.package-lock.json` (part of the synth cache's key).
 */
function declaredEntries(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const names = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})];
  const entries = names.map((name) => (name.startsWith("@") ? (name.split("/")[0] as string) : name));
  return [...new Set([...entries, ".bin", ".package-lock.json"])];
}

export interface ProjectCopy {
  readonly root: string;
  /** Every file under `relative` (paths relative to it); [] when it does not exist. */
  files(relative: string): string[];
  /** Back to the sources only (plans/, state/, cdktf.out/ and any other file gone), with this configuration. */
  reset(integrations: unknown): void;
  remove(): void;
}

/**
 * A throwaway copy of the project, for tests that run the CLI scripts: the scripts write
 * plans/, state/ and cdktf.out/ under their project root, and a test must never write into the
 * user's. `integrations` replaces cdktf.json's `context.integrations`.
 */
export function projectCopy(integrations?: unknown): ProjectCopy {
  const root = tempDir("project-copy");
  for (const entry of SOURCES)
    fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(root, entry), { recursive: true });
  // Each declared package linked, but a node_modules of its own: build caches under node_modules/.cache
  // (the synth bundle finds its project root from there) must belong to the copy. Only what package.json
  // declares (a package's own dependencies resolve from its real folder): a symlink costs about a
  // millisecond of system time here, and node_modules holds over 500 entries. A script that needs an
  // undeclared package fails in the copy, as it would after a clean install.
  fs.mkdirSync(path.join(root, "node_modules"));
  for (const entry of declaredEntries()) {
    const from = path.join(PROJECT_ROOT, "node_modules", entry);
    if (fs.existsSync(from)) fs.symlinkSync(from, path.join(root, "node_modules", entry));
  }
  // ...seeded with a copy of the project's esbuild caches (the scripts' and main.ts's bundles, the
  // Lambda bundles): each entry is checked against the hashes of its input files, which the copy's
  // identical sources match, so the copy does not bundle every script again (plan.ts: about 0.1 s of CPU,
  // esbuild included).
  // A copy whose sources differ rebuilds, as the project would.
  for (const cache of BUILD_CACHES) {
    const from = path.join(PROJECT_ROOT, "node_modules", ".cache", cache);
    if (fs.existsSync(from))
      fs.cpSync(from, path.join(root, "node_modules", ".cache", cache), { recursive: true });
  }
  // ...and one synth cache (scripts/lib/synth-cache.ts) for every copy, kept in the project's
  // node_modules/.cache across runs as a user's cache is: a copy's run of plan, drift or synth is served
  // when an earlier copy synthesized the same configuration from the same sources (the key holds every
  // source file), and synthesizes otherwise (a fresh clone, any change to the stacks). Each synthesis in
  // a fresh process is about 0.5 s of CPU; the runbook alone synthesizes 6 configurations.
  const sharedSynthCache = path.join(PROJECT_ROOT, "node_modules", ".cache", SHARED_SYNTH_CACHE);
  fs.mkdirSync(sharedSynthCache, { recursive: true });
  const copyCaches = path.join(root, "node_modules", ".cache", "cdktf-event-integrations");
  fs.mkdirSync(copyCaches, { recursive: true });
  fs.symlinkSync(sharedSynthCache, path.join(copyCaches, "synth"));
  // ...and one memo of the configurations read (keyed, like the synth cache, by every source file): a
  // script served by it loads no zod (about 65 ms of CPU per script process, 30 processes per suite run).
  const sharedConfigMemo = path.join(PROJECT_ROOT, "node_modules", ".cache", SHARED_CONFIG_MEMO);
  fs.mkdirSync(sharedConfigMemo, { recursive: true });
  fs.symlinkSync(sharedConfigMemo, path.join(copyCaches, "config"));
  // ...and the project's V8 code cache (stacks/shared/code-cache.js): its entries are keyed by file path and
  // source, and the linked packages load from their real paths in the project, so a copy's runs start from
  // the project's caches of the packages (the copy's own bundles are cached for the copy's path).
  const codeCache = path.join(PROJECT_ROOT, "node_modules", ".cache", CODE_CACHE);
  fs.mkdirSync(codeCache, { recursive: true });
  fs.symlinkSync(codeCache, path.join(root, "node_modules", ".cache", CODE_CACHE));
  const configure = (value: unknown) => {
    const file = path.join(root, "cdktf.json");
    const cdktfJson = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "cdktf.json"), "utf8"));
    cdktfJson.context = { ...cdktfJson.context, integrations: value };
    fs.writeFileSync(file, JSON.stringify(cdktfJson, null, 2));
  };
  if (integrations !== undefined) configure(integrations);
  return {
    root,
    reset: (value) => {
      for (const entry of fs.readdirSync(root))
        if (!SOURCES.includes(entry) && entry !== "node_modules")
          fs.rmSync(path.join(root, entry), { recursive: true, force: true });
      configure(value);
    },
    files: (relative) => {
      const dir = path.join(root, relative);
      if (!fs.existsSync(dir)) return [];
      return (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
    },
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
