import { z } from 'zod';
import { invalidRequest } from '../util/errors.ts';

/**
 * What a project asks annotators to produce. One kind per project:
 * - classification: one label (`multiple: false`) or any set of labels (`multiple: true`)
 * - spans: entities in the record's text, offsets in Unicode code points (see span-offsets.ts)
 * - rating: an integer from `min` to `max`
 * - preference: which of two responses is better (chosen/rejected for DPO)
 * - response: write or edit the answer to an instruction (SFT)
 * - qa_review: keep, edit or drop question–answer pairs (e.g. generated from document chunks)
 */
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
export type LabelSchemaInput = z.input<typeof labelSchemaSchema>;
export type LabelKind = LabelSchema['kind'];

export interface Span {
  /** Unicode code point offsets into the task's text: [start, end). */
  start: number;
  end: number;
  label: string;
  /** The covered text (filled in by the service). */
  text?: string;
}

export interface QaPair {
  question: string;
  answer: string;
  /** false drops the pair from the export. */
  keep: boolean;
}

/** The value of one label, by kind. */
export type LabelValue =
  | { choice: string }
  | { choices: string[] }
  | { spans: Span[] }
  | { rating: number }
  | { preferred: 'a' | 'b' | 'tie' }
  | { answer: string }
  | { pairs: QaPair[] };

const spanSchema = z
  .object({
    start: z.number().int().nonnegative(),
    end: z.number().int().positive(),
    label: z.string(),
    text: z.string().optional(),
  })
  .strict();
const qaPairSchema = z
  .object({ question: z.string().trim().min(1), answer: z.string().trim().min(1), keep: z.boolean().default(true) })
  .strict();

/** The zod schema of a label value for a project's label schema (labels checked against the schema). */
export function labelValueSchema(schema: LabelSchema): z.ZodType<LabelValue> {
  switch (schema.kind) {
    case 'classification': {
      const choice = z.enum(schema.labels as [string, ...string[]]);
      return schema.multiple
        ? z
            .object({
              choices: z
                .array(choice)
                .refine((choices) => new Set(choices).size === choices.length, 'choices must be unique'),
            })
            .strict()
        : z.object({ choice }).strict();
    }
    case 'spans':
      return z
        .object({
          spans: z.array(
            spanSchema
              .extend({ label: z.enum(schema.labels as [string, ...string[]]) })
              .refine((span) => span.end > span.start, 'end must be after start'),
          ),
        })
        .strict();
    case 'rating':
      return z.object({ rating: z.number().int().min(schema.min).max(schema.max) }).strict();
    case 'preference':
      return z.object({ preferred: schema.allowTie ? z.enum(['a', 'b', 'tie']) : z.enum(['a', 'b']) }).strict();
    case 'response':
      return z.object({ answer: z.string().trim().min(1) }).strict();
    case 'qa_review':
      return z.object({ pairs: z.array(qaPairSchema) }).strict() as z.ZodType<LabelValue>;
  }
}

export function parseLabelSchema(raw: unknown): LabelSchema {
  const result = labelSchemaSchema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalidRequest(
      `Invalid label schema at '${issue.path.join('.') || 'schema'}': ${issue.message}.`,
      'labelSchema',
      'invalid_label_schema',
    );
  }
  return result.data;
}

/** Validates a label value against the schema (400 `invalid_label` naming the field). */
export function parseLabelValue(schema: LabelSchema, raw: unknown): LabelValue {
  const result = labelValueSchema(schema).safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw invalidRequest(
      `Invalid ${schema.kind} label at '${issue.path.join('.') || 'label'}': ${issue.message}.`,
      'label',
      'invalid_label',
    );
  }
  return result.data;
}

/** The nominal category of a label for agreement metrics; null for kinds without one (free text, spans). */
export function categoryOf(value: LabelValue): string | null {
  if ('choice' in value) return value.choice;
  if ('choices' in value) return JSON.stringify([...value.choices].sort());
  if ('rating' in value) return String(value.rating);
  if ('preferred' in value) return value.preferred;
  return null;
}
