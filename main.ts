import "./stacks/fast-start";
import { buildApp, synthesizeApp, synthWarnings } from "./stacks/app";
import { BaselineError } from "./stacks/baseline/audit";
import { ConfigError } from "./stacks/config/errors";
import { loadProjectConfig } from "./stacks/config/load";
import { unnotifiedAlarmsWarning } from "./stacks/shared/monitoring/alarm-topic";

// `npm run synth [-- --env <name>]` and `cdktf synth` both run this file.
try {
  const config = loadProjectConfig();
  const app = buildApp(config);
  synthesizeApp(app);
  // Never silent: alarms that notify no one are one line on stderr, once per synth.
  const warning = unnotifiedAlarmsWarning(config);
  if (warning) console.warn(warning);
  // The cdktf CLI (which sets CDKTF_OUTDIR) prints annotations itself.
  if (!process.env.CDKTF_OUTDIR) for (const line of synthWarnings(app)) console.warn(line);
} catch (error) {
  if (error instanceof ConfigError || error instanceof BaselineError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
