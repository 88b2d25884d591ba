import type { BatchRepository, BatchRow } from './batch-repository.ts';
import type { BatchLine } from './batch-input.ts';
import { unrunLine } from './batch-line-runner.ts';
import type { FileRepository } from './file-repository.ts';

export type FinalStatus = 'completed' | 'cancelled' | 'expired';

const dayMs = 24 * 60 * 60 * 1000;

/** The ids of a batch's output and error files: fixed, so that finalizing twice (after a crash) writes each once. */
export function resultFileIds(batchId: string): { output: string; errors: string } {
  const suffix = batchId.replace(/^batch_/, '');
  return { output: `file-out-${suffix}`, errors: `file-err-${suffix}` };
}

/**
 * Ends a batch: lines that never ran get an error line (cancelled or expired), so every input line
 * has exactly one line in the output or the error file; then the two files are written and the
 * batch takes its final status.
 */
export async function finalizeBatch(
  batch: BatchRow,
  lines: readonly BatchLine[],
  status: FinalStatus,
  dependencies: { batches: BatchRepository; files: FileRepository; retentionDays: number },
): Promise<void> {
  const { batches, files } = dependencies;
  if (status !== 'completed') {
    const done = await batches.doneLines(batch.id);
    const code = status === 'expired' ? 'batch_expired' : 'batch_cancelled';
    for (const line of lines)
      if (!done.has(line.index))
        await batches.recordResult(batch.id, line.index, false, unrunLine(line, batch.id, code));
  }
  const now = Date.now();
  if (status === 'completed')
    await batches.transition(batch.id, ['validating', 'in_progress'], { status: 'finalizing', finalizing_at: now });
  const { output, errors } = await batches.resultLines(batch.id);
  const ids = resultFileIds(batch.id);
  const expiresAt = now + dependencies.retentionDays * dayMs;
  const write = async (id: string, name: string, rows: string[]) => {
    if (rows.length === 0) return null;
    if (await files.get(batch.org_id, id)) return id;
    const content = rows.join('\n') + '\n';
    await files.create({
      id,
      org_id: batch.org_id,
      purpose: 'batch_output',
      filename: `${batch.id}_${name}.jsonl`,
      bytes: Buffer.byteLength(content),
      line_count: rows.length,
      content,
      created_at: now,
      expires_at: expiresAt,
    });
    return id;
  };
  const outputFileId = await write(ids.output, 'output', output);
  const errorFileId = await write(ids.errors, 'error', errors);
  const stamp =
    status === 'completed' ? { completed_at: now } : status === 'expired' ? { expired_at: now } : { cancelled_at: now };
  await batches.transition(batch.id, ['validating', 'in_progress', 'finalizing', 'cancelling'], {
    status,
    output_file_id: outputFileId,
    error_file_id: errorFileId,
    ...stamp,
  });
}
