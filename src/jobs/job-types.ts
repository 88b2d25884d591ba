import type { z } from 'zod';

/** The job runner contract: declared, typed background jobs with progress, cancellation and org scoping. */

import type { JobStatus } from '../api-contract/formats.ts';
import type { JobProgress } from '../api-contract/jobs.ts';

export { jobStatuses, type JobStatus } from '../api-contract/formats.ts';
export type { JobProgress } from '../api-contract/jobs.ts';

export interface JobRecord {
  id: string;
  orgId: string;
  type: string;
  status: JobStatus;
  payload: unknown;
  /** The schema version of the job type the payload was written in (see job-definition.ts). */
  payloadVersion: number;
  progress: JobProgress;
  result: unknown;
  error: string | null;
  cancelRequested: boolean;
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  updatedAt: number;
}

export interface ProgressUpdate {
  itemsDone: number;
  itemsTotal?: number | null;
  stage?: string | null;
}

/** What a job handler receives. */
export interface JobContext {
  job: JobRecord;
  /** Aborted when the job is cancelled. */
  signal: AbortSignal;
  /** Reports progress (throttled to the store); throws JobCancelledError when the job was cancelled. */
  progress(update: ProgressUpdate): Promise<void>;
  /**
   * Runs shard tasks of a declared shard type and returns their results in order; every payload is
   * validated first. In-process they run here one after another; on BullMQ they run on any
   * `kaiyuan worker`. `onItems` receives the items processed by all shards so far.
   */
  runShards<Schema extends z.ZodType, Result>(
    shard: ShardDefinition<Schema, Result>,
    payloads: Array<z.input<Schema>>,
    onItems?: (itemsDone: number) => Promise<void>,
  ): Promise<Result[]>;
}

/** What a shard handler receives. */
export interface ShardContext {
  parentJobId: string;
  signal: AbortSignal;
  /** Reports the number of items this shard processed so far; throws JobCancelledError when cancelled. */
  reportItems(itemsDone: number): Promise<void>;
}

/**
 * A payload version older than the current one that this code still reads: that version's schema
 * and the step that turns it into the next version.
 */
export interface PayloadUpgrade {
  /** The version this step reads; it produces version `from + 1`. */
  from: number;
  schema: z.ZodType;
  upgrade(payload: unknown): unknown;
}

/** What jobs and shards declare about their payload: it outlives deploys (in the store, on Redis). */
export interface PayloadDeclaration<Schema extends z.ZodType> {
  /** Stable name, stored with every job (e.g. `data.import`). */
  readonly type: string;
  /** The current schema version (1, 2, …): stored with every payload written by this code. */
  readonly version: number;
  /** The payload of the current version. */
  readonly schema: Schema;
  /** How payloads of older versions still queued become current ones (oldest first). */
  readonly upgrades: readonly PayloadUpgrade[];
}

/** A background job type, declared once (defineJob): payload schema, versions and handler. */
export interface JobDefinition<
  Schema extends z.ZodType = z.ZodType,
  Dependencies = unknown,
  Result = unknown,
> extends PayloadDeclaration<Schema> {
  readonly kind: 'job';
  handler(payload: z.output<Schema>, context: JobContext, dependencies: Dependencies): Promise<Result>;
}

/** A shard type (a piece of a job any worker can run), declared once (defineShard). */
export interface ShardDefinition<
  Schema extends z.ZodType = z.ZodType,
  Result = unknown,
> extends PayloadDeclaration<Schema> {
  readonly kind: 'shard';
  handler(payload: z.output<Schema>, context: ShardContext): Promise<Result>;
}

/** The dependencies a job's handler needs, as register() takes them (none for `void`). */
export type DependencyArguments<Dependencies> = [Dependencies] extends [void] ? [] : [dependencies: Dependencies];

export interface EnqueueOptions {
  orgId: string;
}

export interface ListJobsOptions {
  type?: string;
  status?: JobStatus;
  limit?: number;
}

export interface JobRunner {
  readonly kind: 'in-process' | 'bullmq';
  /** Runs jobs of this type here, with these dependencies (a second definition of a type is an error). */
  register<Schema extends z.ZodType, Dependencies, Result>(
    job: JobDefinition<Schema, Dependencies, Result>,
    ...dependencies: DependencyArguments<Dependencies>
  ): void;
  registerShard<Schema extends z.ZodType, Result>(shard: ShardDefinition<Schema, Result>): void;
  /**
   * Validates the payload against the job's current schema (a 400 `invalid_job_payload` naming the
   * field, and nothing queued, when it does not fit) and queues the job.
   */
  enqueue<Schema extends z.ZodType>(
    job: JobDefinition<Schema, never, unknown>,
    payload: z.input<Schema>,
    options: EnqueueOptions,
  ): Promise<JobRecord>;
  /** The job, or null when it does not exist or belongs to another organization (orgId given). */
  get(jobId: string, orgId?: string): Promise<JobRecord | null>;
  list(orgId: string, options?: ListJobsOptions): Promise<JobRecord[]>;
  /** Cancels a queued or running job; returns the job as it is after the request. */
  cancel(jobId: string, orgId?: string): Promise<JobRecord | null>;
  /**
   * Starts processing jobs: BullMQ starts its workers; in-process jobs run from the moment they are
   * queued, and this also takes over jobs a previous process left queued in the store (if enabled).
   */
  startWorkers(): Promise<void>;
  close(): Promise<void>;
}

export class JobCancelledError extends Error {
  constructor(jobId: string) {
    super(`Job ${jobId} was cancelled.`);
    this.name = 'JobCancelledError';
  }
}

export function isTerminal(status: JobStatus): boolean {
  return status === 'succeeded' || status === 'failed' || status === 'cancelled';
}
