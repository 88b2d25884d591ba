import { Writable } from 'node:stream';
import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLoggerFactory } from './lazy-child-logger.ts';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level: 'info' }, stream) as unknown as FastifyBaseLogger, lines };
}

describe('lazyChildLoggerFactory', () => {
  it('makes the child only when something logs, with the same bindings as a real child', async () => {
    const { logger, lines } = capture();
    const child = vi.spyOn(logger, 'child');
    const requestLogger = lazyChildLoggerFactory(logger, { requestId: 'req_1' }, {});
    expect(child).not.toHaveBeenCalled();
    expect(requestLogger.level).toBe('info');
    requestLogger.debug('not written');
    requestLogger.error({ code: 'boom' }, 'failed');
    requestLogger.info('again');
    await new Promise((resolve) => setImmediate(resolve));
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((line) => [line.requestId, line.code, line.msg])).toEqual([
      ['req_1', 'boom', 'failed'],
      ['req_1', undefined, 'again'],
    ]);
  });

  it('makes a real child at once when the route sets its own level', () => {
    const { logger } = capture();
    const requestLogger = lazyChildLoggerFactory(logger, { requestId: 'req_2' }, { level: 'debug' });
    expect(requestLogger.level).toBe('debug');
  });
});
