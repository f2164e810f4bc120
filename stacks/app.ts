import { AnnotationMetadataEntryType, App, TerraformStack } from "cdktf";
import { assertBaseline } from "./baseline/audit";
import type { ProjectConfig } from "./config/project-config";
import { resolveStacksOnce, writingResolved } from "./core/resolve-once";
import type { StackProps } from "./core/stack-props";
import { STACK_IDS, type StackId, stackDefinition } from "./registry";
import type { StackOptions } from "./shared/integration-stack";

export interface BuildOptions extends StackOptions {
  /** @default "cdktf.out" (or CDKTF_OUTDIR, as the cdktf CLI sets it) */
  readonly outdir?: string;
  /** Build only these stacks. @default every stack */
  readonly stacks?: readonly StackId[];
}

/** Constructs the app and its stacks. Every check that can fail runs here, before anything is written. */
export function buildApp(config: ProjectConfig, options: BuildOptions = {}): App {
  // cdktf's own validation runs `terraform version` for every stack with a moved or import block, so
  // synth would fail without Terraform on the PATH and pay a process start per such stack. Every stack
  // declares `required_version` instead, which Terraform enforces at init and plan; synthesizeApp runs
  // the constructs' validations itself.
  const app = new App({ outdir: options.outdir, skipValidation: true });
  for (const id of options.stacks ?? STACK_IDS) {
    const stack = stackDefinition(id).build(app, stackProps(config, id), options);
    stack.finishMonitoring();
    // The created key's policy holds every grant the stack's constructs asked for: write it last.
    stack.kms.finish();
    stack.applyImports();
  }
  return app;
}

/** A stack's typed props: the common settings and its own, never the whole configuration. */
export function stackProps(config: ProjectConfig, id: StackId): StackProps<unknown> {
  const { stacks, encryption, imports, ...common } = config;
  return { common, settings: stacks[id], encryption: encryption[id], imports: imports[id] ?? {} };
}

/**
 * The only way the project writes cdktf.out: the baseline checks every stack first, so a finding
 * stops synthesis before any file is written.
 */
export function synthesizeApp(app: App): void {
  // Each stack resolved once for the audit and the file written (core/resolve-once.ts).
  const resolved = resolveStacksOnce(app);
  assertBaseline(app, resolved);
  // Every stack's construct validations (providers present, our own), all before the first file is written.
  for (const stack of app.node.children.filter(TerraformStack.isStack)) stack.runAllValidations();
  if (resolved) writingResolved(resolved, () => app.synth());
  else app.synth();
}

/** The warnings stacks attached to the app (cdktf annotations), one line each, for scripts that print them. */
export function synthWarnings(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((node) => node.node.metadata)
    .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
    .map((entry) => `WARNING ${String(entry.data)}`);
}
