import type { Command } from 'commander';
import { loadConfig } from '../../config/load-config.ts';
import { createPlatform } from '../../main.ts';
import { invalidRequest } from '../../util/errors.ts';

/**
 * `kaiyuan worker`: runs queued jobs and their shards from Redis (BullMQ), on any machine sharing
 * store and data directory. It builds the whole platform (gateway included), so data jobs and
 * model-assisted labeling jobs both run here.
 */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(
      'Run background jobs and shards from Redis (needs REDIS_URL; same DATABASE_URL and data directory as the server)',
    )
    .option('--concurrency <n>', 'shards run at once by this worker', '1')
    .action(async (options: { concurrency: string }) => {
      const { config } = loadConfig();
      if (!config.redis.url) {
        throw invalidRequest(
          'kaiyuan worker needs REDIS_URL (or redis.url in kaiyuan.yaml): without Redis, jobs run inside the server.',
          'REDIS_URL',
        );
      }
      const shardConcurrency = Math.max(1, Number.parseInt(options.concurrency, 10) || 1);
      const platform = await createPlatform({ config, command: true, shardConcurrency });
      platform.logger.info({ store: platform.store.description, shardConcurrency }, 'worker is running');
      const shutdown = (signal: string) => {
        platform.logger.info({ signal }, 'worker shutting down');
        void platform.close().then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
