import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../stacks/core/paths";
import { STACK_IDS } from "../../stacks/registry";

// Imports point one way, down this list (docs/architecture.md): a lower layer never imports a higher one,
// and one stack never imports another (what they share lives in stacks/shared or stacks/core).
const LAYERS = ["core", "baseline", "shared", "stack", "registry", "config", "app", "entry"] as const;
type Layer = (typeof LAYERS)[number] | "lambda-src";

/** Edges known to point the wrong way, each with the work that removes it. Keep this list empty. */
const KNOWN_EXCEPTIONS: string[] = [];

function layerOf(file: string): { layer: Layer; stack?: string } {
  const parts = file.split("/");
  if (parts[0] === "lambda-src") return { layer: "lambda-src" };
  if (parts[0] !== "stacks") return { layer: "entry" };
  if (parts.length === 2) {
    if (parts[1] === "registry.ts") return { layer: "registry" };
    if (parts[1] === "app.ts") return { layer: "app" };
    throw new Error(`${file}: put it in a layer folder (docs/architecture.md)`);
  }
  if ((STACK_IDS as readonly string[]).includes(parts[1])) return { layer: "stack", stack: parts[1] };
  if ((LAYERS as readonly string[]).includes(parts[1])) return { layer: parts[1] as Layer };
  throw new Error(`${file}: stacks/${parts[1]} is neither a layer nor a registered stack`);
}

function sources(dir: string): string[] {
  return (fs.readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true }) as string[])
    .filter((file) => file.endsWith(".ts") || file.endsWith(".js"))
    .map((file) => path.posix.join(dir, file.split(path.sep).join("/")));
}

function resolve(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [`${base}.ts`, `${base}.js`, path.posix.join(base, "index.ts"), base])
    if (fs.existsSync(path.join(PROJECT_ROOT, candidate))) return candidate;
  throw new Error(`${from}: cannot resolve ${specifier}`);
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
  const found = [...text.matchAll(/(?:from|import|require\()\s*["'](\.{1,2}\/[^"']+)["']/g)];
  return found.map((match) => resolve(file, match[1]));
}

const files = [...sources("stacks"), ...sources("scripts"), ...sources("lambda-src"), "main.ts"];
const edges = files.flatMap((file) => importsOf(file).map((target) => ({ file, target })));

function wrongWay(file: string, target: string): string | undefined {
  const from = layerOf(file);
  const to = layerOf(target);
  if (to.layer === "lambda-src") return undefined; // runtime code shares its constants with the stacks
  if (from.layer === "lambda-src") return "Lambda code imports nothing of the stacks or scripts";
  const rank = (layer: Layer) => LAYERS.indexOf(layer as (typeof LAYERS)[number]);
  if (rank(to.layer) > rank(from.layer)) return `${from.layer} imports ${to.layer}, a higher layer`;
  if (from.stack !== undefined && to.stack !== undefined && from.stack !== to.stack)
    return `stack ${from.stack} imports stack ${to.stack}`;
  return undefined;
}

test("the import graph was found (the check sees real edges)", () => {
  expect(edges.length).toBeGreaterThan(200);
  expect(edges).toContainEqual({ file: "stacks/registry.ts", target: "stacks/rds-autotag/definition.ts" });
});

test("no import runs from a lower layer to a higher one, or from one stack to another", () => {
  const problems = edges
    .map(({ file, target }) => ({ edge: `${file} -> ${target}`, why: wrongWay(file, target) }))
    .filter((problem) => problem.why !== undefined && !KNOWN_EXCEPTIONS.includes(problem.edge));
  expect(problems).toEqual([]);
});

test("every known exception still exists (remove it from the list once fixed)", () => {
  const present = new Set(edges.map(({ file, target }) => `${file} -> ${target}`));
  for (const exception of KNOWN_EXCEPTIONS)
    expect({ exception, present: present.has(exception) }).toEqual({ exception, present: true });
});

test("the check refuses what it should", () => {
  expect(wrongWay("stacks/shared/x.ts", "stacks/config/load.ts")).toMatch(/shared imports config/);
  expect(wrongWay("stacks/core/x.ts", "stacks/shared/naming.ts")).toMatch(/core imports shared/);
  expect(wrongWay("stacks/rds-autotag/stack.ts", "stacks/api-firehose-s3/settings.ts")).toMatch(
    /stack rds-autotag imports/,
  );
  expect(wrongWay("stacks/rds-autotag/stack.ts", "stacks/shared/log-group.ts")).toBeUndefined();
});
