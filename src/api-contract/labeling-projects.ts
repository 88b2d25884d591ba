import { z } from 'zod';
import { exportCountsShape, exportSplitFields } from './datasets.ts';
import { labelingExportFormats } from './formats.ts';
import { labelKinds, labelSchemaSchema, type LabelSchemaInput } from './label-values.ts';

export const labelingProjectSchema = z.strictObject({
  object: z.literal('labeling.project'),
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  description: z.string(),
  datasetId: z.string(),
  datasetVersion: z.number(),
  labelSchema: labelSchemaSchema,
  /** How many annotators label each task. */
  overlap: z.number(),
  instructions: z.string(),
  annotators: z.array(z.string()),
  taskCount: z.number(),
  createdBy: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type LabelingProject = z.infer<typeof labelingProjectSchema>;

const isObject = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** POST /v1/labeling/projects. The label schema is checked in full by the service (with its own messages). */
export const createProjectBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    description: z.string().max(2000).optional(),
    /** The dataset's id or name. */
    dataset: z.string().min(1),
    /** Default: the dataset's latest version. */
    version: z.number().int().positive().optional(),
    labelSchema: z.custom<LabelSchemaInput>(isObject, { message: 'expected an object such as {"kind":"response"}' }),
    overlap: z.number().int().min(1).max(20).optional(),
    instructions: z.string().max(20_000).optional(),
    annotators: z.array(z.string().min(1)).max(1000).optional(),
  })
  .strict();
export type CreateProjectInput = z.input<typeof createProjectBody>;

/** POST /v1/labeling/projects/{project}/exports: starts an export job of the accepted tasks. */
export const labelingExportBody = z.object({ format: z.enum(labelingExportFormats), ...exportSplitFields }).strict();
export type LabelingExportInput = z.input<typeof labelingExportBody>;

/** The result of a finished `labeling.export` job (download each file by name). */
export const labelingExportResultSchema = z.strictObject({
  projectId: z.string(),
  format: z.enum(labelingExportFormats),
  ...exportCountsShape,
});
export type LabelingExportResult = z.infer<typeof labelingExportResultSchema>;

/** POST …/prelabel and …/generate-qa: model-assisted labeling as a background job. */
export const assistBody = z
  .object({
    /** The model that suggests (through the gateway, metered like any request). */
    model: z.string().min(1),
    template: z.string().min(1).max(20_000).optional(),
    /** Replace earlier suggestions of the same model. */
    overwrite: z.boolean().optional(),
    pairsPerChunk: z.number().int().min(1).max(20).optional(),
    maxTokens: z.number().int().positive().optional(),
    temperature: z.number().min(0).max(2).optional(),
    concurrency: z.number().int().min(1).max(16).optional(),
    /** Only these tasks: e.g. an earlier run's `failedTaskIds`, to retry them. */
    taskIds: z.array(z.string().min(1)).min(1).max(100_000).optional(),
    /** Tries per task on errors that may pass (5xx, 429, an open breaker, timeouts); default 4. */
    attempts: z.number().int().min(1).max(10).optional(),
  })
  .strict();
export type AssistInput = z.input<typeof assistBody>;

const statusCounts = <T extends string>(statuses: readonly T[]) =>
  z.strictObject(Object.fromEntries(statuses.map((status) => [status, z.number()])) as Record<T, z.ZodNumber>);

export const progressReportSchema = z.strictObject({
  object: z.literal('labeling.progress'),
  projectId: z.string(),
  tasks: statusCounts(['total', 'open', 'submitted', 'accepted', 'rejected']),
  assignments: statusCounts(['total', 'pending', 'draft', 'skipped', 'submitted']),
  /** Submitted labels over the labels the project needs (tasks × overlap), 0..100. */
  percentLabeled: z.number(),
  /** Accepted tasks over all tasks, 0..100. */
  percentAccepted: z.number(),
  perAnnotator: z.array(
    z.strictObject({
      annotatorId: z.string(),
      assigned: z.number(),
      pending: z.number(),
      draft: z.number(),
      skipped: z.number(),
      submitted: z.number(),
    }),
  ),
});
export type ProgressReport = z.infer<typeof progressReportSchema>;

const metric = z.number().nullable();

export const pairAgreementSchema = z.strictObject({
  annotators: z.tuple([z.string(), z.string()]),
  items: z.number(),
  observedAgreement: metric,
  cohensKappa: metric,
  spanF1: metric,
});
export type PairAgreement = z.infer<typeof pairAgreementSchema>;

export const agreementReportSchema = z.strictObject({
  object: z.literal('labeling.agreement'),
  kind: z.enum(labelKinds),
  /** Tasks with at least two submitted labels. */
  items: z.number(),
  annotators: z.array(z.string()),
  /** Cohen's kappa when exactly two annotators labeled; Fleiss' kappa over tasks with the usual number of labels; alpha over all. */
  overall: z.strictObject({
    cohensKappa: metric,
    fleissKappa: metric,
    fleissItems: z.number(),
    krippendorffAlpha: metric,
    /** Ratings only: alpha with the interval metric (near misses count as partial agreement). */
    krippendorffAlphaInterval: metric,
    observedAgreement: metric,
    spanF1: metric,
    /**
     * Why kappa and alpha are null although labels agree: every annotator chose one single label,
     * so chance agreement is 1 and the statistics are 0/0 (undefined, not perfect).
     */
    undefinedReason: z.string().nullable(),
  }),
  pairwise: z.array(pairAgreementSchema),
  perLabel: z.array(
    z.strictObject({ label: z.string(), count: z.number(), krippendorffAlpha: metric, spanF1: metric }),
  ),
  perAnnotator: z.array(
    z.strictObject({
      annotatorId: z.string(),
      submitted: z.number(),
      agreementWithOthers: metric,
      agreementWithReview: metric,
      reviewed: z.number(),
    }),
  ),
});
export type AgreementReport = z.infer<typeof agreementReportSchema>;
