import type { Logger } from 'pino';
import type { z } from 'zod';
import { preparePayload, readPayload } from './job-definition.ts';
import type { JobRepository } from './job-repository.ts';
import {
  JobCancelledError,
  type JobContext,
  type JobDefinition,
  type JobRecord,
  type ShardDefinition,
} from './job-types.ts';
import { ProgressTracker } from './progress-tracker.ts';

/** A job type as a runner knows it: the declaration and what its handler needs. */
export interface JobRegistration {
  definition: JobDefinition<z.ZodType, unknown, unknown>;
  dependencies: unknown;
}

/** Shards a job asks for: validated payloads of one shard type. */
export interface ShardRun {
  parentJobId: string;
  /** Aborted when the parent job is cancelled. */
  signal: AbortSignal;
  shard: ShardDefinition;
  payloads: unknown[];
  /** Items processed by all shards so far. */
  onItems?: (itemsDone: number) => Promise<void>;
}

export interface ExecuteJobOptions {
  repository: JobRepository;
  logger: Logger;
  registration: JobRegistration | undefined;
  runShards: (run: ShardRun) => Promise<unknown[]>;
}

/**
 * Runs one job through its whole life in the store: queued → running → succeeded | failed |
 * cancelled. The stored payload is read with its declaration first (upgraded when it is older); one
 * that cannot be read fails the job with a message saying why, and never reaches the handler.
 */
export async function executeJob(jobId: string, options: ExecuteJobOptions): Promise<void> {
  const { repository, logger, registration } = options;
  if (!(await repository.markRunning(jobId))) return;
  const job = (await repository.get(jobId)) as JobRecord;
  if (!registration) {
    await repository.finish(jobId, 'failed', { error: `No handler is registered for jobs of type '${job.type}'.` });
    return;
  }
  const reading = readPayload(registration.definition, job.payload, job.payloadVersion);
  if (!reading.ok) {
    logger.warn({ jobId, type: job.type, payloadVersion: job.payloadVersion }, reading.error);
    await repository.finish(jobId, 'failed', { error: reading.error });
    return;
  }
  const controller = new AbortController();
  const tracker = new ProgressTracker(jobId, repository, controller);
  const context: JobContext = {
    job,
    signal: controller.signal,
    progress: (update) => tracker.report(update),
    runShards: async <Schema extends z.ZodType, Result>(
      shard: ShardDefinition<Schema, Result>,
      payloads: Array<z.input<Schema>>,
      onItems?: (itemsDone: number) => Promise<void>,
    ) => {
      const prepared = payloads.map((payload) => preparePayload(shard, payload));
      const run = {
        parentJobId: jobId,
        signal: controller.signal,
        shard: shard as ShardDefinition,
        payloads: prepared,
        onItems,
      };
      return (await options.runShards(run)) as Result[];
    },
  };
  try {
    const result = await registration.definition.handler(reading.payload, context, registration.dependencies);
    // The last reports may have been throttled: store the final counts.
    await repository.saveProgress(jobId, tracker.snapshot);
    await repository.finish(jobId, 'succeeded', { result: result ?? null });
  } catch (error) {
    if (
      error instanceof JobCancelledError ||
      controller.signal.aborted ||
      (await repository.isCancelRequested(jobId))
    ) {
      await repository.finish(jobId, 'cancelled', { error: 'Cancelled by request.' });
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    logger.warn({ jobId, type: job.type, err: error }, 'job failed');
    await repository.finish(jobId, 'failed', { error: message });
  }
}
