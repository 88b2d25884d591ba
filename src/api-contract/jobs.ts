import { z } from 'zod';
import { jobStatuses } from './formats.ts';

export const jobProgressSchema = z.strictObject({
  /** 0..100 */
  percent: z.number(),
  itemsDone: z.number(),
  itemsTotal: z.number().nullable(),
  /** Items (documents) per second, smoothed over the last seconds. */
  itemsPerSecond: z.number(),
  /** Estimated time to completion, null when unknown. */
  etaMs: z.number().nullable(),
  stage: z.string().nullable(),
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** A background job (import, recipe run, pre-labeling…) as GET /v1/jobs/{id} shows it; its payload stays inside. */
export const jobSchema = z.strictObject({
  object: z.literal('job'),
  id: z.string(),
  orgId: z.string(),
  type: z.string(),
  status: z.enum(jobStatuses),
  progress: jobProgressSchema,
  /** What the job produced (by type), once it succeeded. */
  result: z.unknown(),
  error: z.string().nullable(),
  cancelRequested: z.boolean(),
  createdAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  updatedAt: z.number(),
});
export type Job = z.infer<typeof jobSchema>;
