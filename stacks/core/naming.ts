import { ConfigError } from "./errors";

interface NameRule {
  readonly service: string;
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  readonly characters: string;
}

type Characters = Pick<NameRule, "pattern" | "characters">;

const DOTTED: Characters = { pattern: /^[a-zA-Z0-9_.-]+$/, characters: "letters, digits, _ . -" };
const PLAIN: Characters = { pattern: /^[a-zA-Z0-9_-]+$/, characters: "letters, digits, _ -" };

const nameRule = (service: string, max: number, characters: Characters, min = 1): NameRule => ({
  service,
  min,
  max,
  ...characters,
});

/**
 * Name limits of the AWS resources the stacks create, so a name that AWS would reject at apply
 * time fails at synth instead, naming the settings it was built from.
 */
export const NAME_RULES = {
  kinesisStream: nameRule("Kinesis stream", 128, DOTTED),
  eventRule: nameRule("EventBridge rule", 64, DOTTED),
  eventBus: nameRule("EventBridge event bus", 256, DOTTED),
  iamRole: nameRule("IAM role", 64, {
    pattern: /^[\w+=,.@-]+$/,
    characters: "letters, digits, _ + = , . @ -",
  }),
  sqsQueue: nameRule("SQS queue", 80, PLAIN),
  logGroup: nameRule("CloudWatch log group", 512, {
    pattern: /^[a-zA-Z0-9_/.#-]+$/,
    characters: "letters, digits, _ / . # -",
  }),
  lambdaFunction: nameRule("Lambda function", 64, PLAIN),
  s3Bucket: nameRule(
    "S3 bucket",
    63,
    { pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, characters: "lowercase letters, digits, -" },
    3,
  ),
  firehoseStream: nameRule("Firehose delivery stream", 64, DOTTED),
  restApi: nameRule("API Gateway REST API", 1024, {
    pattern: /^[a-zA-Z0-9_. -]+$/,
    characters: "letters, digits, _ . - and spaces",
  }),
  stateMachine: nameRule("Step Functions state machine", 80, PLAIN),
  pipe: nameRule("EventBridge pipe", 64, DOTTED),
  dynamodbTable: nameRule("DynamoDB table", 255, DOTTED, 3),
  apiDestination: nameRule("EventBridge API destination", 64, DOTTED),
  connection: nameRule("EventBridge connection", 64, DOTTED),
  cloudtrail: nameRule(
    "CloudTrail trail",
    128,
    { pattern: /^[a-zA-Z0-9][a-zA-Z0-9_.-]*[a-zA-Z0-9]$/, characters: DOTTED.characters },
    3,
  ),
  alarm: nameRule("CloudWatch alarm", 255, DOTTED),
  dashboard: nameRule("CloudWatch dashboard", 255, PLAIN),
  snsTopic: nameRule("SNS topic", 256, PLAIN),
} satisfies Record<string, NameRule>;

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
