// A jest reporter, listed after the default one, so its line is the last of `npm test`: when the
// offline Terraform plans could not run, say so, with the reason and the fix, where nobody misses it.
// (Reporters are loaded without jest's transform, hence plain JavaScript.)

/** Same text as NOT_RUN_TITLE in offline-tooling.ts. */
const NOT_RUN_TITLE = "offline Terraform plans did not run";

/** The distinct "did not run" titles among the results, each once. */
function notRunTitles(results) {
  const titles = new Set();
  for (const file of results.testResults) {
    for (const assertion of file.testResults) {
      if (assertion.title.startsWith(NOT_RUN_TITLE)) titles.add(assertion.title.replace(/ \([^)]*\)$/, ""));
    }
  }
  return [...titles];
}

/** The lines to print: one per reason, with the fix. */
function notRunLines(results, ci = process.env.CI === "true") {
  const verdict = ci ? "FAILED (CI=true requires them)" : "SKIPPED";
  return notRunTitles(results).map(
    (title) => `!!! ${verdict}: ${title.replace(NOT_RUN_TITLE, "OFFLINE TERRAFORM PLANS DID NOT RUN")} !!!`,
  );
}

class OfflinePlanReporter {
  onRunComplete(_contexts, results) {
    const lines = notRunLines(results);
    if (lines.length === 0) return;
    const paint = process.stderr.isTTY ? (text) => `\u001b[1;41;97m${text}\u001b[0m` : (text) => text;
    // Jest prints its summary after every custom reporter: print at exit, so this is the very last line.
    process.once("exit", () => {
      for (const line of lines) process.stderr.write(`\n${paint(line)}\n`);
    });
  }
}

module.exports = OfflinePlanReporter;
module.exports.notRunTitles = notRunTitles;
module.exports.notRunLines = notRunLines;
module.exports.NOT_RUN_TITLE = NOT_RUN_TITLE;
