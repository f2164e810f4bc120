import * as path from "node:path";
import { DataArchiveFile } from "@cdktf/provider-archive/lib/data-archive-file";
import { ArchiveProvider } from "@cdktf/provider-archive/lib/provider";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { AssetType, TerraformAsset, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { bundleLambda } from "./lambda-bundle";
import { managedLogGroup } from "./log-group";
import type { PolicyStatement } from "./policy-document";
import { ServiceRole } from "./service-role";
import type { StackKey } from "./stack-key";
import { XRAY_WRITE_ACTIONS } from "./unscoped-actions";

export interface AsyncInvocation {
  /** Lambda's own retries of a failed asynchronous invocation (0 to 2). */
  readonly maximumRetryAttempts: number;
  /** How long an event may wait in Lambda's queue (60 to 21600 seconds). */
  readonly maximumEventAgeSeconds: number;
  /** An SQS queue ARN that receives events whose every attempt failed. */
  readonly onFailureQueueArn: string;
}

export interface NodeFunctionProps {
  readonly functionName: string;
  readonly roleName: string;
  readonly description: string;
  /** Folder under lambda-src/ holding index.ts, which exports `handler`. */
  readonly source: string;
  readonly memorySize: number;
  readonly timeoutSeconds: number;
  readonly environment?: Readonly<Record<string, string>>;
  readonly logRetentionDays: number;
  /** What the function may do beyond writing its own logs, one statement per edge. */
  readonly statements: readonly PolicyStatement[];
  /** Set when something invokes the function asynchronously (EventBridge, S3, SNS). */
  readonly asyncInvocation?: AsyncInvocation;
  /** X-Ray active tracing, so a traced caller's trace continues into the function. @default false */
  readonly tracing?: boolean;
  /**
   * The stack key: with a customer key it encrypts the environment variables (`kms_key_arn`) and the log group.
   * Lambda decrypts the variables through a grant it creates for the execution role with the deployer's
   * credentials (who then needs kms:CreateGrant and kms:Encrypt), so the role needs no statement of its own.
   * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars-encryption.html
   * @default none: Lambda's AWS managed key, and a log group on CloudWatch Logs' own key
   */
  readonly key?: StackKey;
}

/**
 * A TypeScript Lambda function: bundled by esbuild on every synth, zipped reproducibly by
 * hashicorp/archive's archive_file, nodejs22.x on arm64, JSON logs into a log group the stack
 * manages, and a role limited to its own log group plus `statements`.
 */
export class NodeFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: ServiceRole;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    ensureArchiveProvider(TerraformStack.of(this));
    const bundle = bundleLambda(props.source);
    // A file asset: cdktf copies directories by spawning a second node process (~50 ms per synth).
    const code = new TerraformAsset(this, "code", {
      path: path.join(bundle.directory, "index.js"),
      type: AssetType.FILE,
      assetHash: bundle.hash.slice(0, 32),
    });
    const archive = new DataArchiveFile(this, "package", {
      type: "zip",
      sourceFile: code.path,
      outputPath: `dist/${props.source}.zip`,
      // One file mode on every machine, so the zip (and source_code_hash) is the same everywhere.
      outputFileMode: "0644",
    });

    const logGroup = managedLogGroup(
      this,
      "logs",
      `/aws/lambda/${props.functionName}`,
      props.logRetentionDays,
      props.key,
    );
    const onFailure = props.asyncInvocation?.onFailureQueueArn;
    this.role = new ServiceRole(this, "role", {
      name: props.roleName,
      description: `Execution role of ${props.functionName}`,
      service: "lambda.amazonaws.com",
      guard: { none: "Lambda execution roles are assumed by the Lambda service for this function only" },
      statements: [
        {
          sid: "WriteOwnLogs",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
          resources: [`${logGroup.arn}:*`],
        },
        ...(onFailure
          ? [{ sid: "SendFailedEvents", actions: ["sqs:SendMessage"], resources: [onFailure] }]
          : []),
        ...(props.tracing
          ? [{ sid: "WriteTraces", actions: [...XRAY_WRITE_ACTIONS], resources: ["*"] }]
          : []),
        ...props.statements,
      ],
    });

    this.function = new LambdaFunction(this, "function", {
      functionName: props.functionName,
      description: props.description,
      role: this.role.arn,
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      filename: archive.outputPath,
      sourceCodeHash: archive.outputBase64Sha256,
      memorySize: props.memorySize,
      timeout: props.timeoutSeconds,
      environment: props.environment ? { variables: { ...props.environment } } : undefined,
      kmsKeyArn: props.key?.arn,
      loggingConfig: {
        logFormat: "JSON",
        logGroup: logGroup.name,
        applicationLogLevel: "INFO",
        systemLogLevel: "WARN",
      },
      tracingConfig: props.tracing ? { mode: "Active" } : undefined,
    });

    if (props.asyncInvocation) {
      new LambdaFunctionEventInvokeConfig(this, "async", {
        functionName: this.function.functionName,
        maximumRetryAttempts: props.asyncInvocation.maximumRetryAttempts,
        maximumEventAgeInSeconds: props.asyncInvocation.maximumEventAgeSeconds,
        destinationConfig: { onFailure: { destination: props.asyncInvocation.onFailureQueueArn } },
        // Lambda checks that the role may send to the destination when this is created.
        dependsOn: [this.role.policy],
      });
    }
  }

  /** Lets one AWS service resource (a rule, a bucket) invoke the function, and nothing else. */
  allowInvoke(id: string, principal: string, sourceArn: string): LambdaPermission {
    return new LambdaPermission(this, id, {
      action: "lambda:InvokeFunction",
      functionName: this.function.functionName,
      principal,
      sourceArn,
    });
  }

  get arn(): string {
    return this.function.arn;
  }

  get name(): string {
    return this.function.functionName;
  }
}

function ensureArchiveProvider(stack: TerraformStack): void {
  if (!stack.node.tryFindChild("archive")) new ArchiveProvider(stack, "archive");
}
