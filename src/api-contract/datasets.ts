import { z } from 'zod';
import { exportFormats } from './formats.ts';

export const chatRoles = ['system', 'user', 'assistant', 'tool'] as const;
export type ChatRole = (typeof chatRoles)[number];

/** A function call an assistant message makes (OpenAI's `tool_calls` entry). */
export const toolCallSchema = z.object({
  id: z.string(),
  type: z.literal('function'),
  function: z.object({ name: z.string(), arguments: z.string() }),
});
export type ToolCall = z.infer<typeof toolCallSchema>;

export const chatMessageSchema = z.strictObject({
  role: z.enum(chatRoles),
  /** May be empty on an assistant message that only calls tools. */
  content: z.string(),
  name: z.string().optional(),
  /** OpenAI fine-tuning: 0 excludes an assistant message from training. */
  weight: z.number().optional(),
  /** Tool-calling conversations: the calls of an assistant message … */
  tool_calls: z.array(toolCallSchema).optional(),
  /** … and, on a tool message, the call it answers. */
  tool_call_id: z.string().optional(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** One record of a dataset: a line of a version file, and what the records API pages through. */
export const dataRecordSchema = z.strictObject({
  id: z.string(),
  /** Plain-text documents (pre-training style, RAG sources). */
  text: z.string().optional(),
  /** Conversations (chat fine-tuning). */
  messages: z.array(chatMessageSchema).optional(),
  /** The tools (function schemas) a tool-calling conversation could use. */
  tools: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Preference pairs (DPO): the preferred and the rejected assistant answer to `messages`. */
  chosen: z.string().optional(),
  rejected: z.string().optional(),
  /** Everything else: source, language, cluster id, chunk index, original fields. */
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type DataRecord = z.infer<typeof dataRecordSchema>;

/** What one recipe step did, summed over all shards. */
export const operatorStatisticsSchema = z.strictObject({
  step: z.number(),
  operator: z.string(),
  in: z.number(),
  out: z.number(),
  dropped: z.number(),
  modified: z.number(),
  /** Records created by splitting (chunking); a split record counts once in modified. */
  added: z.number(),
  details: z.record(z.string(), z.number()),
});
export type OperatorStatistics = z.infer<typeof operatorStatisticsSchema>;

/** One example of what a step removed or changed, and why. */
export const operatorSampleSchema = z.strictObject({
  step: z.number(),
  operator: z.string(),
  action: z.enum(['dropped', 'modified', 'split']),
  recordId: z.string(),
  reason: z.string(),
  before: z.string(),
  after: z.string().optional(),
});
export type OperatorSample = z.infer<typeof operatorSampleSchema>;

export const datasetSchema = z.strictObject({
  object: z.literal('dataset'),
  id: z.string(),
  orgId: z.string(),
  name: z.string(),
  description: z.string(),
  /** Highest version number reserved so far (0: nothing imported yet). */
  latestVersion: z.number(),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type Dataset = z.infer<typeof datasetSchema>;

export const datasetVersionSchema = z.strictObject({
  object: z.literal('dataset.version'),
  id: z.string(),
  datasetId: z.string(),
  version: z.number(),
  /** The version a recipe ran on; null for imports. */
  parentVersion: z.number().nullable(),
  kind: z.enum(['import', 'recipe']),
  /** The recipe's YAML (recipe versions). */
  recipe: z.string().nullable(),
  source: z.record(z.string(), z.unknown()),
  recordCount: z.number(),
  textBytes: z.number(),
  /** The version's records file, relative to the data directory. */
  filePath: z.string(),
  statistics: z.array(operatorStatisticsSchema),
  /** Examples of what each step did: on a single version, not in a dataset's list of versions. */
  samples: z.array(operatorSampleSchema).optional(),
  /** The job that made the version. */
  jobId: z.string().nullable(),
  createdAt: z.number(),
});
export type DatasetVersion = z.infer<typeof datasetVersionSchema>;

/** GET /v1/datasets/{dataset}: the dataset and its versions (without samples). */
export const datasetDetailSchema = datasetSchema.extend({ versions: z.array(datasetVersionSchema) });
export type DatasetDetail = z.infer<typeof datasetDetailSchema>;

/** A page of a version's records. */
export const recordPageSchema = z.strictObject({
  object: z.literal('list'),
  total: z.number(),
  offset: z.number(),
  limit: z.number(),
  data: z.array(dataRecordSchema),
});
export type RecordPage = z.infer<typeof recordPageSchema>;

export const createDatasetBody = z
  .object({ name: z.string().trim().min(1).max(100), description: z.string().max(2000).default('') })
  .strict();
export type CreateDatasetInput = z.input<typeof createDatasetBody>;

export const runRecipeBody = z
  .object({ recipe: z.string().min(1).max(200_000), fromVersion: z.number().int().positive().optional() })
  .strict();
export type RunRecipeInput = z.input<typeof runRecipeBody>;

/** How an export splits train and validation (dataset and labeling exports alike). */
export const exportSplitFields = {
  /** Share of near-duplicate clusters that go to validation.jsonl, in [0, 1) (0: no validation file). */
  validationRatio: z.number().min(0).lt(1).default(0),
  /** Seed of the train/validation split. */
  seed: z.number().int().default(42),
};

/** POST /v1/datasets/{dataset}/versions/{version}/exports: starts an export job. */
export const exportDatasetBody = z.object({ format: z.enum(exportFormats), ...exportSplitFields }).strict();
export type ExportDatasetInput = z.input<typeof exportDatasetBody>;

/** What an export wrote (the result of its job; download each file by name). */
export const exportCountsShape = {
  files: z.array(z.string()),
  train: z.number(),
  validation: z.number(),
  rejected: z.number(),
  /** The most common rejection reasons with counts. */
  rejections: z.record(z.string(), z.number()),
};

/** The result of a finished `data.export` job. */
export const datasetExportResultSchema = z.strictObject({
  datasetId: z.string(),
  version: z.number(),
  format: z.enum(exportFormats),
  validationRatio: z.number(),
  seed: z.number(),
  ...exportCountsShape,
});
export type DatasetExportResult = z.infer<typeof datasetExportResultSchema>;
