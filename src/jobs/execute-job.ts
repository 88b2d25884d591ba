import type { Logger } from 'pino';
import type { JobRepository } from './job-repository.ts';
import { JobCancelledError, type JobContext, type JobHandler, type JobRecord } from './job-types.ts';
import { ProgressTracker } from './progress-tracker.ts';

export interface ExecuteJobOptions {
  repository: JobRepository;
  logger: Logger;
  handler: JobHandler | undefined;
  runShards: (
    jobId: string,
    signal: AbortSignal,
    shardType: string,
    payloads: unknown[],
    onItems?: (itemsDone: number) => Promise<void>,
  ) => Promise<unknown[]>;
}

/** Runs one job through its whole life in the store: queued → running → succeeded | failed | cancelled. */
export async function executeJob(jobId: string, options: ExecuteJobOptions): Promise<void> {
  const { repository, logger } = options;
  if (!(await repository.markRunning(jobId))) return;
  const job = (await repository.get(jobId)) as JobRecord;
  if (!options.handler) {
    await repository.finish(jobId, 'failed', { error: `No handler is registered for jobs of type '${job.type}'.` });
    return;
  }
  const controller = new AbortController();
  const tracker = new ProgressTracker(jobId, repository, controller);
  const context: JobContext = {
    job,
    signal: controller.signal,
    progress: (update) => tracker.report(update),
    runShards: async <T>(shardType: string, payloads: unknown[], onItems?: (itemsDone: number) => Promise<void>) =>
      (await options.runShards(jobId, controller.signal, shardType, payloads, onItems)) as T[],
  };
  try {
    const result = await options.handler(job.payload, context);
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
