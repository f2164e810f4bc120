/**
 * Dependency-free structured logger for Lambda functions: one JSON object per line,
 * `{"timestamp":"…","level":"INFO","message":"…", ...fields}`.
 *
 * Lines are written straight to stdout (DEBUG, INFO) or stderr (WARN, ERROR) rather than through
 * `console`, because with the function's log format set to JSON the Node.js runtime would wrap a
 * console line as a string inside its own envelope. A line that already is a JSON object with
 * `level` and an RFC 3339 `timestamp` is kept as-is, and Lambda uses those two keys for its
 * application log-level filtering (without a valid timestamp every line would count as INFO).
 */

/** Log levels, in increasing severity. */
export type LogLevel = "DEBUG" | "INFO" | "WARN" | "ERROR";

/** Extra key/value pairs merged into a log line. Keys whose value is `undefined` are left out. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Receives one finished line (without the trailing newline). */
export type LogWriter = (level: LogLevel, line: string) => void;

/** A structured logger; see the module comment for the line format. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  log(level: LogLevel, message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (the call's own fields win on a clash). */
  child(fields: LogFields): Logger;
}

/** Options of {@link createLogger}; the defaults suit Lambda. */
export interface LoggerOptions {
  /** Fields added to every line. */
  readonly fields?: LogFields;
  /** Where lines go; defaults to {@link writeToStdio}. */
  readonly write?: LogWriter;
  /** Clock, for tests. */
  readonly now?: () => Date;
}

/** Writes DEBUG/INFO lines to stdout and WARN/ERROR lines to stderr (synchronous for pipes on Linux). */
export const writeToStdio: LogWriter = (level, line) => {
  const stream = level === "WARN" || level === "ERROR" ? process.stderr : process.stdout;
  stream.write(`${line}\n`);
};

/** Creates a logger. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const base = options.fields ?? {};
  const write = options.write ?? writeToStdio;
  const now = options.now ?? (() => new Date());

  const log = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    const head = { timestamp: now().toISOString(), level, message };
    // Assigning `head` last keeps the reserved keys first in the line and stops fields overriding them.
    write(level, serialize(Object.assign({ ...head }, base, fields, head)));
  };

  return {
    debug: (message, fields) => log("DEBUG", message, fields),
    info: (message, fields) => log("INFO", message, fields),
    warn: (message, fields) => log("WARN", message, fields),
    error: (message, fields) => log("ERROR", message, fields),
    log,
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** Renders values JSON cannot (errors, bigints) instead of losing them. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return typeof value === "bigint" ? value.toString() : value;
}

function serialize(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry, replacer);
  } catch (error) {
    // A circular field must not turn a log call into a crash; keep what is certain to serialize.
    const { timestamp, level, message } = entry;
    const reason = error instanceof Error ? error.message : String(error);
    return JSON.stringify({ timestamp, level, message, logSerializationError: reason });
  }
}
