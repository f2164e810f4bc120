/**
 * A mistake in how the demo was called (arguments or environment): reported without a stack trace and with
 * exit code 2, so scripts can tell it apart from a failed AWS or Momento call (exit code 1).
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
