import "./stacks/core/disable-source-maps";
import { synthesizeCached } from "./scripts/lib/synth-cache";
import { loadProjectConfigWithSources } from "./stacks/config/load";
import { ConfigError } from "./stacks/core/errors";
import { STACK_IDS } from "./stacks/registry";

/** What a synth prints besides its files; kept with the output in the synth cache. */
interface SynthWarnings {
  /** Alarms that notify no one (from the configuration). */
  readonly alarms?: string;
  /** The stacks' annotations (cdktf warnings). */
  readonly annotations: string[];
}

// `npm run synth [-- --env <name>]` and `cdktf synth` both run this file. With nothing changed since a
// synth of the same configuration, the synth cache (scripts/lib/synth-cache.ts) writes the same bytes
// into cdktf.out (or CDKTF_OUTDIR) without loading cdktf or the constructs; INTEGRATIONS_SYNTH_CACHE=off
// always synthesizes.
try {
  const { config, sources } = loadProjectConfigWithSources();
  const outdir = process.env.CDKTF_OUTDIR ?? "cdktf.out"; // cdktf's App's default
  const { result: warnings } = synthesizeCached(
    { config, stacks: STACK_IDS, outdir },
    (into): SynthWarnings => {
      // Loaded here, not imported: a cache hit needs none of it (most of a synth's module loading).
      const { buildApp, synthesizeApp, synthWarnings } =
        require("./stacks/app") as typeof import("./stacks/app");
      const { unnotifiedAlarmsWarning } =
        require("./stacks/shared/monitoring/alarm-topic") as typeof import("./stacks/shared/monitoring/alarm-topic");
      const app = buildApp(config, { outdir: into });
      synthesizeApp(app);
      return { alarms: unnotifiedAlarmsWarning(config), annotations: synthWarnings(app) };
    },
    { sources },
  );
  // Never silent: alarms that notify no one are one line on stderr, once per synth.
  if (warnings.alarms) console.warn(warnings.alarms);
  // The cdktf CLI (which sets CDKTF_OUTDIR) prints annotations itself.
  if (!process.env.CDKTF_OUTDIR) for (const line of warnings.annotations) console.warn(line);
} catch (error) {
  const audit = () => require("./stacks/baseline/audit") as typeof import("./stacks/baseline/audit");
  if (error instanceof ConfigError || error instanceof audit().BaselineError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
