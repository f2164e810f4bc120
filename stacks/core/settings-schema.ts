import { z } from "zod";
import { type Checker, isPlainObject } from "./checks";

// zod compiles a parser (new Function) for each object schema the first time it parses one: worth it for
// many parses, but a synth parses each section once, so compiling costs more than it saves. Same results;
// set before any schema is built (zod reads it then), which importing this module first ensures.
z.config({ jitless: true });

/**
 * Settings declared once, as zod schemas: the type (`z.output`), the defaults (`.default`), the messages
 * (each check's `error` says what is allowed), the README's key list and the editor's JSON Schema all come
 * from one object. `parseSettings` turns zod's issues into the project's problems (field, value, allowed).
 */

/** A section of settings: unknown keys are errors (with a did-you-mean), an absent section takes its defaults. */
export function section<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.strictObject(shape, { error: "an object" }).prefault({} as z.input<z.ZodObject<Shape>>);
}

export function integer(min: number, max: number, unit?: string) {
  return integerAs(min, max, `a whole number from ${min} to ${max}${unit ? ` ${unit}` : ""}`);
}

/** A whole number from min to max; `error` says so in the setting's own words (a string, or per issue). */
export function integerAs(
  min: number,
  max: number,
  error: string | ((issue: { input?: unknown }) => string),
) {
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

export function boolean() {
  return z.boolean({ error: "true or false" });
}

export function oneOf<const T extends string>(values: readonly T[], describe?: string) {
  const error = describe ?? `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return z.enum(values as [T, ...T[]], { error });
}

/** A string; `describe` is the message for every way it can be wrong. */
export function text(describe: string, rule: { pattern?: RegExp; min?: number; max?: number } = {}) {
  let schema = z.string({ error: describe });
  if (rule.min !== undefined) schema = schema.min(rule.min, { error: describe });
  if (rule.max !== undefined) schema = schema.max(rule.max, { error: describe });
  return rule.pattern ? schema.regex(rule.pattern, { error: describe }) : schema;
}

/** An optional setting: absent, or null (an environment's section can unset what cdktf.json gives), is undefined. */
export function optional<T extends z.ZodType>(schema: T) {
  return schema
    .nullish()
    .transform((value) => value ?? undefined)
    .optional();
}

/** A list of distinct strings, each `describe`d (1 to maxItems entries, or 0 with allowEmpty). */
export function stringList(
  item: z.ZodType<string>,
  describe: string,
  rule: { maxItems: number; allowEmpty?: boolean },
) {
  const min = rule.allowEmpty ? 0 : 1;
  const size = `a list of ${min} to ${rule.maxItems} entries`;
  return z
    .array(item, { error: `a list of ${describe}` })
    .min(min, { error: size })
    .max(rule.maxItems, { error: size })
    .refine((list) => new Set(list).size === list.length, { error: "a list without duplicates" });
}

/**
 * Rules between keys as they were written ("shardCount only with streamMode PROVISIONED"): they run on the raw
 * section, before defaults fill it in, so a key given for nothing is named.
 */
export function withRules<S extends z.ZodType>(
  schema: S,
  /** `fail(key, allowed, shown)`: `shown` replaces the value in the message (a redacted secret). */
  rules: (
    raw: Record<string, unknown>,
    fail: (key: string, allowed: string, shown?: unknown) => void,
  ) => void,
) {
  return z.preprocess((raw, ctx) => {
    if (isPlainObject(raw))
      rules(raw, (key, allowed, ...shown) =>
        ctx.addIssue({
          code: "custom",
          path: [key],
          message: allowed,
          input: shown.length ? shown[0] : raw[key],
        }),
      );
    return raw;
  }, schema);
}

/**
 * Parses `value` (the raw section at `field`) and reports every issue to `check`. A bad value falls back to
 * its default and parsing goes on, so every problem is reported at once and cross-checks still see the rest.
 */
export function parseSettings<S extends z.ZodType>(
  field: string,
  schema: S,
  value: unknown,
  check: Checker,
): z.output<S> {
  let input = value;
  const reported = new Set<string>();
  // Each pass drops what it reported, so the input shrinks; the bound is only a safety net.
  for (let pass = 0; pass < 100; pass++) {
    const result = schema.safeParse(input, { reportInput: true });
    if (result.success) return result.data;
    const { issues } = result.error;
    // A value of the wrong type is one problem: zod still runs the length checks of a list on a string.
    const wrongType = new Set(
      issues.filter((i) => i.code === "invalid_type").map((i) => JSON.stringify(i.path)),
    );
    const thisPass = new Set<string>();
    for (const issue of issues) {
      const at = JSON.stringify(issue.path);
      // One problem per value: a string too short is often also off its pattern.
      if (thisPass.has(at) || (issue.code !== "invalid_type" && wrongType.has(at))) continue;
      thisPass.add(at);
      if (reported.has(at)) {
        // Dropping the value did not help (a required key, a rule the default breaks): drop its section.
        input = without(input, {
          code: "custom",
          path: issue.path.slice(0, -1),
          message: "",
          input: undefined,
        });
        continue;
      }
      reported.add(at);
      report(field, schema, issue, check);
      input = without(input, issue);
    }
  }
  return schema.parse(undefined);
}

function report(field: string, schema: z.ZodType, issue: z.core.$ZodIssue, check: Checker): void {
  const where = fieldOf(field, issue.path);
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(objectAt(schema, issue.path)?.shape ?? {});
    const raw = issue.input as Record<string, unknown>;
    for (const key of issue.keys) check.unknownKey(`${where}.${key}`, key, raw[key], known);
  } else if (issue.code === "invalid_key") {
    const key = String(issue.path.at(-1));
    const allowed = issue.issues[0]?.message ?? issue.message;
    check.fail(`${fieldOf(field, issue.path.slice(0, -1))} key ${JSON.stringify(key)}`, key, allowed);
  } else {
    check.fail(where, issue.input, issue.message);
  }
}

/** `stacks.x.delivery.maximumRetryAttempts`, `stacks.x.states[0]`. */
function fieldOf(field: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? String(key) : `${text}.${String(key)}`,
    field,
  );
}

/**
 * The input with what an issue points at removed, so it takes its default on the next pass: the unknown
 * keys, or the value (a whole list, when the issue is one of its entries, as the hand-written readers did).
 */
function without(input: unknown, issue: z.core.$ZodIssue): unknown {
  const cut = issue.path.findIndex((key) => typeof key === "number");
  const path = cut === -1 ? [...issue.path] : issue.path.slice(0, cut);
  const keys = issue.code === "unrecognized_keys" && cut === -1 ? issue.keys : [path.pop()];
  if (keys[0] === undefined) return undefined;
  if (!isPlainObject(input)) return input;
  const copy = structuredClone(input);
  let parent = copy;
  for (const key of path as string[]) {
    const next = parent[key];
    // Already dropped with its section in this pass: nothing left to drop.
    if (!isPlainObject(next)) return copy;
    parent = next;
  }
  for (const key of keys) delete parent[key as string];
  return copy;
}

type Def = {
  type: string;
  innerType?: z.core.$ZodType;
  in?: z.core.$ZodType;
  out?: z.core.$ZodType;
  shape?: z.ZodRawShape;
  valueType?: z.ZodType;
};

/** The object schema a path leads to, through defaults, optionals and records. */
function objectAt(schema: z.ZodType, path: readonly PropertyKey[]): { shape: z.ZodRawShape } | undefined {
  let def = unwrap(schema);
  for (const key of path) {
    const next = def.type === "object" ? def.shape?.[key as string] : def.valueType;
    if (next === undefined) return undefined;
    def = unwrap(next);
  }
  return def.shape ? { shape: def.shape } : undefined;
}

/** Through defaults and optionals, and through `withRules` to the section it guards. */
function unwrap(schema: z.core.$ZodType): Def {
  let def = schema._zod.def as unknown as Def;
  for (;;) {
    const pipeIn = def.in?._zod.def.type === "transform" ? def.out : def.in;
    const next = def.innerType ?? pipeIn;
    if (next === undefined) return def;
    def = next._zod.def as unknown as Def;
  }
}

/** Every setting's dotted name (`delivery.maximumRetryAttempts`), sections with defaults followed into their keys. */
export function settingNames(schema: z.ZodType, prefix = ""): string[] {
  // An optional section (quota) is one setting: absent, or given whole.
  if (["optional", "nullable"].includes(schema._zod.def.type)) return [prefix];
  const def = unwrap(schema);
  if (def.type !== "object" || def.shape === undefined) return [prefix];
  return Object.entries(def.shape).flatMap(([key, inner]) =>
    settingNames(inner as z.ZodType, prefix === "" ? key : `${prefix}.${key}`),
  );
}

/** The JSON Schema of a settings section, for the editor schema (values as written, before defaults). */
export function settingsJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
}
