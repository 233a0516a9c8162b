/**
 * The logging port. Messages are fixed strings; variables go in `fields`. Never put tokens or message text in
 * fields: log a text as `textFields(text)` (length and a short hash).
 */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};

/** Records entries in memory: the `FakeLogger` tests assert on. */
export class MemoryLogger implements Logger {
  readonly entries: Array<{ level: string; message: string; fields: Record<string, unknown> }>;
  constructor(
    private readonly bindings: Record<string, unknown> = {},
    entries?: MemoryLogger["entries"],
  ) {
    this.entries = entries ?? [];
  }
  private push(level: string, message: string, fields?: Record<string, unknown>) {
    this.entries.push({ level, message, fields: { ...this.bindings, ...fields } });
  }
  debug(message: string, fields?: Record<string, unknown>) {
    this.push("debug", message, fields);
  }
  info(message: string, fields?: Record<string, unknown>) {
    this.push("info", message, fields);
  }
  warn(message: string, fields?: Record<string, unknown>) {
    this.push("warn", message, fields);
  }
  error(message: string, fields?: Record<string, unknown>) {
    this.push("error", message, fields);
  }
  child(bindings: Record<string, unknown>): Logger {
    return new MemoryLogger({ ...this.bindings, ...bindings }, this.entries);
  }
}
