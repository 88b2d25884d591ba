import { z } from 'zod';
import {
  labelSchemaSchema,
  qaPairSchema,
  spanSchema,
  type LabelSchema,
  type LabelValue,
} from '../api-contract/label-values.ts';
import { invalidRequest } from '../util/errors.ts';

export type { LabelKind, LabelSchema, LabelValue, QaPair, Span } from '../api-contract/label-values.ts';

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
