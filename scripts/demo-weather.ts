import { runWeatherDemo } from "./lib/weather-demo/run";

// `npm run demo:weather -- <command> ...`: drive the dynamodb-pipes-momento stack by hand (see `help`).
const interrupted = new AbortController();
process.once("SIGINT", () => {
  interrupted.abort();
  // A second Ctrl-C ends the process even if a request is stuck.
  process.once("SIGINT", () => process.exit(130));
});

runWeatherDemo(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  signal: interrupted.signal,
}).then((code) => {
  process.exitCode = code;
});
