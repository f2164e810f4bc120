import { ConfigError } from "./errors";

interface NameRule {
  readonly service: string;
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  readonly characters: string;
}

/**
 * Name limits of the AWS resources the stacks create, so a name that AWS would reject at apply
 * time fails at synth instead, naming the settings it was built from.
 */
export const NAME_RULES = {
  kinesisStream: {
    service: "Kinesis stream",
    min: 1,
    max: 128,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  eventRule: {
    service: "EventBridge rule",
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  eventBus: {
    service: "EventBridge event bus",
    min: 1,
    max: 256,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  iamRole: {
    service: "IAM role",
    min: 1,
    max: 64,
    pattern: /^[\w+=,.@-]+$/,
    characters: "letters, digits, _ + = , . @ -",
  },
  sqsQueue: {
    service: "SQS queue",
    min: 1,
    max: 80,
    pattern: /^[a-zA-Z0-9_-]+$/,
    characters: "letters, digits, _ -",
  },
  logGroup: {
    service: "CloudWatch log group",
    min: 1,
    max: 512,
    pattern: /^[a-zA-Z0-9_/.#-]+$/,
    characters: "letters, digits, _ / . # -",
  },
  lambdaFunction: {
    service: "Lambda function",
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z0-9_-]+$/,
    characters: "letters, digits, _ -",
  },
  s3Bucket: {
    service: "S3 bucket",
    min: 3,
    max: 63,
    pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/,
    characters: "lowercase letters, digits, -",
  },
  firehoseStream: {
    service: "Firehose delivery stream",
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  restApi: {
    service: "API Gateway REST API",
    min: 1,
    max: 1024,
    pattern: /^[a-zA-Z0-9_. -]+$/,
    characters: "letters, digits, _ . - and spaces",
  },
  stateMachine: {
    service: "Step Functions state machine",
    min: 1,
    max: 80,
    pattern: /^[a-zA-Z0-9_-]+$/,
    characters: "letters, digits, _ -",
  },
  pipe: {
    service: "EventBridge pipe",
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  dynamodbTable: {
    service: "DynamoDB table",
    min: 3,
    max: 255,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  apiDestination: {
    service: "EventBridge API destination",
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  connection: {
    service: "EventBridge connection",
    min: 1,
    max: 64,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  cloudtrail: {
    service: "CloudTrail trail",
    min: 3,
    max: 128,
    pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/,
    characters: "letters, digits, _ . -",
  },
  alarm: {
    service: "CloudWatch alarm",
    min: 1,
    max: 255,
    pattern: /^[a-zA-Z0-9_.-]+$/,
    characters: "letters, digits, _ . -",
  },
  dashboard: {
    service: "CloudWatch dashboard",
    min: 1,
    max: 255,
    pattern: /^[a-zA-Z0-9_-]+$/,
    characters: "letters, digits, _ -",
  },
  snsTopic: {
    service: "SNS topic",
    min: 1,
    max: 256,
    pattern: /^[a-zA-Z0-9_-]+$/,
    characters: "letters, digits, _ -",
  },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Builds `<prefix>-<environment>-<suffix>` names, so two environments never collide in one account. */
export class Naming {
  constructor(
    readonly prefix: string,
    readonly environment: string,
  ) {}

  /**
   * @param reserve characters appended later by Terraform (for example an account id),
   *   counted against the limit
   */
  name(kind: NameKind, suffix: string, reserve = 0): string {
    const name = `${this.prefix}-${this.environment}-${suffix}`;
    assertName(
      kind,
      name,
      reserve,
      `prefix ${JSON.stringify(this.prefix)} and environment ${JSON.stringify(this.environment)}`,
    );
    return name;
  }
}

/** Checks a full resource name against AWS's rules for `kind`. */
export function assertName(kind: NameKind, name: string, reserve: number, builtFrom: string): void {
  const rule: NameRule = NAME_RULES[kind];
  const length = name.length + reserve;
  const extra = reserve > 0 ? ` (plus ${reserve} characters added at apply time)` : "";
  if (length > rule.max || length < rule.min) {
    throw new ConfigError([
      {
        field: "prefix/environment",
        value: name,
        allowed: `${rule.service} names are ${rule.min} to ${rule.max} characters; this one is ${name.length}${extra}. It is built from ${builtFrom}: shorten them`,
      },
    ]);
  }
  if (!rule.pattern.test(name)) {
    throw new ConfigError([
      {
        field: "prefix/environment",
        value: name,
        allowed: `${rule.service} names may contain only ${rule.characters}`,
      },
    ]);
  }
}

/**
 * A globally unique S3 bucket name, `<prefix>-<environment>-<suffix>-<account>-<region>`, so
 * neither two environments nor two accounts can collide.
 */
export function globalBucketName(
  prefix: string,
  environment: string,
  suffix: string,
  account: string,
  region: string,
): string {
  return `${prefix}-${environment}-${suffix}-${account}-${region}`;
}

/** The suffix of the bucket the state-backend stack creates (and the S3 backend uses by default). */
export const STATE_BUCKET_SUFFIX = "tfstate";
