/**
 * Enumerations of the API that the console also needs as values (select options). This file
 * imports nothing, so the console's bundle takes these arrays and nothing else of the server.
 */

/** File formats a dataset import reads. */
export const importFormats = ['jsonl', 'json', 'csv', 'parquet', 'txt', 'markdown', 'html', 'docx', 'pdf'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** Fine-tuning formats of a dataset export. */
export const exportFormats = ['openai', 'alpaca', 'sharegpt', 'dpo', 'llamafactory-dpo', 'trl-preference'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** Fine-tuning formats of a labeling export. */
export const labelingExportFormats = [
  'openai',
  'alpaca',
  'sharegpt',
  'dpo',
  'llamafactory-dpo',
  'trl-preference',
  'classification',
  'ner-jsonl',
  'conll',
] as const;
export type LabelingExportFormat = (typeof labelingExportFormats)[number];

export const jobStatuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof jobStatuses)[number];

/** open: waiting for annotators; submitted: all N labels in, awaiting review; accepted | rejected by a reviewer. */
export const taskStatuses = ['open', 'submitted', 'accepted', 'rejected'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

export const assignmentStatuses = ['pending', 'draft', 'skipped', 'submitted'] as const;
export type AssignmentStatus = (typeof assignmentStatuses)[number];

export const roles = ['owner', 'admin', 'member', 'annotator'] as const;
export type Role = (typeof roles)[number];

/** Purposes of files (`/v1/files`): batch input, and the output and error files batches write. */
export const filePurposes = ['batch', 'batch_output'] as const;

/** The endpoints a batch may target: the keys of the batch dispatch table (batches/batch-endpoints.ts). */
export const batchEndpoints = ['/v1/chat/completions', '/v1/embeddings', '/v1/completions'] as const;

export const batchStatuses = [
  'validating',
  'failed',
  'in_progress',
  'finalizing',
  'completed',
  'expired',
  'cancelling',
  'cancelled',
] as const;
