import type { Logger } from 'pino';
import type { Store } from '../store/database.ts';
import type { ShardRun } from './execute-job.ts';
import type { JobRecord, ShardContext } from './job-types.ts';
import { CancellationWatcher } from './progress-tracker.ts';
import { StoredJobRunner } from './stored-job-runner.ts';

export interface InProcessJobRunnerOptions {
  store: Store;
  logger: Logger;
  /** Jobs run at the same time (default 1: data jobs are CPU-bound). */
  concurrency?: number;
  /**
   * startWorkers() also takes over jobs a previous process left queued in the store (the server:
   * yes; a CLI command, which runs only its own jobs: no).
   */
  resumeQueued?: boolean;
}

/** The default runner: jobs run in this process, shards one after another, state in the store. */
export class InProcessJobRunner extends StoredJobRunner {
  readonly kind = 'in-process' as const;
  private readonly pending: string[] = [];
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly options: InProcessJobRunnerOptions) {
    super(options.store, options.logger);
  }

  protected async queue(job: JobRecord): Promise<void> {
    this.pending.push(job.id);
    this.pump();
  }

  async startWorkers(): Promise<void> {
    if (!this.options.resumeQueued) return;
    const queued = await this.repository.queuedJobIds();
    const known = new Set(this.pending);
    for (const jobId of queued) if (!known.has(jobId)) this.pending.push(jobId);
    if (queued.length > 0) this.options.logger.info({ jobs: queued.length }, 'resuming jobs left queued');
    this.pump();
  }

  /** Resolves when no job is queued or running in this process (tests, CLI). */
  async whenIdle(): Promise<void> {
    while (this.running.size > 0) await Promise.race(this.running);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pending.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 1;
    while (!this.closed && this.running.size < limit && this.pending.length > 0) {
      const jobId = this.pending.shift()!;
      // The declaration is looked up when the job starts, by its stored type.
      const tracked = this.start(jobId).finally(() => {
        this.running.delete(tracked);
        this.pump();
      });
      this.running.add(tracked);
    }
  }

  private async start(jobId: string): Promise<void> {
    await this.runStoredJob(jobId).catch((error: unknown) =>
      this.options.logger.error({ err: error, jobId }, 'job runner failed'),
    );
  }

  protected async runShards({ parentJobId, signal, shard, payloads, onItems }: ShardRun): Promise<unknown[]> {
    if (!this.shardType(shard.type)) throw new Error(`No handler is registered for shards of type '${shard.type}'.`);
    const results: unknown[] = [];
    let finishedItems = 0;
    for (const payload of payloads) {
      const controller = new AbortController();
      signal.addEventListener('abort', () => controller.abort(), { once: true });
      const watcher = new CancellationWatcher(parentJobId, this.repository, controller);
      let shardItems = 0;
      const context: ShardContext = {
        parentJobId,
        signal: controller.signal,
        reportItems: async (itemsDone) => {
          shardItems = itemsDone;
          await watcher.check();
          if (onItems) await onItems(finishedItems + shardItems);
        },
      };
      results.push(await shard.handler(payload, context));
      finishedItems += shardItems;
    }
    return results;
  }
}
