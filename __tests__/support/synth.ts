import * as fs from "node:fs";
import * as path from "node:path";
import { buildApp, synthesizeApp } from "../../stacks/app";
import type { ProjectConfig } from "../../stacks/config/project-config";
import type { StackId } from "../../stacks/registry";
import { onceByArguments } from "./once";
import { tempDir } from "./temp";
import { testConfig } from "./test-config";

export { testConfig };

// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
export type TerraformJson = Record<string, any>;

export interface Synthesized {
  readonly outdir: string;
  /** The exact text of cdktf.out/stacks/<id>/cdk.tf.json. */
  text(id: StackId): string;
  json(id: StackId): TerraformJson;
}

/** Synthesizes like `npm run synth` does, into a fresh temporary outdir (removed after the test file). */
export function synthesize(
  options: { config?: ProjectConfig; stacks?: readonly StackId[]; offline?: boolean; outdir?: string } = {},
): Synthesized {
  const outdir = options.outdir ?? tempDir("cdktf-test");
  fs.mkdirSync(outdir, { recursive: true });
  const app = buildApp(options.config ?? testConfig(), {
    outdir,
    stacks: options.stacks,
    offline: options.offline,
  });
  synthesizeApp(app);
  const text = (id: StackId) => fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8");
  return { outdir, text, json: (id) => JSON.parse(text(id)) };
}

/**
 * `synth` once per distinct arguments (compared as JSON) in this test file, for helpers whose tests only read
 * what was synthesized: a test file that asks for the same configuration in several places synthesizes it
 * once. Key on the helper's plain arguments (settings, overrides), not on a built ProjectConfig. The result
 * is safe to share: json() parses the file anew on every call. A test that checks that synthesizing again
 * gives the same output must call the helper it wraps.
 */
export function synthesizedOnce<A extends unknown[]>(
  synth: (...args: A) => Synthesized,
): (...args: A) => Synthesized {
  return onceByArguments(synth);
}

/** Every resource and data source address in a stack, sorted: the contract with ops. */
export function addressesOf(stack: TerraformJson): string[] {
  const addresses: string[] = [];
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const name of Object.keys(byName as object)) addresses.push(`${type}.${name}`);
  }
  for (const [type, byName] of Object.entries(stack.data ?? {})) {
    for (const name of Object.keys(byName as object)) addresses.push(`data.${type}.${name}`);
  }
  return addresses.sort();
}

/** One resource's configuration, or a clear failure naming what exists. */
export function resource(stack: TerraformJson, type: string, name: string): TerraformJson {
  const found =
    stack.resource?.[type]?.[name] ??
    (type.startsWith("data.") ? stack.data?.[type.slice(5)]?.[name] : undefined);
  if (!found) throw new Error(`No ${type}.${name}; the stack has ${addressesOf(stack).join(", ")}`);
  return found;
}

/** The statements of an aws_iam_policy_document data source. */
export function statementsOf(stack: TerraformJson, documentName: string): TerraformJson[] {
  return resource(stack, "data.aws_iam_policy_document", documentName).statement;
}
