import { pino } from "pino";
import type { Config } from "./config.ts";
import type { Logger } from "./core/logger.ts";

/** Field names whose values are never written, wherever they appear. */
const REDACT = [
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "secret",
  "*.secret",
  "text",
  "*.text",
];

/** Structured JSON logs on stderr (stdout stays free for command output), secrets redacted. */
export function createLogger(config: Pick<Config, "LOG_LEVEL">, destination: NodeJS.WritableStream = process.stderr): Logger {
  const base = pino(
    { level: config.LOG_LEVEL, redact: { paths: REDACT, censor: "[redacted]" }, base: undefined },
    destination as pino.DestinationStream,
  );
  return wrap(base);
}

function wrap(log: pino.Logger): Logger {
  return {
    debug: (message, fields) => log.debug(fields ?? {}, message),
    info: (message, fields) => log.info(fields ?? {}, message),
    warn: (message, fields) => log.warn(fields ?? {}, message),
    error: (message, fields) => log.error(fields ?? {}, message),
    child: (bindings) => wrap(log.child(bindings)),
  };
}
