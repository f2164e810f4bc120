import { AnnotationMetadataEntryType, App } from "cdktf";
import { ApiFirehoseS3Stack } from "./api-firehose-s3/stack";
import { assertBaseline } from "./baseline/audit";
import type { ProjectConfig } from "./config/project-config";
import { STACK_IDS, type StackId } from "./config/stack-ids";
import { DynamodbPipesMomentoStack } from "./dynamodb-pipes-momento/stack";
import { Ec2StateToKinesisStack } from "./ec2-state-to-kinesis/stack";
import { EventRuleTargetsStack } from "./event-rule-targets/stack";
import { RdsAutotagStack } from "./rds-autotag/stack";
import type { IntegrationStack, StackOptions } from "./shared/integration-stack";
import { StateBackendStack } from "./state-backend/stack";

type StackFactory = (app: App, config: ProjectConfig, options: StackOptions) => IntegrationStack;

const STACK_FACTORIES: Record<StackId, StackFactory> = {
  "state-backend": (app, config, options) => new StateBackendStack(app, config, options),
  "ec2-state-to-kinesis": (app, config, options) => new Ec2StateToKinesisStack(app, config, options),
  "rds-autotag": (app, config, options) => new RdsAutotagStack(app, config, options),
  "api-firehose-s3": (app, config, options) => new ApiFirehoseS3Stack(app, config, options),
  "dynamodb-pipes-momento": (app, config, options) => new DynamodbPipesMomentoStack(app, config, options),
  "event-rule-targets": (app, config, options) => new EventRuleTargetsStack(app, config, options),
};

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
    const stack = STACK_FACTORIES[id](app, config, options);
    stack.finishMonitoring();
    // The created key's policy holds every grant the stack's constructs asked for: write it last.
    stack.kms.finish();
    stack.applyImports();
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

/** The warnings stacks attached to the app (cdktf annotations), one line each, for scripts that print them. */
export function synthWarnings(app: App): string[] {
  return app.node
    .findAll()
    .flatMap((node) => node.node.metadata)
    .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
    .map((entry) => `WARNING ${String(entry.data)}`);
}
