import type { Logger } from 'pino';
import type { Store } from '../store/database.ts';
import { executeJob } from './execute-job.ts';
import { JobRepository } from './job-repository.ts';
import type { EnqueueOptions, JobHandler, JobRecord, JobRunner, ListJobsOptions, ShardHandler } from './job-types.ts';

/**
 * What every runner shares: job state in the store (so any replica sees it), the handler
 * registries, and running a stored job by id. A runner adds how jobs are queued and how a job's
 * shards are run.
 */
export abstract class StoredJobRunner implements JobRunner {
  abstract readonly kind: JobRunner['kind'];
  protected readonly repository: JobRepository;
  protected readonly handlers = new Map<string, JobHandler>();
  protected readonly shardHandlers = new Map<string, ShardHandler>();

  constructor(
    store: Store,
    protected readonly logger: Logger,
  ) {
    this.repository = new JobRepository(store);
  }

  registerHandler(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  registerShardHandler(type: string, handler: ShardHandler): void {
    this.shardHandlers.set(type, handler);
  }

  get(jobId: string, orgId?: string): Promise<JobRecord | null> {
    return this.repository.get(jobId, orgId);
  }

  list(orgId: string, options?: ListJobsOptions): Promise<JobRecord[]> {
    return this.repository.list(orgId, options);
  }

  cancel(jobId: string, orgId?: string): Promise<JobRecord | null> {
    return this.repository.requestCancel(jobId, orgId);
  }

  abstract enqueue(type: string, payload: unknown, options: EnqueueOptions): Promise<JobRecord>;
  abstract startWorkers(): Promise<void>;
  abstract close(): Promise<void>;

  /** Runs the stored job with the handler of its type (looked up now, by the stored type). */
  protected async runStoredJob(jobId: string): Promise<void> {
    const job = await this.repository.get(jobId);
    if (!job) return;
    await executeJob(jobId, {
      repository: this.repository,
      logger: this.logger,
      handler: this.handlers.get(job.type),
      runShards: (parentJobId, signal, shardType, payloads, onItems) =>
        this.runShards(parentJobId, signal, shardType, payloads, onItems),
    });
  }

  protected abstract runShards(
    parentJobId: string,
    signal: AbortSignal,
    shardType: string,
    payloads: unknown[],
    onItems?: (itemsDone: number) => Promise<void>,
  ): Promise<unknown[]>;
}
