import type { Construct } from "constructs";
import type { z } from "zod";
import type { StackProps } from "../core/stack-props";
import type { IntegrationStack, StackOptions } from "./integration-stack";

/**
 * Everything the project knows about one stack, exported by its folder (`stacks/<id>/definition.ts`) and
 * listed once in `stacks/registry.ts`: the app, the configuration, CI and the docs derive from that list.
 */
export interface StackDefinition<Id extends string = string, S = unknown> {
  /** The Terraform working directory and state key: fixed once deployed. */
  readonly id: Id;
  /**
   * `stacks.<id>` as a zod schema: the settings' type, defaults and messages, the README's settings list and
   * the editor schema all come from it (core/settings-schema.ts).
   */
  readonly settings: z.ZodType<S>;
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

/**
 * Keeps the id a literal type, so the registry can derive StackId and the settings map from it. `loadSettings`
 * requires the stack's settings module on first use, so scripts that need only the stack ids (every --help)
 * do not load zod and build every schema.
 */
export function defineStack<const Id extends string, S>(
  definition: Omit<StackDefinition<Id, S>, "settings"> & { readonly loadSettings: () => z.ZodType<S> },
): StackDefinition<Id, S> {
  const { loadSettings, ...rest } = definition;
  let settings: z.ZodType<S> | undefined;
  return {
    ...rest,
    get settings() {
      settings ??= loadSettings();
      return settings;
    },
  };
}
