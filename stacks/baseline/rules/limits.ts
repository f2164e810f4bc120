import { type Block, nested, type StackModel, type TerraformJson } from "../model";
import type { Rule, Violation } from "../rule";

// AWS service limits that `terraform validate` and `terraform plan` do not check but the AWS API refuses at
// apply time (or accepts, and then fails at run time). Each limit names its source. The rules read literal
// values only: a value holding a Terraform reference is known at apply time, and checked by AWS then.

const MIRRORS = "checkov none, trivy none, cdk-nag none";

const isLiteral = (value: unknown): value is string => typeof value === "string" && !value.includes("${");

/** Values of a nested path, through blocks cdktf writes as objects or lists: ["rule", "apply_..."]. */
function valuesAt(config: TerraformJson, path: readonly string[]): unknown[] {
  let current: unknown[] = [config];
  for (const key of path) {
    current = current.flatMap((value) => {
      const next = (value as TerraformJson | undefined)?.[key];
      if (next === undefined) return [];
      return Array.isArray(next) ? next : [next];
    });
  }
  return current;
}

const count = (n: number) => n.toLocaleString("en-US");

// --- Event patterns ---------------------------------------------------------------------------------------

/**
 * EventBridge's "Event pattern size" quota: 2,048 characters by default (adjustable to 4,096). A raised quota
 * is an account setting synth cannot see: suppress this rule for the rule, with the quota request as reason.
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html
 */
export const EVENT_PATTERN_MAX_CHARACTERS = 2048;
/**
 * Pipes: at most 5 filters, each pattern at most 4,096 characters (API reference, Filter and FilterCriteria).
 * @see https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_Filter.html
 * @see https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_FilterCriteria.html
 */
export const PIPE_FILTER_MAX_CHARACTERS = 4096;
export const PIPE_MAX_FILTERS = 5;

export const eventPatternSize: Rule = {
  id: "LIM-EVENT-PATTERN-SIZE",
  title: `Event patterns fit EventBridge's quota (${count(EVENT_PATTERN_MAX_CHARACTERS)} characters per rule; pipes: ${PIPE_MAX_FILTERS} filters of ${count(PIPE_FILTER_MAX_CHARACTERS)})`,
  mirrors: `${MIRRORS} (EventBridge quotas: Event pattern size; Pipes API: Filter, FilterCriteria)`,
  appliesTo: ["aws_cloudwatch_event_rule", "aws_pipes_pipe"],
  check: (model) => [
    ...model.ofType("aws_cloudwatch_event_rule").flatMap((rule) => {
      const pattern = rule.config.event_pattern;
      if (!isLiteral(pattern) || pattern.length <= EVENT_PATTERN_MAX_CHARACTERS) return [];
      return [
        {
          address: rule.address,
          problem: `its event pattern is ${count(pattern.length)} characters; EventBridge refuses patterns over ${count(EVENT_PATTERN_MAX_CHARACTERS)} (the default "Event pattern size" quota, ${count(4096)} at most)`,
          fix: `shorten ${model.settingsBehind(rule)} (fewer or shorter values), or raise the quota and suppress this rule for ${rule.address}`,
        },
      ];
    }),
    ...model.ofType("aws_pipes_pipe").flatMap((pipe): Violation[] => {
      const filters = valuesAt(pipe.config, ["source_parameters", "filter_criteria", "filter"]);
      const found: Violation[] = [];
      if (filters.length > PIPE_MAX_FILTERS) {
        found.push({
          address: pipe.address,
          problem: `it has ${filters.length} filters; Pipes allows at most ${PIPE_MAX_FILTERS}`,
          fix: `combine filters, or shorten ${model.settingsBehind(pipe)}`,
        });
      }
      filters.forEach((filter, index) => {
        const pattern = (filter as TerraformJson).pattern;
        if (isLiteral(pattern) && pattern.length > PIPE_FILTER_MAX_CHARACTERS) {
          found.push({
            address: pipe.address,
            problem: `filter ${index + 1} is ${count(pattern.length)} characters; Pipes refuses filter patterns over ${count(PIPE_FILTER_MAX_CHARACTERS)}`,
            fix: `shorten ${model.settingsBehind(pipe)}`,
          });
        }
      });
      return found;
    }),
  ],
};

// --- Lambda environment -----------------------------------------------------------------------------------

/**
 * Lambda: "Function environment variables: 4 KB, for all environment variables associated with the function,
 * in aggregate". Counted here as the UTF-8 bytes of the variables' JSON, which errs on the safe side.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 */
export const LAMBDA_ENVIRONMENT_MAX_BYTES = 4096;

export const lambdaEnvironmentSize: Rule = {
  id: "LIM-LAMBDA-ENV-SIZE",
  title: `Lambda environment variables stay within ${count(LAMBDA_ENVIRONMENT_MAX_BYTES)} bytes together`,
  mirrors: `${MIRRORS} (Lambda quotas: function environment variables, 4 KB)`,
  appliesTo: ["aws_lambda_function"],
  check: (model) =>
    model.ofType("aws_lambda_function").flatMap((fn): Violation[] => {
      const variables = nested(fn.config.environment)?.variables as Record<string, unknown> | undefined;
      if (!variables || !Object.values(variables).every(isLiteral)) return [];
      const bytes = Buffer.byteLength(JSON.stringify(variables), "utf8");
      if (bytes <= LAMBDA_ENVIRONMENT_MAX_BYTES) return [];
      return [
        {
          address: fn.address,
          problem: `its environment variables take ${count(bytes)} bytes; Lambda refuses more than ${count(LAMBDA_ENVIRONMENT_MAX_BYTES)} in aggregate`,
          fix: `shorten ${model.settingsBehind(fn)}`,
        },
      ];
    }),
};

// --- KMS keys and regions ---------------------------------------------------------------------------------

/** Arguments that name a KMS key a service encrypts with (literal values only). */
const KMS_KEY_ARGUMENTS: readonly { type: string; path: readonly string[] }[] = [
  { type: "aws_kinesis_stream", path: ["kms_key_id"] },
  { type: "aws_sqs_queue", path: ["kms_master_key_id"] },
  { type: "aws_cloudtrail", path: ["kms_key_id"] },
  { type: "aws_cloudwatch_log_group", path: ["kms_key_id"] },
  { type: "aws_sfn_state_machine", path: ["encryption_configuration", "kms_key_id"] },
  { type: "aws_dynamodb_table", path: ["server_side_encryption", "kms_key_arn"] },
  { type: "aws_pipes_pipe", path: ["kms_key_identifier"] },
  { type: "aws_kinesis_firehose_delivery_stream", path: ["server_side_encryption", "key_arn"] },
  {
    type: "aws_s3_bucket_server_side_encryption_configuration",
    path: ["rule", "apply_server_side_encryption_by_default", "kms_master_key_id"],
  },
];

const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;
const ALIAS_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:alias\//;
/** AWS managed keys (alias/aws/<service>): their key policies let the account use them through the service. */
const AWS_MANAGED_ALIAS = /^alias\/aws\/[a-z0-9-]+$/;

/**
 * A customer managed key must be named by key ARN wherever a policy of ours grants it: IAM never matches an
 * alias for cryptographic operations, so a grant on an alias (or a key used only through one) authorizes
 * nothing and every encrypting call fails.
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/cmks-in-iam-policies.html
 */
export const kmsKeyArn: Rule = {
  id: "LIM-KMS-KEY-ARN",
  title:
    "Customer managed KMS keys are named by key ARN in service settings and IAM policies (IAM never matches an alias)",
  mirrors: `${MIRRORS} (KMS developer guide: specifying KMS keys in IAM policy statements)`,
  appliesTo: ["data.aws_iam_policy_document", ...KMS_KEY_ARGUMENTS.map((a) => a.type)],
  check: (model) => [
    ...KMS_KEY_ARGUMENTS.flatMap(({ type, path }) =>
      model.ofType(type).flatMap((block) =>
        valuesAt(block.config, path)
          .filter(isLiteral)
          .filter((key) => !KEY_ARN.test(key) && !AWS_MANAGED_ALIAS.test(key))
          .map((key) => ({
            address: block.address,
            problem: `${path.join(".")} is ${JSON.stringify(key)}, a customer managed key named by alias or key id: roles granted the key cannot use it through the alias`,
            fix: `give the key ARN (arn:aws:kms:<region>:<account>:key/<key id>) in ${model.settingsBehind(block)}, or the AWS managed alias/aws/<service>`,
          })),
      ),
    ),
    ...model.ofType("data.aws_iam_policy_document").flatMap((document) =>
      ((document.config.statement ?? []) as { resources?: unknown[]; sid?: string }[]).flatMap((statement) =>
        (statement.resources ?? [])
          .filter(isLiteral)
          .filter((resource) => ALIAS_ARN.test(resource))
          .map((resource) => ({
            address: document.address,
            problem: `statement ${statement.sid ?? "(no sid)"} grants ${resource}: IAM never matches an alias ARN for KMS cryptographic calls, so it grants nothing`,
            fix: "grant the key ARN (the alias's target key)",
          })),
      ),
    ),
  ],
};

/** Arguments whose ARN must be in the stack's region, with the service rule that says so. */
const SAME_REGION_ARGUMENTS: readonly { type: string; path: readonly string[]; why: string }[] = [
  ...KMS_KEY_ARGUMENTS.map((a) => ({
    ...a,
    why: "KMS keys are regional; services use keys of their own region",
  })),
  ...["alarm_actions", "ok_actions", "insufficient_data_actions"].map((attribute) => ({
    type: "aws_cloudwatch_metric_alarm",
    path: [attribute],
    why: "CloudWatch alarms notify SNS topics of their own region only (PutMetricAlarm: Invalid region)",
  })),
  {
    type: "aws_cloudwatch_event_target",
    path: ["dead_letter_config", "arn"],
    why: "an EventBridge dead-letter queue must be in the rule's region",
  },
];

export const sameRegion: Rule = {
  id: "LIM-SAME-REGION",
  title: "KMS keys, alarm topics and dead-letter queues are in the stack's region",
  mirrors: `${MIRRORS} (KMS, CloudWatch PutMetricAlarm, EventBridge DeadLetterConfig)`,
  appliesTo: [...new Set(SAME_REGION_ARGUMENTS.map((a) => a.type))],
  check: (model) => {
    const region = model.region;
    if (region === undefined) return [];
    return SAME_REGION_ARGUMENTS.flatMap(({ type, path, why }) =>
      model.ofType(type).flatMap((block) =>
        valuesAt(block.config, path)
          .filter(isLiteral)
          .filter((arn) => arn.startsWith("arn:") && arn.split(":")[3] !== region)
          .map((arn) => ({
            address: block.address,
            problem: `${path.join(".")} is ${arn}, in region ${arn.split(":")[3]}, not the stack's ${region}: ${why}`,
            fix: `use one in ${region} (${model.settingsBehind(block)})`,
          })),
      ),
    );
  },
};

// --- First-apply ordering ---------------------------------------------------------------------------------

/**
 * Services that check a role's permissions when the resource is created, so the role's policies must exist
 * first. Terraform creates a role's inline policy in parallel with whatever refers only to the role's ARN, so
 * the first apply fails at random unless the resource depends on the policies:
 * - CreateStateMachine: "The state machine IAM Role is not authorized to access the Log Destination"
 * - PutFunctionEventInvokeConfig: "The provided execution role does not have permissions to call SendMessage"
 * - CreatePipe: "The provided customer role does not have permissions to call ... on ..."
 * - CreateDeliveryStream and UpdateAccount (API Gateway) check the role's access as well.
 * @see https://github.com/terraform-aws-modules/terraform-aws-eventbridge/pull/133
 * @see https://github.com/aws/aws-cdk/issues/26432
 */
const ROLE_CHECKED_AT_CREATE: readonly { type: string; path: readonly string[] }[] = [
  { type: "aws_sfn_state_machine", path: ["role_arn"] },
  { type: "aws_pipes_pipe", path: ["role_arn"] },
  { type: "aws_kinesis_firehose_delivery_stream", path: ["extended_s3_configuration", "role_arn"] },
  { type: "aws_api_gateway_account", path: ["cloudwatch_role_arn"] },
  // The function's role, through function_name.
  { type: "aws_lambda_function_event_invoke_config", path: ["function_name"] },
];

/** The aws_iam_role a value refers to (directly, or through a Lambda function's role). */
function roleBehind(model: StackModel, value: unknown): Block | undefined {
  const target = model.deref(value);
  if (target?.block.type === "aws_iam_role") return target.block;
  if (target?.block.type === "aws_lambda_function") return roleBehind(model, target.block.config.role);
  return undefined;
}

/** Every address a block waits for through depends_on, directly or through what it depends on (a time_sleep). */
function dependenciesOf(model: StackModel, block: Block): Set<string> {
  const seen = new Set<string>();
  const pending = [...((block.config.depends_on ?? []) as string[])];
  while (pending.length > 0) {
    const address = pending.pop() as string;
    if (seen.has(address)) continue;
    seen.add(address);
    pending.push(...((model.byAddress(address)?.config.depends_on ?? []) as string[]));
  }
  return seen;
}

export const rolePoliciesFirst: Rule = {
  id: "LIM-ROLE-POLICIES-FIRST",
  title: "Resources whose service checks the role's permissions at creation depend on the role's policies",
  mirrors: `${MIRRORS} (first-apply ordering: Step Functions, Lambda destinations, Pipes, Firehose, API Gateway)`,
  appliesTo: ROLE_CHECKED_AT_CREATE.map((r) => r.type),
  check: (model) =>
    ROLE_CHECKED_AT_CREATE.flatMap(({ type, path }) =>
      model.ofType(type).flatMap((block): Violation[] => {
        const role = valuesAt(block.config, path)
          .map((value) => roleBehind(model, value))
          .find((found) => found !== undefined);
        if (!role) return [];
        const policies = [
          ...model.referencing("aws_iam_role_policy", "role", role, ["id", "name"]),
          ...model.referencing("aws_iam_role_policy_attachment", "role", role, ["id", "name"]),
        ];
        const before = dependenciesOf(model, block);
        const missing = policies.filter((policy) => !before.has(policy.address));
        if (missing.length === 0) return [];
        return [
          {
            address: block.address,
            problem: `AWS checks ${role.address}'s permissions when it creates this, but nothing orders ${missing.map((m) => m.address).join(", ")} before it: the first apply fails when the policy is not there yet`,
            fix: `add dependsOn: [${missing.map((m) => m.address).join(", ")}]`,
          },
        ];
      }),
    ),
};

// --- Names, descriptions and value ranges -----------------------------------------------------------------

interface TextLimit {
  readonly type: string;
  readonly path: readonly string[];
  readonly min?: number;
  readonly max: number;
  /** What the whole value must match, described in `characters`. */
  readonly pattern?: RegExp;
  readonly characters?: string;
  /** The API reference page the limit comes from. */
  readonly source: string;
}

type Characters = Required<Pick<TextLimit, "pattern" | "characters">>;

const NAME: Characters = { pattern: /^[a-zA-Z0-9_.-]+$/, characters: "letters, digits, _ . -" };
const PLAIN_NAME: Characters = { pattern: /^[a-zA-Z0-9_-]+$/, characters: "letters, digits, _ -" };

const API = "https://docs.aws.amazon.com";
/** The page of an API action in an API reference: EVENTS("PutRule"). */
const reference = (guide: string) => (action: string) => `${API}/${guide}/API_${action}.html`;
const EVENTS = reference("eventbridge/latest/APIReference");
const PIPES = reference("eventbridge/latest/pipes-reference");
const IAM = reference("IAM/latest/APIReference");
const LAMBDA = reference("lambda/latest/api");
const SQS = reference("AWSSimpleQueueService/latest/APIReference");
const LOGS = reference("AmazonCloudWatchLogs/latest/APIReference");
const CLOUDWATCH = reference("AmazonCloudWatch/latest/APIReference");
const KINESIS = reference("kinesis/latest/APIReference");
const FIREHOSE = reference("firehose/latest/APIReference");
const SFN = reference("step-functions/latest/apireference");
const KMS = reference("kms/latest/APIReference");
const CLOUDTRAIL = reference("awscloudtrail/latest/APIReference");
const DYNAMODB = reference("amazondynamodb/latest/APIReference");
const APIGATEWAY = reference("apigateway/latest/api");

/** A length (and, given `characters`, character) rule for the value at `field`, a dotted path. */
function text(
  type: string,
  field: string,
  max: number,
  source: string,
  characters?: Characters,
  min?: number,
): TextLimit {
  return { type, path: field.split("."), min, max, ...characters, source };
}

/**
 * Length and character rules of the names, ids and descriptions the stacks write, from each API reference.
 * IAM descriptions also refuse characters outside Latin-1.
 */
export const TEXT_LIMITS: readonly TextLimit[] = [
  text("aws_cloudwatch_event_rule", "name", 64, EVENTS("PutRule"), NAME),
  text("aws_cloudwatch_event_rule", "description", 512, EVENTS("PutRule")),
  text("aws_cloudwatch_event_bus", "name", 256, EVENTS("CreateEventBus"), {
    pattern: /^(?!aws\.)[/.\-_A-Za-z0-9]+$/,
    characters: `${NAME.characters} /, not starting with aws.`,
  }),
  text("aws_cloudwatch_event_bus", "description", 512, EVENTS("CreateEventBus")),
  text("aws_cloudwatch_event_target", "target_id", 64, EVENTS("Target"), NAME),
  text("aws_iam_role", "name", 64, IAM("CreateRole"), {
    pattern: /^[\w+=,.@-]+$/,
    characters: "letters, digits, _ + = , . @ -",
  }),
  text("aws_iam_role", "description", 1000, IAM("CreateRole"), {
    pattern: /^[\t\n\r\u0020-\u007E\u00A1-\u00FF]*$/,
    characters: "printable Latin-1 characters",
  }),
  text("aws_lambda_function", "function_name", 64, LAMBDA("CreateFunction"), PLAIN_NAME),
  text("aws_lambda_function", "description", 256, LAMBDA("CreateFunction")),
  text("aws_lambda_permission", "statement_id", 100, LAMBDA("AddPermission"), PLAIN_NAME),
  text("aws_sqs_queue", "name", 80, SQS("CreateQueue"), PLAIN_NAME),
  text("aws_cloudwatch_log_group", "name", 512, LOGS("CreateLogGroup"), {
    pattern: /^[a-zA-Z0-9_/.#-]+$/,
    characters: "letters, digits, _ / . # -",
  }),
  text("aws_cloudwatch_log_stream", "name", 512, LOGS("CreateLogStream"), {
    pattern: /^[^:*]+$/,
    characters: "anything but : and *",
  }),
  text("aws_cloudwatch_metric_alarm", "alarm_name", 255, CLOUDWATCH("PutMetricAlarm")),
  text("aws_cloudwatch_metric_alarm", "alarm_description", 1024, CLOUDWATCH("PutMetricAlarm")),
  text("aws_kinesis_stream", "name", 128, KINESIS("CreateStream"), NAME),
  text("aws_kinesis_firehose_delivery_stream", "name", 64, FIREHOSE("CreateDeliveryStream"), NAME),
  text("aws_sfn_state_machine", "name", 80, SFN("CreateStateMachine"), PLAIN_NAME),
  text("aws_kms_alias", "name", 256, KMS("CreateAlias"), {
    pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/,
    characters: "alias/ then letters, digits, / _ -, not alias/aws/",
  }),
  text("aws_kms_key", "description", 8192, KMS("CreateKey")),
  // 3 to 128 characters, starting and ending with a letter or digit, no two of . _ - in a row.
  text(
    "aws_cloudtrail",
    "name",
    128,
    CLOUDTRAIL("CreateTrail"),
    {
      pattern: /^[a-zA-Z0-9]([._-]?[a-zA-Z0-9])*$/,
      characters: "letters, digits and single . _ - between them",
    },
    3,
  ),
  // S3 general purpose bucket naming rules, with the reserved prefixes and suffixes.
  text(
    "aws_s3_bucket",
    "bucket",
    63,
    `${API}/AmazonS3/latest/userguide/bucketnamingrules.html`,
    {
      pattern:
        /^(?!xn--|sthree-|amzn-s3-demo-)[a-z0-9][a-z0-9.-]*[a-z0-9](?<!-s3alias|--ol-s3|--x-s3|--table-s3)$/,
      characters:
        "lowercase letters, digits, . -; not starting with xn--, sthree- or amzn-s3-demo-, not ending with -s3alias, --ol-s3, --x-s3 or --table-s3",
    },
    3,
  ),
  text("aws_api_gateway_stage", "stage_name", 128, APIGATEWAY("CreateStage"), PLAIN_NAME),
  text("aws_pipes_pipe", "name", 64, PIPES("CreatePipe"), NAME),
  text("aws_pipes_pipe", "description", 512, PIPES("CreatePipe")),
  text("aws_cloudwatch_event_api_destination", "name", 64, EVENTS("CreateApiDestination"), NAME),
  text("aws_cloudwatch_event_api_destination", "description", 512, EVENTS("CreateApiDestination")),
  text("aws_cloudwatch_event_connection", "name", 64, EVENTS("CreateConnection"), NAME),
  text("aws_cloudwatch_event_connection", "description", 512, EVENTS("CreateConnection")),
  text("aws_dynamodb_table", "name", 255, DYNAMODB("CreateTable"), NAME, 3),
];

interface RangeLimit {
  readonly type: string;
  readonly path: readonly string[];
  readonly min: number;
  readonly max: number;
  readonly source: string;
}

/** The numeric range AWS allows for the value at `field`, a dotted path. */
function range(type: string, field: string, min: number, max: number, source: string): RangeLimit {
  return { type, path: field.split("."), min, max, source };
}

/** Numeric ranges AWS enforces, some of which the provider leaves to the API. */
export const RANGE_LIMITS: readonly RangeLimit[] = [
  range("aws_cloudwatch_event_target", "retry_policy.maximum_retry_attempts", 0, 185, EVENTS("RetryPolicy")),
  range(
    "aws_cloudwatch_event_target",
    "retry_policy.maximum_event_age_in_seconds",
    60,
    86400,
    EVENTS("RetryPolicy"),
  ),
  range("aws_lambda_function", "memory_size", 128, 10240, LAMBDA("CreateFunction")),
  range("aws_lambda_function", "timeout", 1, 900, LAMBDA("CreateFunction")),
  range(
    "aws_lambda_function_event_invoke_config",
    "maximum_retry_attempts",
    0,
    2,
    LAMBDA("PutFunctionEventInvokeConfig"),
  ),
  range(
    "aws_lambda_function_event_invoke_config",
    "maximum_event_age_in_seconds",
    60,
    21600,
    LAMBDA("PutFunctionEventInvokeConfig"),
  ),
  range("aws_kinesis_stream", "retention_period", 24, 8760, KINESIS("IncreaseStreamRetentionPeriod")),
  range("aws_sqs_queue", "message_retention_seconds", 60, 1_209_600, SQS("SetQueueAttributes")),
  range("aws_kms_key", "deletion_window_in_days", 7, 30, KMS("ScheduleKeyDeletion")),
  range(
    "aws_sfn_state_machine",
    "encryption_configuration.kms_data_key_reuse_period_seconds",
    60,
    900,
    SFN("EncryptionConfiguration"),
  ),
  range(
    "aws_kinesis_firehose_delivery_stream",
    "extended_s3_configuration.buffering_size",
    1,
    128,
    FIREHOSE("BufferingHints"),
  ),
  range(
    "aws_kinesis_firehose_delivery_stream",
    "extended_s3_configuration.buffering_interval",
    0,
    900,
    FIREHOSE("BufferingHints"),
  ),
  range(
    "aws_cloudwatch_event_api_destination",
    "invocation_rate_limit_per_second",
    1,
    300,
    EVENTS("CreateApiDestination"),
  ),
];

function textViolations(model: StackModel, limit: TextLimit, block: Block): Violation[] {
  return valuesAt(block.config, limit.path)
    .filter(isLiteral)
    .flatMap((value) => {
      const field = limit.path.join(".");
      const tooLong = value.length > limit.max || value.length < (limit.min ?? 0);
      const badCharacters = limit.pattern !== undefined && !limit.pattern.test(value);
      if (!tooLong && !badCharacters) return [];
      const rule = tooLong
        ? `${limit.min ?? 0} to ${limit.max} characters; it is ${value.length}`
        : `only ${limit.characters}`;
      return [
        {
          address: block.address,
          problem: `${field} ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)} breaks AWS's rule for it: ${rule} (${limit.source})`,
          fix: `change prefix, environment or ${model.settingsBehind(block)}`,
        },
      ];
    });
}

export const namesAndRanges: Rule = {
  id: "LIM-NAMES-AND-RANGES",
  title:
    "Names, ids, descriptions and numeric values are within the lengths, characters and ranges of each AWS API",
  mirrors: `${MIRRORS} (each API reference; the table is in stacks/baseline/rules/limits.ts)`,
  appliesTo: [...new Set([...TEXT_LIMITS, ...RANGE_LIMITS].map((limit) => limit.type))],
  check: (model) => [
    ...TEXT_LIMITS.flatMap((limit) =>
      model.ofType(limit.type).flatMap((block) => textViolations(model, limit, block)),
    ),
    ...RANGE_LIMITS.flatMap((limit) =>
      model.ofType(limit.type).flatMap((block) =>
        valuesAt(block.config, limit.path)
          .filter((value): value is number => typeof value === "number")
          .filter((value) => value < limit.min || value > limit.max)
          .map((value) => ({
            address: block.address,
            problem: `${limit.path.join(".")} = ${value} is outside ${limit.min} to ${limit.max} (${limit.source})`,
            fix: `change ${model.settingsBehind(block)}`,
          })),
      ),
    ),
  ],
};
