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

class OfflinePlanReporter {
  onRunComplete(_contexts, results) {
    const titles = notRunTitles(results);
    if (titles.length === 0) return;
    const verdict = process.env.CI === "true" ? "FAILED (CI=true requires them)" : "SKIPPED";
    const paint = process.stderr.isTTY ? (text) => `\u001b[1;41;97m${text}\u001b[0m` : (text) => text;
    for (const title of titles) {
      process.stderr.write(
        `\n${paint(`!!! ${verdict}: ${title.replace(NOT_RUN_TITLE, "OFFLINE TERRAFORM PLANS DID NOT RUN")} !!!`)}\n`,
      );
    }
  }
}

module.exports = OfflinePlanReporter;
module.exports.notRunTitles = notRunTitles;
module.exports.NOT_RUN_TITLE = NOT_RUN_TITLE;
