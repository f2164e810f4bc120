import { runMomentoDlq } from "./lib/momento-dlq/run";

// `npm run momento:dlq -- <inspect|replay>`: the dynamodb-pipes-momento DLQ (see `--help`).
runMomentoDlq(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
}).then((code) => {
  process.exitCode = code;
});
