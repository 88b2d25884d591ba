import type { Batch, FileObject } from '../../api-contract/batches.ts';
import type { BatchRow } from '../../batches/batch-repository.ts';
import type { StoredFile } from '../../batches/file-repository.ts';

const seconds = (milliseconds: number | null) => (milliseconds === null ? null : Math.floor(milliseconds / 1000));

/** A stored file as OpenAI's File object (times in seconds). */
export function presentFile(file: StoredFile): FileObject {
  return {
    id: file.id,
    object: 'file',
    bytes: file.bytes,
    created_at: seconds(file.created_at)!,
    expires_at: seconds(file.expires_at),
    filename: file.filename,
    purpose: file.purpose as FileObject['purpose'],
    status: 'processed',
    status_details: null,
  };
}

/** A stored batch as OpenAI's Batch object (times in seconds). */
export function presentBatch(batch: BatchRow): Batch {
  const errors = batch.errors ? (JSON.parse(batch.errors) as NonNullable<Batch['errors']>['data']) : null;
  return {
    id: batch.id,
    object: 'batch',
    endpoint: batch.endpoint,
    errors: errors ? { object: 'list', data: errors } : null,
    input_file_id: batch.input_file_id,
    completion_window: batch.completion_window,
    status: batch.status as Batch['status'],
    output_file_id: batch.output_file_id,
    error_file_id: batch.error_file_id,
    created_at: seconds(batch.created_at)!,
    in_progress_at: seconds(batch.in_progress_at),
    expires_at: seconds(batch.expires_at),
    finalizing_at: seconds(batch.finalizing_at),
    completed_at: seconds(batch.completed_at),
    failed_at: seconds(batch.failed_at),
    expired_at: seconds(batch.expired_at),
    cancelling_at: seconds(batch.cancelling_at),
    cancelled_at: seconds(batch.cancelled_at),
    request_counts: { total: batch.total, completed: batch.completed, failed: batch.failed },
    metadata: batch.metadata ? (JSON.parse(batch.metadata) as Record<string, string>) : null,
  };
}

/** One page of a cursor list: the repository returned one row more than the page when there are more. */
export function page<Row, Item extends { id: string }>(rows: Row[], limit: number, present: (row: Row) => Item) {
  const data = rows.slice(0, limit).map(present);
  return {
    object: 'list' as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
    has_more: rows.length > limit,
  };
}
