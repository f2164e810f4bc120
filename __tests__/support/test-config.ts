import * as path from "node:path";
import { deepMerge, loadConfig, PROJECT_ROOT, readCdktfContext } from "../../stacks/config/load";
import type { ProjectConfig } from "../../stacks/config/project-config";

// Apart from synth.ts (which re-exports it) so that tests needing only a configuration, such as the smoke
// tests, do not load the stacks and cdktf: ~0.1 CPU-s per test file.

/** The configuration users get from the shipped cdktf.json, with `overrides` merged over it. */
export function testConfig(
  overrides: Record<string, unknown> = {},
  env: NodeJS.ProcessEnv = {},
): ProjectConfig {
  const context = readCdktfContext(path.join(PROJECT_ROOT, "cdktf.json")) as Record<string, unknown>;
  return loadConfig({ context: deepMerge(context, overrides), env });
}
