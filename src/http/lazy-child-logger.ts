import type { FastifyBaseLogger } from 'fastify';

type Bindings = Record<string, unknown>;
type LogArguments = [unknown, ...unknown[]];
type LogMethod = (...args: LogArguments) => void;

/**
 * A request's logger that makes its pino child only when something logs through it. Fastify
 * makes a child logger (bindings serialized, levels set up) for every request; the inference
 * routes almost never log through request.log (the service writes its own line), so the child was
 * pure cost on the hot path. The output, once something logs, is the same child's.
 */
class LazyChildLogger {
  private made: FastifyBaseLogger | null = null;

  constructor(
    private readonly parent: FastifyBaseLogger,
    private readonly bindings: Bindings,
    private readonly options: object,
  ) {}

  private get logger(): FastifyBaseLogger {
    return (this.made ??= this.parent.child(this.bindings, this.options));
  }

  get level(): string {
    return this.made ? this.made.level : this.parent.level;
  }

  set level(level: string) {
    this.logger.level = level;
  }

  fatal(...args: LogArguments): void {
    (this.logger.fatal as LogMethod)(...args);
  }

  error(...args: LogArguments): void {
    (this.logger.error as LogMethod)(...args);
  }

  warn(...args: LogArguments): void {
    (this.logger.warn as LogMethod)(...args);
  }

  info(...args: LogArguments): void {
    (this.logger.info as LogMethod)(...args);
  }

  debug(...args: LogArguments): void {
    (this.logger.debug as LogMethod)(...args);
  }

  trace(...args: LogArguments): void {
    (this.logger.trace as LogMethod)(...args);
  }

  silent(...args: LogArguments): void {
    (this.logger.silent as LogMethod)(...args);
  }

  child(bindings: Bindings, options?: object): FastifyBaseLogger {
    return this.logger.child(bindings, options);
  }
}

/** Fastify's childLoggerFactory: a lazy child unless the route sets its own level or serializers. */
export function lazyChildLoggerFactory(
  logger: FastifyBaseLogger,
  bindings: Bindings,
  options: { level?: string; serializers?: unknown },
): FastifyBaseLogger {
  if (options.level || options.serializers) return logger.child(bindings, options as object);
  return new LazyChildLogger(logger, bindings, options) as unknown as FastifyBaseLogger;
}
