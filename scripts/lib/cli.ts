/**
 * Runs a script's main. A failure (a ConfigError, a BaselineError, a terraform error) is printed as
 * its message, which says what is wrong and how to fix it, rather than a stack trace; exit 1.
 */
export function runCli(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    });
}
