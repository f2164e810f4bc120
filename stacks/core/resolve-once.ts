import { type App, Aspects, TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

// cdktf resolves every stack three times in a synthesis that audits first: the audit's toTerraform(),
// App.synth()'s preparing resolve (prepareStack), and the toTerraform() whose JSON is written. Resolving is
// most of a synthesis (tokens, deep merges), so synthesizeApp resolves each stack twice instead (once, in
// an app of one stack): it prepares the stacks as App.synth() would, resolves each once, and hands that one
// JSON to the audit and to the file App.synth() writes.

/** A stack's Terraform JSON as cdktf writes it (toTerraform()). */
export type StackJson = Record<string, unknown>;

/**
 * Each stack of the app prepared (backend, cross-stack references) and resolved once, keyed by stack; or
 * undefined when an aspect is registered anywhere: aspects run inside App.synth() and may change what is
 * resolved, so such an app synthesizes cdktf's own way.
 */
export function resolveStacksOnce(app: App): Map<TerraformStack, StackJson> | undefined {
  const nodes = app.node.findAll();
  if (nodes.some((node: IConstruct) => Aspects.of(node).all.length > 0)) return undefined;
  const stacks = nodes.filter(TerraformStack.isStack);
  for (const stack of stacks) {
    // prepareStack() adds the backend, then resolves every element once more only so that a reference to
    // another stack's resource becomes an output there and a remote state here (cdktf's Reference.resolve
    // is the only code that reads `preparing`). In an app of one stack there is no other stack: the backend
    // is all it needs, and that resolve is a fifth of a synthesis.
    if (stacks.length === 1) stack.ensureBackendExists();
    else stack.prepareStack();
  }
  return new Map(stacks.map((stack) => [stack, stack.toTerraform() as StackJson]));
}

/**
 * Runs `write` (App.synth()) with every stack answering toTerraform() with its resolved JSON and its
 * preparation already done; the stacks are themselves again afterwards.
 */
export function writingResolved(resolved: Map<TerraformStack, StackJson>, write: () => void): void {
  const patched = [...resolved].map(([stack, json]) => {
    const own = stack as unknown as { toTerraform: () => unknown; prepareStack: () => void };
    own.toTerraform = () => json;
    own.prepareStack = () => undefined;
    return own;
  });
  try {
    write();
  } finally {
    for (const stack of patched) {
      delete (stack as Partial<typeof stack>).toTerraform;
      delete (stack as Partial<typeof stack>).prepareStack;
    }
  }
}
