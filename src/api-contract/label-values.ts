import { z } from 'zod';

/**
 * What a project asks annotators to produce. One kind per project:
 * - classification: one label (`multiple: false`) or any set of labels (`multiple: true`)
 * - spans: entities in the record's text, offsets in Unicode code points
 * - rating: an integer from `min` to `max`
 * - preference: which of two responses is better (chosen/rejected for DPO)
 * - response: write or edit the answer to an instruction (SFT)
 * - qa_review: keep, edit or drop question–answer pairs (e.g. generated from document chunks)
 */
export const labelKinds = ['classification', 'spans', 'rating', 'preference', 'response', 'qa_review'] as const;

const labelName = z.string().trim().min(1).max(100);
const labelList = z
  .array(labelName)
  .min(1)
  .max(200)
  .refine((labels) => new Set(labels).size === labels.length, 'labels must be unique');

export const labelSchemaSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('classification'), labels: labelList, multiple: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('spans'), labels: labelList }).strict(),
  z
    .object({ kind: z.literal('rating'), min: z.number().int().default(1), max: z.number().int().default(5) })
    .strict()
    .refine((schema) => schema.max > schema.min, 'max must be greater than min'),
  z.object({ kind: z.literal('preference'), allowTie: z.boolean().default(false) }).strict(),
  z.object({ kind: z.literal('response') }).strict(),
  z.object({ kind: z.literal('qa_review') }).strict(),
]);
export type LabelSchema = z.infer<typeof labelSchemaSchema>;
/** A label schema as a client may send it (defaults filled in by the server). */
export type LabelSchemaInput = z.input<typeof labelSchemaSchema>;
export type LabelKind = (typeof labelKinds)[number];

export const spanSchema = z
  .object({
    /** Unicode code point offsets into the task's text: [start, end). */
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    label: z.string(),
    /** The covered text (filled in by the server). */
    text: z.string().optional(),
  })
  .strict();
export type Span = z.infer<typeof spanSchema>;

export const qaPairSchema = z
  .object({
    question: z.string().trim().min(1),
    answer: z.string().trim().min(1),
    /** false drops the pair from the export. */
    keep: z.boolean().default(true),
  })
  .strict();
export type QaPair = z.infer<typeof qaPairSchema>;

/** A label value of any kind (the server checks a submitted one against the project's label schema). */
export const anyLabelValueSchema = z.union([
  z.strictObject({ choice: z.string() }),
  z.strictObject({ choices: z.array(z.string()) }),
  z.strictObject({ spans: z.array(spanSchema) }),
  z.strictObject({ rating: z.number() }),
  z.strictObject({ preferred: z.enum(['a', 'b', 'tie']) }),
  z.strictObject({ answer: z.string() }),
  z.strictObject({ pairs: z.array(qaPairSchema) }),
]);
export type LabelValue = z.infer<typeof anyLabelValueSchema>;
