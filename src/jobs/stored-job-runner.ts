import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Store } from '../store/database.ts';
import { executeJob, type JobRegistration, type ShardRun } from './execute-job.ts';
import { preparePayload } from './job-definition.ts';
import { JobRepository } from './job-repository.ts';
import type {
  DependencyArguments,
  EnqueueOptions,
  JobDefinition,
  JobRecord,
  JobRunner,
  ListJobsOptions,
  ShardDefinition,
} from './job-types.ts';

/**
 * What every runner shares: job state in the store (so any replica sees it), the registered job
 * and shard declarations, validation of payloads before they are queued, and running a stored job
 * by id. A runner adds how jobs are queued and how a job's shards are run.
 */
export abstract class StoredJobRunner implements JobRunner {
  abstract readonly kind: JobRunner['kind'];
  protected readonly repository: JobRepository;
  private readonly jobTypes = new Map<string, JobRegistration>();
  private readonly shardTypes = new Map<string, ShardDefinition>();

  constructor(
    store: Store,
    protected readonly logger: Logger,
  ) {
    this.repository = new JobRepository(store);
  }

  register<Schema extends z.ZodType, Dependencies, Result>(
    job: JobDefinition<Schema, Dependencies, Result>,
    ...dependencies: DependencyArguments<Dependencies>
  ): void {
    const known = this.jobTypes.get(job.type);
    if (known && known.definition !== job) throw new Error(`Job type '${job.type}' is declared twice.`);
    this.jobTypes.set(job.type, { definition: job as JobRegistration['definition'], dependencies: dependencies[0] });
  }

  registerShard<Schema extends z.ZodType, Result>(shard: ShardDefinition<Schema, Result>): void {
    const known = this.shardTypes.get(shard.type);
    if (known && known !== shard) throw new Error(`Shard type '${shard.type}' is declared twice.`);
    this.shardTypes.set(shard.type, shard as ShardDefinition);
  }

  async enqueue<Schema extends z.ZodType>(
    job: JobDefinition<Schema, never, unknown>,
    payload: z.input<Schema>,
    options: EnqueueOptions,
  ): Promise<JobRecord> {
    const prepared = preparePayload(job, payload);
    const record = await this.repository.create(job.type, options.orgId, prepared, job.version);
    await this.queue(record);
    return record;
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

  abstract startWorkers(): Promise<void>;
  abstract close(): Promise<void>;

  /** Hands a job just stored as queued to whatever runs jobs. */
  protected abstract queue(job: JobRecord): Promise<void>;

  /** The shard type registered under this name (a worker only knows the name it received). */
  protected shardType(type: string): ShardDefinition | undefined {
    return this.shardTypes.get(type);
  }

  /** Runs the stored job with the declaration of its stored type, looked up now. */
  protected async runStoredJob(jobId: string): Promise<void> {
    const job = await this.repository.get(jobId);
    if (!job) return;
    await executeJob(jobId, {
      repository: this.repository,
      logger: this.logger,
      registration: this.jobTypes.get(job.type),
      runShards: (run) => this.runShards(run),
    });
  }

  /** Runs validated payloads of a shard type and returns the results in order. */
  protected abstract runShards(run: ShardRun): Promise<unknown[]>;
}
