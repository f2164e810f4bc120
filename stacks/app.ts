import { App } from "cdktf";
import { assertBaseline } from "./baseline/audit";
import type { ProjectConfig } from "./config/project-config";
import { STACK_IDS, type StackId } from "./config/stack-ids";
import { Ec2StateToKinesisStack } from "./ec2-state-to-kinesis/stack";
import { RdsAutotagStack } from "./rds-autotag/stack";
import type { IntegrationStack, StackOptions } from "./shared/integration-stack";

type StackFactory = (app: App, config: ProjectConfig, options: StackOptions) => IntegrationStack;

const STACK_FACTORIES: Partial<Record<StackId, StackFactory>> = {
  "ec2-state-to-kinesis": (app, config, options) => new Ec2StateToKinesisStack(app, config, options),
  "rds-autotag": (app, config, options) => new RdsAutotagStack(app, config, options),
};

/** Stacks this version of the project builds, in STACK_IDS order. */
export const BUILT_STACK_IDS: readonly StackId[] = STACK_IDS.filter(
  (id) => STACK_FACTORIES[id] !== undefined,
);

export interface BuildOptions extends StackOptions {
  /** @default "cdktf.out" (or CDKTF_OUTDIR, as the cdktf CLI sets it) */
  readonly outdir?: string;
  /** Build only these stacks. @default every stack */
  readonly stacks?: readonly StackId[];
}

/** Constructs the app and its stacks. Every check that can fail runs here, before anything is written. */
export function buildApp(config: ProjectConfig, options: BuildOptions = {}): App {
  const app = new App({ outdir: options.outdir });
  for (const id of options.stacks ?? STACK_IDS) {
    const factory = STACK_FACTORIES[id];
    if (factory) factory(app, config, options);
  }
  return app;
}

/**
 * The only way the project writes cdktf.out: the baseline checks every stack first, so a finding
 * stops synthesis before any file is written.
 */
export function synthesizeApp(app: App): void {
  assertBaseline(app);
  app.synth();
}
