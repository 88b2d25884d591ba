import pino, { type Logger } from 'pino';

/** Structured JSON logs on stdout; every request line carries its request id. */
export function createLogger(level: string, name = 'kaiyuan'): Logger {
  return pino({ name, level, base: { service: name }, timestamp: pino.stdTimeFunctions.isoTime });
}
