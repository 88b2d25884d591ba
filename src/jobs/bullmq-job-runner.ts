import type { Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Store } from '../store/database.ts';
import type { ShardRun } from './execute-job.ts';
import { readPayload } from './job-definition.ts';
import type { JobRecord, ShardContext } from './job-types.ts';
import { JobCancelledError } from './job-types.ts';
import { CancellationWatcher } from './progress-tracker.ts';
import { StoredJobRunner } from './stored-job-runner.ts';
import { loadOnFirstUse } from '../util/load-on-first-use.ts';

export interface BullmqJobRunnerOptions {
  store: Store;
  logger: Logger;
  redisUrl: string;
  /** Redis key prefix of the queues (default `kaiyuan`); tests use a unique one. */
  prefix?: string;
  /** Jobs one worker process runs at once (default 2: a parent waits while its shards run). */
  jobConcurrency?: number;
  /** Shards one worker process runs at once (default 1: shards are CPU-bound). */
  shardConcurrency?: number;
}

/** What a shard carries on Redis; shards queued before versions existed have none (version 1). */
export interface ShardData {
  parentJobId: string;
  payload: unknown;
  version?: number;
}

/** The two queues on Redis (under the prefix): job ids, and shards with their payloads. */
export const JOBS_QUEUE = 'kaiyuan-jobs';
export const SHARDS_QUEUE = 'kaiyuan-shards';
const POLL_MS = 250;
/** BullMQ (with its Lua scripts and backends), loaded when a runner on Redis is made, not by every server. */
const bullmq = loadOnFirstUse<typeof import('bullmq')>('bullmq');

/**
 * Jobs on BullMQ: the state lives in the store like in-process, BullMQ only carries the job id.
 * A job's shards go to a second queue, so any `kaiyuan worker` on any machine runs them; the
 * parent collects their results in order, so the outcome equals a single-process run.
 * Dataset files must be on storage every worker sees (the same data directory).
 */
export class BullmqJobRunner extends StoredJobRunner {
  readonly kind = 'bullmq' as const;
  private readonly connection: Redis;
  private readonly jobsQueue: Queue;
  private readonly shardsQueue: Queue;
  private readonly workers: Worker[] = [];

  constructor(private readonly options: BullmqJobRunnerOptions) {
    super(options.store, options.logger);
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => options.logger.warn({ err: error }, 'redis connection error (jobs)'));
    const prefix = options.prefix ?? 'kaiyuan';
    const { Queue } = bullmq();
    this.jobsQueue = new Queue(JOBS_QUEUE, { connection: this.connection, prefix });
    this.shardsQueue = new Queue(SHARDS_QUEUE, { connection: this.connection, prefix });
  }

  protected async queue(job: JobRecord): Promise<void> {
    await this.jobsQueue.add(
      job.type,
      { jobId: job.id },
      { jobId: job.id, removeOnComplete: { age: 86_400 }, removeOnFail: { age: 7 * 86_400 } },
    );
  }

  /** Starts a worker for jobs and one for shards in this process (`kaiyuan worker`, or the server itself). */
  async startWorkers(): Promise<void> {
    if (this.workers.length > 0) return;
    const prefix = this.options.prefix ?? 'kaiyuan';
    const common = { connection: this.connection, prefix, lockDuration: 120_000, stalledInterval: 60_000 };
    const { Worker } = bullmq();
    const jobsWorker = new Worker(JOBS_QUEUE, (job: Job) => this.processJob(job), {
      ...common,
      concurrency: this.options.jobConcurrency ?? 2,
    });
    const shardsWorker = new Worker(SHARDS_QUEUE, (job: Job) => this.processShard(job), {
      ...common,
      concurrency: this.options.shardConcurrency ?? 1,
    });
    for (const worker of [jobsWorker, shardsWorker]) {
      worker.on('error', (error) => this.options.logger.warn({ err: error }, 'job worker error'));
      this.workers.push(worker);
    }
    await Promise.all(this.workers.map((worker) => worker.waitUntilReady()));
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    await Promise.allSettled([this.jobsQueue.close(), this.shardsQueue.close()]);
    this.connection.disconnect();
  }

  private async processJob(job: Job): Promise<void> {
    await this.runStoredJob(String((job.data as { jobId: string }).jobId));
  }

  /** Runs one shard; a payload this worker cannot read fails the shard (and so its job) with the reason. */
  private async processShard(job: Job): Promise<unknown> {
    const data = job.data as ShardData;
    const shard = this.shardType(job.name);
    if (!shard) throw new Error(`No handler is registered for shards of type '${job.name}' on this worker.`);
    const reading = readPayload(shard, data.payload, data.version ?? 1);
    if (!reading.ok) {
      this.options.logger.warn({ parentJobId: data.parentJobId, type: job.name }, reading.error);
      throw new Error(reading.error);
    }
    const controller = new AbortController();
    const watcher = new CancellationWatcher(data.parentJobId, this.repository, controller);
    let lastReport = 0;
    const context: ShardContext = {
      parentJobId: data.parentJobId,
      signal: controller.signal,
      reportItems: async (itemsDone) => {
        await watcher.check();
        const now = Date.now();
        if (now - lastReport < POLL_MS) return;
        lastReport = now;
        await job.updateProgress(itemsDone);
      },
    };
    const result = await shard.handler(reading.payload, context);
    return result ?? null;
  }

  protected async runShards({ parentJobId, signal, shard, payloads, onItems }: ShardRun): Promise<unknown[]> {
    const batch = `${parentJobId}-${Date.now().toString(36)}`;
    const children = await this.shardsQueue.addBulk(
      payloads.map((payload, index) => ({
        name: shard.type,
        data: { parentJobId, payload, version: shard.version } satisfies ShardData,
        opts: { jobId: `${batch}-${index}`, removeOnComplete: { age: 3_600 }, removeOnFail: { age: 86_400 } },
      })),
    );
    const ids = children.map((child) => child.id!);
    const results: unknown[] = new Array(ids.length);
    const done = new Array<boolean>(ids.length).fill(false);
    for (;;) {
      if (signal.aborted) {
        await Promise.allSettled(ids.map((id, index) => (done[index] ? null : this.shardsQueue.remove(id))));
        throw new JobCancelledError(parentJobId);
      }
      let items = 0;
      for (let index = 0; index < ids.length; index++) {
        const child = await this.shardsQueue.getJob(ids[index]!);
        if (!child) throw new Error(`Shard ${ids[index]} of job ${parentJobId} disappeared from the queue.`);
        if (!done[index]) {
          const state = await child.getState();
          if (state === 'failed') throw new Error(`Shard ${index + 1}/${ids.length} failed: ${child.failedReason}`);
          if (state === 'completed') {
            // Re-read: the job may have completed between the fetch above and getState().
            const completed = await this.shardsQueue.getJob(ids[index]!);
            if (completed && completed.returnvalue !== null && completed.returnvalue !== undefined) {
              done[index] = true;
              results[index] = completed.returnvalue;
            }
          }
        }
        items += typeof child.progress === 'number' ? child.progress : 0;
      }
      if (done.every(Boolean)) return results;
      if (onItems) await onItems(items);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
