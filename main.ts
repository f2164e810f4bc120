import { buildApp } from "./stacks/app";
import { ConfigError } from "./stacks/config/errors";
import { loadProjectConfig } from "./stacks/config/load";

// `npm run synth [-- --env <name>]` and `cdktf synth` both run this file.
try {
  buildApp(loadProjectConfig()).synth();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
