import type { Logger } from 'pino';
import { z } from 'zod';
import type { Principal } from '../accounts/principal.ts';
import type { BatchesConfig } from '../config/config-schema.ts';
import type { InferenceService } from '../inference/inference-service.ts';
import { defineJob } from '../jobs/job-definition.ts';
import { CancelSource } from '../util/cancel-signal.ts';
import { finalizeBatch, type FinalStatus } from './batch-finalizer.ts';
import { readBatchInput, type BatchLine } from './batch-input.ts';
import { runBatchLine } from './batch-line-runner.ts';
import type { BatchRepository, BatchRow } from './batch-repository.ts';
import type { FileRepository } from './file-repository.ts';

export interface BatchJobDependencies {
  batches: BatchRepository;
  files: FileRepository;
  inference: InferenceService;
  config: BatchesConfig;
  logger: Logger;
  /** This process's name on leases. */
  owner: string;
  /** Queues the next slice of the batch (after this one released its lease). */
  continueBatch(batch: { id: string; org_id: string }): Promise<void>;
}

export interface BatchSliceResult {
  batchId: string;
  /** Lines this slice ran to a result. */
  lines: number;
  /** What the slice ended with. */
  outcome: 'leased_elsewhere' | 'continued' | 'finished' | 'nothing_to_do';
}

/**
 * One slice of a batch: take the batch's lease, run lines not done yet (a few at a time, through
 * the normal request path) until all are done, the slice's time is up, or the batch is cancelled
 * or expires; then finalize, or queue the next slice. Slices keep a long batch from holding a job
 * worker for hours, and any slice on any process resumes where the last one stopped: results are
 * stored per line, once.
 */
export const batchSliceJob = defineJob({
  type: 'batches.run',
  version: 1,
  schema: z.object({ batchId: z.string().min(1) }),
  handler: (payload, _context, dependencies: BatchJobDependencies) => runSlice(payload.batchId, dependencies),
});

async function runSlice(batchId: string, dependencies: BatchJobDependencies): Promise<BatchSliceResult> {
  const { batches, config, owner } = dependencies;
  const leaseMs = config.leaseSeconds * 1000;
  if (!(await batches.claimLease(batchId, owner, Date.now() + leaseMs, Date.now())))
    return { batchId, lines: 0, outcome: 'leased_elsewhere' };
  const stop = new CancelSource();
  const renew = setInterval(
    () => {
      batches
        .claimLease(batchId, owner, Date.now() + leaseMs, Date.now())
        .then((held) => held || stop.abort(new Error('the lease of the batch was lost')))
        .catch(() => undefined);
    },
    Math.max(200, leaseMs / 3),
  );
  let continued = false;
  try {
    const result = await runLeased(batchId, stop, dependencies);
    continued = result.outcome === 'continued';
    return result;
  } finally {
    clearInterval(renew);
    stop.abort(new Error('the slice ended'));
    if (continued) {
      const batch = await batches.get(batchId);
      await batches.releaseLease(batchId, owner);
      if (batch) await dependencies.continueBatch(batch);
    } else await batches.releaseLease(batchId, owner);
  }
}

async function runLeased(batchId: string, stop: CancelSource, dependencies: BatchJobDependencies) {
  const { batches, files, config } = dependencies;
  let batch = await batches.get(batchId);
  if (!batch || !['validating', 'in_progress', 'finalizing', 'cancelling'].includes(batch.status))
    return { batchId, lines: 0, outcome: 'nothing_to_do' as const };
  const content = await files.content(batch.org_id, batch.input_file_id);
  const reading = content === null ? null : readBatchInput(content, { maxLines: Number.POSITIVE_INFINITY });
  if (!reading || !reading.ok) {
    const message = reading ? 'The input file no longer reads as a batch file.' : 'The input file was deleted.';
    await batches.transition(batchId, ['validating', 'in_progress', 'finalizing', 'cancelling'], {
      status: 'failed',
      failed_at: Date.now(),
      errors: JSON.stringify([{ code: 'input_file_unavailable', message, param: 'input_file_id', line: null }]),
    });
    return { batchId, lines: 0, outcome: 'finished' as const };
  }
  const lines = reading.lines;
  const finish = async (status: FinalStatus) => {
    await finalizeBatch(batch!, lines, status, { batches, files, retentionDays: config.outputRetentionDays });
    return { batchId, lines: ran, outcome: 'finished' as const };
  };
  let ran = 0;
  if (batch.status === 'validating')
    await batches.transition(batchId, ['validating'], { status: 'in_progress', in_progress_at: Date.now() });
  if (batch.status === 'cancelling') return finish('cancelled');
  if (Date.now() >= batch.expires_at) return finish('expired');
  if (batch.status === 'finalizing') return finish('completed');

  const done = await batches.doneLines(batchId);
  const todo = lines.filter((line) => !done.has(line.index));
  const sliceEnds = Date.now() + config.sliceSeconds * 1000;
  let next = 0;
  let ended: 'cancelled' | 'expired' | 'slice' | null = null;
  // Checked twice a second, also while every line waits out a rate limit: a cancel, the end of
  // the completion window (read anew) and the end of the slice stop the lines in flight.
  const watch = setInterval(() => {
    if (Date.now() >= sliceEnds) end('slice');
    void batches
      .get(batchId)
      .then((current) => {
        if (current?.status === 'cancelling') end('cancelled');
        else if (current && Date.now() >= current.expires_at) end('expired');
      })
      .catch(() => undefined);
  }, 500);
  const end = (why: 'cancelled' | 'expired' | 'slice') => {
    ended ??= why;
    stop.abort(new Error(`the batch slice ended: ${why}`));
  };
  const principal = JSON.parse(batch.principal) as Principal;
  const worker = async () => {
    while (!stop.aborted && next < todo.length) {
      const now = Date.now();
      if (now >= batch!.expires_at) return end('expired');
      if (now >= sliceEnds) return end('slice');
      const line: BatchLine = todo[next++]!;
      const result = await runBatchLine(line, { inference: dependencies.inference, principal, batchId, stop });
      if (!result) return;
      await batches.recordResult(batchId, line.index, result.succeeded, result.line);
      ran++;
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(config.concurrency, Math.max(1, todo.length)) }, worker));
  } finally {
    clearInterval(watch);
  }
  batch = (await batches.get(batchId)) ?? batch;
  if (ended === 'cancelled' || batch.status === 'cancelling') return finish('cancelled');
  if (ended === 'expired') return finish('expired');
  if ((await batches.doneLines(batchId)).size >= lines.length) return finish('completed');
  return { batchId, lines: ran, outcome: 'continued' as const };
}
