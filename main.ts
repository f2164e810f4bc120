import "./stacks/core/disable-source-maps";
import { buildApp, synthesizeApp, synthWarnings } from "./stacks/app";
import { BaselineError } from "./stacks/baseline/audit";
import { loadProjectConfig } from "./stacks/config/load";
import { ConfigError } from "./stacks/core/errors";
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
