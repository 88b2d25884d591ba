/** The job runner contract: typed background jobs with progress, cancellation and org scoping. */

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
   * Runs shard tasks of the given shard type and returns their results in order. In-process
   * they run here one after another; on BullMQ they run on any `kaiyuan worker`.
   * `onItems` receives the items processed by all shards so far.
   */
  runShards<T>(shardType: string, payloads: unknown[], onItems?: (itemsDone: number) => Promise<void>): Promise<T[]>;
}

/** What a shard handler receives. */
export interface ShardContext {
  parentJobId: string;
  signal: AbortSignal;
  /** Reports the number of items this shard processed so far; throws JobCancelledError when cancelled. */
  reportItems(itemsDone: number): Promise<void>;
}

export type JobHandler = (payload: unknown, context: JobContext) => Promise<unknown>;
export type ShardHandler = (payload: unknown, context: ShardContext) => Promise<unknown>;

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
  registerHandler(type: string, handler: JobHandler): void;
  registerShardHandler(type: string, handler: ShardHandler): void;
  enqueue(type: string, payload: unknown, options: EnqueueOptions): Promise<JobRecord>;
  /** The job, or null when it does not exist or belongs to another organization (orgId given). */
  get(jobId: string, orgId?: string): Promise<JobRecord | null>;
  list(orgId: string, options?: ListJobsOptions): Promise<JobRecord[]>;
  /** Cancels a queued or running job; returns the job as it is after the request. */
  cancel(jobId: string, orgId?: string): Promise<JobRecord | null>;
  /** Starts processing jobs (in-process: immediately at construction; BullMQ: starts workers). */
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
