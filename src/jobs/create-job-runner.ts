import type { Logger } from 'pino';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import type { Store } from '../store/database.ts';
import { BullmqJobRunner } from './bullmq-job-runner.ts';
import { InProcessJobRunner } from './in-process-job-runner.ts';
import type { JobRunner } from './job-types.ts';

export interface CreateJobRunnerOptions {
  /** Queue key prefix on Redis (tests use a unique one); default `jobs.queuePrefix`. */
  prefix?: string;
  /** Shards a BullMQ worker runs at once (`kaiyuan worker --concurrency`). */
  shardConcurrency?: number;
  /** In-process: take over jobs left queued in the store when workers start (the server, not CLI commands). */
  resumeQueued?: boolean;
}

/** In-process by default; BullMQ when the config has a Redis URL (REDIS_URL). */
export function createJobRunner(
  store: Store,
  config: KaiyuanConfig,
  logger: Logger,
  options: CreateJobRunnerOptions = {},
): JobRunner {
  const redisUrl = config.redis.url;
  if (redisUrl)
    return new BullmqJobRunner({
      store,
      logger,
      redisUrl,
      prefix: options.prefix ?? config.jobs.queuePrefix,
      shardConcurrency: options.shardConcurrency,
    });
  return new InProcessJobRunner({ store, logger, resumeQueued: options.resumeQueued });
}
