import cluster from 'node:cluster';
import type { Command } from 'commander';
import { createPrimary } from '../../cluster/cluster-primary.ts';
import { primaryWritesMetering } from '../../cluster/metering-owner.ts';
import { workerSlot } from '../../cluster/primary-link.ts';
import { workerCount } from '../../cluster/worker-count.ts';
import { loadConfig } from '../../config/load-config.ts';
import { createLogger } from '../../util/logger.ts';
import { startServer, type RunningServer } from '../../main.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the platform: API, console and background jobs (PORT, KAIYUAN_DATA_DIR, KAIYUAN_CONFIG)')
    .option('--workers <count>', 'request processes on the one port: a number or auto (one per core); KAIYUAN_WORKERS')
    .action(async (options: { workers?: string }) => {
      const slot = workerSlot();
      if (slot !== null) return serveAsWorker(slot);
      let workers: number;
      let config;
      try {
        config = loadConfig().config;
        workers = workerCount(options.workers ?? config.server.workers);
      } catch (error) {
        process.stderr.write(`kaiyuan: ${(error as Error).message}\n`);
        process.exit(1);
      }
      if (workers === 1) return serveInThisProcess();
      if (!cluster.isPrimary) throw new Error('unreachable: a worker without a slot');
      const logger = createLogger(config.logging.level, 'kaiyuan-primary');
      const primary = createPrimary({
        workers,
        logger,
        shutdownGraceMs: config.server.shutdownGraceMs,
        metering: primaryWritesMetering(config.database.url)
          ? {
              storeUrl: config.database.url,
              dataDir: config.dataDir,
              requestLog: config.requestLog.enabled ? config.requestLog : null,
            }
          : null,
      });
      // Signals are handled from the start: a SIGHUP while workers start must not end the primary.
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down: every worker drains its requests and flushes metering');
        void primary.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGHUP', () => {
        if (!stopping) void primary.reload().catch((error) => logger.error({ err: error }, 'reload failed'));
      });
      try {
        await primary.start();
      } catch (error) {
        process.stderr.write(`kaiyuan: ${(error as Error).message}\n`);
        await primary.stop();
        process.exit(1);
      }
    });
}

/** One process serves everything (the default). */
async function serveInThisProcess(): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer();
  } catch (error) {
    // E.g. the port is taken: say so and exit non-zero instead of running on, serving nothing.
    process.stderr.write(`kaiyuan: ${(error as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down: draining requests in flight, then flushing metering');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        server.logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

/**
 * One worker of `--workers N`: serves like a single process (its own store connection and
 * metering writer, which commits before the last bytes of each answer), with the shared counters
 * in the primary. It stops gracefully when the primary says so (reload, shutdown) or is gone.
 * Signals from a terminal's process group go to the primary, which stops the workers in order.
 */
async function serveAsWorker(slot: number): Promise<void> {
  let server: RunningServer;
  try {
    server = await startServer({ singletonWork: slot === 1 });
  } catch (error) {
    process.stderr.write(`kaiyuan worker ${slot}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  let stopping = false;
  const stop = async (reason: string, lingerMs: number) => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ reason, slot }, 'worker stopping: draining requests in flight, then flushing metering');
    // Closing the port drops idle keep-alive connections at once, and a client may be sending on
    // one right then. First, for a moment, every answer closes its connection: busy clients move to
    // the other workers on their own, and only then is the server closed.
    server.app.announceClose();
    if (lingerMs > 0) await new Promise((resolve) => setTimeout(resolve, lingerMs));
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('message', (message: unknown) => {
    if ((message as { kaiyuan?: string } | null)?.kaiyuan === 'stop') void stop('asked by the primary', 1_500);
  });
  process.once('disconnect', () => void stop('the primary is gone', 0));
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  process.once('SIGTERM', () => void stop('SIGTERM', 0));
  process.send?.({ kaiyuan: 'ready', url: server.url });
}
