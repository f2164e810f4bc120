import "./stacks/fast-start";
import { buildApp, synthesizeApp } from "./stacks/app";
import { BaselineError } from "./stacks/baseline/audit";
import { ConfigError } from "./stacks/config/errors";
import { loadProjectConfig } from "./stacks/config/load";

// `npm run synth [-- --env <name>]` and `cdktf synth` both run this file.
try {
  synthesizeApp(buildApp(loadProjectConfig()));
} catch (error) {
  if (error instanceof ConfigError || error instanceof BaselineError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
