import type { Command } from 'commander';
import { startServer } from '../../main.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the platform: API, console and background jobs (PORT, KAIYUAN_DATA_DIR, KAIYUAN_CONFIG)')
    .action(async () => {
      const server = await startServer();
      const shutdown = (signal: string) => {
        server.logger.info({ signal }, 'shutting down');
        void server.close().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
