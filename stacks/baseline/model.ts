// biome-ignore lint/suspicious/noExplicitAny: synthesized Terraform JSON is untyped by nature
export type TerraformJson = Record<string, any>;

/** One resource or data source of a synthesized stack. */
export interface Block {
  /** "aws_sqs_queue.dlq_queue" or "data.aws_iam_policy_document.trust". */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  readonly config: TerraformJson;
}

/** One statement of an `aws_iam_policy_document`, as synthesized. */
export interface Statement {
  readonly sid?: string;
  readonly effect?: string;
  readonly actions?: string[];
  readonly not_actions?: string[];
  readonly resources?: string[];
  readonly principals?: { type: string; identifiers: string[] }[];
  readonly condition?: { test: string; variable: string; values: string[] }[];
}

const WHOLE_REFERENCE = /^\$\{((data\.)?[a-zA-Z0-9_]+\.[a-zA-Z0-9_-]+)\.([a-zA-Z0-9_.[\]]+)\}$/;

/** Read-only queries over one stack's synthesized Terraform JSON, for the baseline rules. */
export class StackModel {
  private readonly blocks: Block[];

  /**
   * @param settings Terraform address → the configuration settings its values are built from (settingsBehind),
   *   for findings that must say which setting to change
   */
  constructor(
    readonly stackId: string,
    readonly json: TerraformJson,
    private readonly settings: ReadonlyMap<string, readonly string[]> = new Map(),
  ) {
    this.blocks = [];
    for (const [type, byName] of Object.entries(json.resource ?? {})) {
      for (const [name, config] of Object.entries(byName as TerraformJson)) {
        this.blocks.push({ address: `${type}.${name}`, type, name, config });
      }
    }
    for (const [type, byName] of Object.entries(json.data ?? {})) {
      for (const [name, config] of Object.entries(byName as TerraformJson)) {
        this.blocks.push({ address: `data.${type}.${name}`, type: `data.${type}`, name, config });
      }
    }
  }

  /** Resources of a type ("aws_sqs_queue") or data sources ("data.aws_iam_policy_document"). */
  ofType(type: string): Block[] {
    return this.blocks.filter((block) => block.type === type);
  }

  /** The settings to change when a value of this block is too large: as recorded, else the stack's section. */
  settingsBehind(block: Block): string {
    const fields = this.settings.get(block.address) ?? [];
    return fields.length > 0 ? fields.join(", ") : `the settings under stacks.${this.stackId}`;
  }

  /** The region of the stack's AWS provider, when it is a literal. */
  get region(): string | undefined {
    const provider = nested(this.json.provider?.aws);
    return typeof provider?.region === "string" ? provider.region : undefined;
  }

  byAddress(address: string): Block | undefined {
    return this.blocks.find((block) => block.address === address);
  }

  /** "${aws_sqs_queue.q.arn}" → the queue block and "arn"; undefined for literals and expressions. */
  deref(value: unknown): { block: Block; attribute: string } | undefined {
    if (typeof value !== "string") return undefined;
    const match = WHOLE_REFERENCE.exec(value);
    if (!match) return undefined;
    const block = this.byAddress(match[1] as string);
    return block ? { block, attribute: match[3] as string } : undefined;
  }

  /** The expression that refers to an attribute of a block, as cdktf writes it. */
  ref(block: Block, attribute: string): string {
    return `\${${block.address}.${attribute}}`;
  }

  /** Blocks of `type` whose `attribute` refers to `target` (by any of `targetAttributes`). */
  referencing(type: string, attribute: string, target: Block, targetAttributes: readonly string[]): Block[] {
    const refs = targetAttributes.map((a) => this.ref(target, a));
    return this.ofType(type).filter((block) => refs.includes(block.config[attribute]));
  }

  /** Statements of the policy document a policy attribute points to; undefined when it is not a document. */
  statementsOf(policyValue: unknown): Statement[] | undefined {
    const target = this.deref(policyValue);
    if (target?.block.type !== "data.aws_iam_policy_document" || target.attribute !== "json")
      return undefined;
    return (target.block.config.statement ?? []) as Statement[];
  }
}

/** Reads a nested block that cdktf may write as an object or a one-element list. */
export function nested(value: unknown): TerraformJson | undefined {
  if (Array.isArray(value)) return value[0] as TerraformJson | undefined;
  return value && typeof value === "object" ? (value as TerraformJson) : undefined;
}

export function isAllow(statement: Statement): boolean {
  return (statement.effect ?? "Allow") === "Allow";
}

export function hasCondition(statement: Statement, variable: string): boolean {
  return (statement.condition ?? []).some(
    (c) => c.variable.toLowerCase() === variable.toLowerCase() && c.values.length > 0,
  );
}
