import type { Command } from 'commander';
import { startServer, type RunningServer } from '../../main.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the platform: API, console and background jobs (PORT, KAIYUAN_DATA_DIR, KAIYUAN_CONFIG)')
    .action(async () => {
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
    });
}
