import { z } from 'zod';
import { taskStatuses } from './formats.ts';
import { anyLabelValueSchema } from './label-values.ts';

const taskIds = z.array(z.string().min(1)).min(1).max(10_000);

/** POST …/review (many tasks): accept by a rule, or send a selection back with a comment. */
export const bulkReviewBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('accept'),
      /** `unanimous`: every submitted label equal; `majority`: more than half of them equal. */
      rule: z.enum(['unanimous', 'majority']),
      /** Only these tasks (default: every task waiting for review). */
      taskIds: taskIds.optional(),
      comment: z.string().max(5000).optional(),
      /** Only count: the answer says what the rule would accept and skip, and nothing changes (the console's confirmation). */
      dryRun: z.boolean().optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('reject'),
      taskIds,
      /** Required (400 `missing_comment`): the annotators see it with their draft. */
      comment: z.string().max(5000).optional(),
    })
    .strict(),
]);
export type BulkReviewInput = z.infer<typeof bulkReviewBody>;

export const bulkReviewResultSchema = z.strictObject({
  object: z.literal('labeling.bulk_review'),
  action: z.enum(['accept', 'reject']),
  rule: z.enum(['unanimous', 'majority']).optional(),
  /** Present (true) on a dry run: `reviewed` and `taskIds` are what the rule would accept; nothing was changed. */
  dryRun: z.literal(true).optional(),
  /** Tasks looked at (every task of the project, or the named ones). */
  considered: z.number(),
  /** Tasks accepted or rejected. */
  reviewed: z.number(),
  taskIds: z.array(z.string()),
  /** Why the others were left alone, with counts: `status_open`, `status_accepted`, `labels_disagree`, `no_majority`, `task_not_found`… */
  skipped: z.record(z.string(), z.number()),
});
export type BulkReviewResult = z.infer<typeof bulkReviewResultSchema>;

/**
 * POST …/predictions: an external model's predictions as suggestions (Label Studio's
 * "predictions" import): each names its task by `taskId` or the record's `recordId`, carries a
 * label value of the project's kind and optionally a score.
 */
export const predictionsBody = z
  .object({
    /** The model (or model version) the predictions came from; shown beside each suggestion. */
    model: z.string().trim().min(1).max(200),
    /** Offsets of span predictions (default code points). */
    offsets: z.enum(['code_point', 'utf16']).optional(),
    /** Replace this model's earlier suggestions on the same tasks. */
    overwrite: z.boolean().optional(),
    predictions: z
      .array(
        z
          .object({
            taskId: z.string().min(1).optional(),
            recordId: z.string().min(1).optional(),
            label: z.unknown(),
            /** The model's confidence in [0, 1] (Label Studio's `score`). */
            score: z.number().min(0).max(1).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(10_000),
  })
  .strict();
export type PredictionsInput = z.infer<typeof predictionsBody>;

export const predictionsResultSchema = z.strictObject({
  object: z.literal('labeling.predictions_import'),
  model: z.string(),
  imported: z.number(),
  /** Predictions refused, by position in the request, with the error code and message. */
  rejected: z.array(z.strictObject({ index: z.number(), code: z.string(), message: z.string() })),
});
export type PredictionsResult = z.infer<typeof predictionsResultSchema>;

/** One change of a label in the history. */
export const labelEventSchema = z.strictObject({
  object: z.literal('labeling.label_event'),
  id: z.string(),
  projectId: z.string(),
  taskId: z.string(),
  /** Who: the annotator's or reviewer's user id (or key id). */
  actorId: z.string(),
  action: z.enum(['draft', 'submit', 'skip', 'accept', 'reject', 'edit']),
  assignmentId: z.string().nullable(),
  label: anyLabelValueSchema.nullable(),
  previousLabel: anyLabelValueSchema.nullable(),
  comment: z.string().nullable(),
  createdAt: z.number(),
});
export type LabelEventView = z.infer<typeof labelEventSchema>;

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET …/tasks filters (all optional, combined with AND). */
export const taskListQuery = z
  .object({
    status: z.enum(taskStatuses).optional(),
    offset: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    /** Submitted labels differ (`true`) or agree (`false`); tasks with fewer than two submitted labels match neither. */
    disagreement: flag.optional(),
    /** A value of the record's `meta`: `key=value` (string comparison; `key` alone: the key is present). */
    meta: z.string().min(1).max(500).optional(),
    /** Has a model suggestion (`true`) or none (`false`). */
    suggested: flag.optional(),
    /** The best suggestion's confidence is below this (finds uncertain predictions to check first). */
    maxConfidence: z.coerce.number().min(0).max(1).optional(),
    /** Assigned to this annotator. */
    annotator: z.string().min(1).optional(),
  })
  .strict();
export type TaskListQuery = z.infer<typeof taskListQuery>;

/** GET …/history */
export const historyQuery = z
  .object({
    actor: z.string().min(1).optional(),
    offset: z.coerce.number().int().nonnegative().optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();
