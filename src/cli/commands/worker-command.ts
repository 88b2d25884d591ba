import type { Command } from 'commander';
import { createDataWorkbench } from '../../data/data-workbench.ts';
import { BullmqJobRunner } from '../../jobs/bullmq-job-runner.ts';
import { invalidRequest } from '../../util/errors.ts';
import { openStoreFromConfig } from '../open-store-from-config.ts';

/** `kaiyuan worker`: runs queued jobs and their shards from Redis (BullMQ), on any machine sharing store and data directory. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('Run background jobs and shards from Redis (needs REDIS_URL; same DATABASE_URL and data directory as the server)')
    .option('--concurrency <n>', 'shards run at once by this worker', '1')
    .action(async (options: { concurrency: string }) => {
      const opened = await openStoreFromConfig({ logLevel: 'info' });
      const redisUrl = opened.config.redis.url;
      if (!redisUrl) {
        await opened.close();
        throw invalidRequest('kaiyuan worker needs REDIS_URL (or redis.url in kaiyuan.yaml): without Redis, jobs run inside the server.', 'REDIS_URL');
      }
      const shardConcurrency = Math.max(1, Number.parseInt(options.concurrency, 10) || 1);
      const jobs = new BullmqJobRunner({ store: opened.store, logger: opened.logger, redisUrl, prefix: process.env.KAIYUAN_QUEUE_PREFIX, shardConcurrency });
      createDataWorkbench(opened.store, opened.config, opened.logger, jobs);
      await jobs.startWorkers();
      opened.logger.info({ store: opened.store.description, shardConcurrency }, 'worker is running');
      const shutdown = (signal: string) => {
        opened.logger.info({ signal }, 'worker shutting down');
        void jobs.close().then(() => opened.close()).then(() => process.exit(0));
      };
      process.once('SIGINT', () => shutdown('SIGINT'));
      process.once('SIGTERM', () => shutdown('SIGTERM'));
    });
}
