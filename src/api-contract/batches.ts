import { z } from 'zod';
import { batchEndpoints, batchStatuses, filePurposes } from './formats.ts';

export { batchEndpoints, batchStatuses, filePurposes };

/**
 * Files and batches in OpenAI's shape (`/v1/files`, `/v1/batches`): the server answers with these,
 * the console reads them, the official `openai` SDK parses them.
 */

export type FilePurpose = (typeof filePurposes)[number];

export const fileObjectSchema = z.strictObject({
  id: z.string(),
  object: z.literal('file'),
  bytes: z.number(),
  created_at: z.number(),
  expires_at: z.number().nullable(),
  filename: z.string(),
  purpose: z.enum(filePurposes),
  status: z.literal('processed'),
  status_details: z.null(),
});
export type FileObject = z.infer<typeof fileObjectSchema>;

export const fileListSchema = z.strictObject({
  object: z.literal('list'),
  data: z.array(fileObjectSchema),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
  has_more: z.boolean(),
});
export type FileList = z.infer<typeof fileListSchema>;

export const fileDeletedSchema = z.strictObject({ id: z.string(), object: z.literal('file'), deleted: z.boolean() });

export type BatchStatus = (typeof batchStatuses)[number];

export type BatchEndpoint = (typeof batchEndpoints)[number];

export const batchErrorSchema = z.strictObject({
  code: z.string(),
  message: z.string(),
  param: z.string().nullable(),
  /** 1-based line of the input file, when the error is about one line. */
  line: z.number().nullable(),
});

export const createBatchBody = z.strictObject({
  input_file_id: z.string().min(1),
  endpoint: z.enum(batchEndpoints),
  completion_window: z.literal('24h'),
  metadata: z.record(z.string(), z.string().max(512)).nullable().optional(),
});
export type CreateBatchBody = z.infer<typeof createBatchBody>;

export const batchSchema = z.strictObject({
  id: z.string(),
  object: z.literal('batch'),
  endpoint: z.string(),
  errors: z.strictObject({ object: z.literal('list'), data: z.array(batchErrorSchema) }).nullable(),
  input_file_id: z.string(),
  completion_window: z.string(),
  status: z.enum(batchStatuses),
  output_file_id: z.string().nullable(),
  error_file_id: z.string().nullable(),
  created_at: z.number(),
  in_progress_at: z.number().nullable(),
  expires_at: z.number().nullable(),
  finalizing_at: z.number().nullable(),
  completed_at: z.number().nullable(),
  failed_at: z.number().nullable(),
  expired_at: z.number().nullable(),
  cancelling_at: z.number().nullable(),
  cancelled_at: z.number().nullable(),
  request_counts: z.strictObject({ total: z.number(), completed: z.number(), failed: z.number() }),
  metadata: z.record(z.string(), z.string()).nullable(),
});
export type Batch = z.infer<typeof batchSchema>;

export const batchListSchema = z.strictObject({
  object: z.literal('list'),
  data: z.array(batchSchema),
  first_id: z.string().nullable(),
  last_id: z.string().nullable(),
  has_more: z.boolean(),
});
export type BatchList = z.infer<typeof batchListSchema>;

/** `?after=&limit=` of the list endpoints (cursor pagination, newest first). */
export const pageQuerySchema = z.object({
  after: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  purpose: z.enum(filePurposes).optional(),
});
