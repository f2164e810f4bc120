// Imported first by the entry points. cdktf records a stack trace for every token it creates; with
// the source maps tsx turns on, formatting each trace costs ~200 ms per synth. Synth errors are
// ConfigError / BaselineError messages, not stack traces, so plain traces are enough here.
process.setSourceMapsEnabled(false);
