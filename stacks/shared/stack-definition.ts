import type { Construct } from "constructs";
import type { z } from "zod";
import type { Checker } from "../core/checks";
import { parseSettings } from "../core/settings-schema";
import type { StackProps } from "../core/stack-props";
import type { IntegrationStack, StackOptions } from "./integration-stack";

/**
 * Everything the project knows about one stack, exported by its folder (`stacks/<id>/definition.ts`) and
 * listed once in `stacks/registry.ts`: the app, the configuration, CI and the docs derive from that list.
 */
export interface StackDefinition<Id extends string = string, S = unknown> {
  /** The Terraform working directory and state key: fixed once deployed. */
  readonly id: Id;
  /** The zod schema of `stacks.<id>` (type, defaults, messages, README keys, editor schema), once moved onto zod. */
  readonly settings?: z.ZodType<S>;
  /** Reads `stacks.<id>` into typed settings with their defaults; every problem goes to `check`. */
  readonly readSettings: (field: string, value: unknown, check: Checker) => S;
  /**
   * Every storage resource and principal is wired to the stack key, so encryption mode "customer" is
   * allowed. A stack that is only partly wired would deploy and then fail at run time, so it refuses instead.
   */
  readonly customerKey: boolean;
  /**
   * Builds the stack. Definitions require their stack module inside it, so the provider classes load on the first
   * build only: scripts that need just the stack ids and settings (every --help, the smoke checks) start fast.
   */
  readonly build: (scope: Construct, props: StackProps<S>, options: StackOptions) => IntegrationStack;
}

// biome-ignore lint/suspicious/noExplicitAny: the one implementation of both overloads below
type AnyDefinition = StackDefinition<string, any>;

/**
 * Keeps the id a literal type, so the registry can derive StackId and the settings map from it. A stack gives
 * its settings as a zod schema (`settings`), or (not moved yet) as a hand-written `readSettings`.
 */
export function defineStack<const Id extends string, S extends z.ZodType>(
  definition: Omit<StackDefinition<Id, z.output<S>>, "settings" | "readSettings"> & { readonly settings: S },
): StackDefinition<Id, z.output<S>>;
export function defineStack<const Id extends string, S>(
  definition: StackDefinition<Id, S>,
): StackDefinition<Id, S>;
export function defineStack(
  definition: Omit<AnyDefinition, "readSettings"> & Partial<Pick<AnyDefinition, "readSettings">>,
): AnyDefinition {
  const { settings, readSettings } = definition;
  if (settings === undefined)
    return { ...definition, readSettings: readSettings as AnyDefinition["readSettings"] };
  return {
    ...definition,
    readSettings: (field, value, check) => parseSettings(field, settings, value, check),
  };
}
