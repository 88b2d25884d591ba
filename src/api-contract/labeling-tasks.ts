import { z } from 'zod';
import { dataRecordSchema } from './datasets.ts';
import { assignmentStatuses, taskStatuses } from './formats.ts';
import { anyLabelValueSchema, qaPairSchema } from './label-values.ts';

/** One annotator's work on a task. */
export const assignmentViewSchema = z.strictObject({
  id: z.string(),
  annotatorId: z.string(),
  status: z.enum(assignmentStatuses),
  label: anyLabelValueSchema.nullable(),
  reviewComment: z.string().nullable(),
  submittedAt: z.number().nullable(),
});
export type AssignmentView = z.infer<typeof assignmentViewSchema>;

/** What an annotator or reviewer sees of a task: its content by label kind, suggestions marked as such. */
export const taskViewSchema = z.strictObject({
  object: z.literal('labeling.task'),
  id: z.string(),
  projectId: z.string(),
  position: z.number(),
  recordId: z.string(),
  status: z.enum(taskStatuses),
  content: z.strictObject({
    text: z.string().optional(),
    prompt: z.array(z.strictObject({ role: z.string(), content: z.string() })).optional(),
    responses: z.strictObject({ a: z.string(), b: z.string() }).nullable().optional(),
    answer: z.string().nullable().optional(),
    pairs: z.array(qaPairSchema).optional(),
  }),
  /** Model suggestions: shown as suggestions with the model named; an annotator's label is always their own. */
  suggestions: z.array(
    z.strictObject({
      id: z.string(),
      kind: z.enum(['label', 'qa']),
      model: z.string(),
      value: anyLabelValueSchema,
      /** The model's score in [0, 1] when it gave one (imported predictions), else null. */
      confidence: z.number().nullable(),
      createdAt: z.number(),
      suggested: z.literal(true),
    }),
  ),
  /** The caller's own assignment (annotators). */
  assignment: assignmentViewSchema.nullable().optional(),
  /** Every annotator's work and the review (reviewers only). */
  assignments: z.array(assignmentViewSchema).optional(),
  review: z
    .strictObject({
      finalLabel: anyLabelValueSchema.nullable(),
      edited: z.boolean(),
      comment: z.string().nullable(),
      reviewedBy: z.string().nullable(),
      reviewedAt: z.number().nullable(),
    })
    .optional(),
});
export type TaskView = z.infer<typeof taskViewSchema>;

/** GET …/next: the caller's next task, or this when the queue is empty. */
export const queueDoneSchema = z.strictObject({
  object: z.literal('labeling.task'),
  id: z.null(),
  done: z.literal(true),
});
export const nextTaskSchema = z.union([taskViewSchema, queueDoneSchema]);
export type NextTask = z.infer<typeof nextTaskSchema>;

/** A task as stored: the record it labels and the review's outcome (the answer of a review). */
export const labelingTaskSchema = z.strictObject({
  object: z.literal('labeling.task'),
  id: z.string(),
  projectId: z.string(),
  orgId: z.string(),
  position: z.number(),
  recordId: z.string(),
  record: dataRecordSchema,
  status: z.enum(taskStatuses),
  finalLabel: anyLabelValueSchema.nullable(),
  edited: z.boolean(),
  reviewComment: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.number().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type LabelingTask = z.infer<typeof labelingTaskSchema>;

/** Span offsets: Unicode code points (the default) or UTF-16 indices (what a browser's selection gives). */
const offsets = z.enum(['code_point', 'utf16']).optional();

/** PUT …/draft and POST …/submit. The label is checked against the project's label schema. */
export const labelBody = z
  .object({
    /** Optional here so that a submit without it answers 400 `missing_label` (a draft may save none). */
    label: z.unknown().optional(),
    offsets,
  })
  .strict();
export type LabelInput = Omit<z.input<typeof labelBody>, 'label'> & { label: z.input<typeof anyLabelValueSchema> };

export const reviewBody = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('accept'),
      /** Which annotator's label to accept when they disagree. */
      assignmentId: z.string().min(1).optional(),
      comment: z.string().max(5000).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('reject'),
      /** Required (400 `missing_comment` when absent or blank): the annotators see it with their draft. */
      comment: z.string().max(5000).optional(),
      assignmentId: z.string().min(1).optional(),
    })
    .strict(),
  z
    .object({
      action: z.literal('edit'),
      label: z.unknown(),
      offsets,
      comment: z.string().max(5000).optional(),
    })
    .strict(),
]);
export type ReviewInput = z.input<typeof reviewBody>;
