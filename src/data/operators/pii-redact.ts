import { z } from 'zod';
import { mapRecordText } from '../data-record.ts';
import { detectPii, piiTypes, type PiiType } from '../pii/pii-detectors.ts';
import { defaultTags, redactSpans } from '../pii/redact.ts';
import { defineOperator } from './operator-types.ts';

const schema = z
  .object({
    types: z
      .array(z.enum(piiTypes))
      .min(1)
      .default([...piiTypes]),
    /** tag: replace with [PHONE] etc.; mask: 138****5678; remove: delete. */
    mode: z.enum(['tag', 'mask', 'remove']).default('tag'),
    /** Replacement tags by type (mode tag). */
    tags: z.partialRecord(z.enum(piiTypes), z.string()).default({}),
    maskCharacter: z.string().length(1).default('*'),
    /** Drop records that contain PII instead of redacting them. */
    dropRecords: z.boolean().default(false),
  })
  .strict();

export const piiRedactOperator = defineOperator({
  name: 'pii_redact',
  description:
    'Detects and redacts e-mail, phone numbers, resident IDs (checksum), bank cards (Luhn), IP addresses and URL credentials.',
  schema,
  create(params) {
    const enabled = new Set<PiiType>(params.types);
    const tags = { ...defaultTags, ...params.tags } as Record<PiiType, string>;
    const counts: Record<string, number> = Object.fromEntries(params.types.map((type) => [type, 0]));
    // Counts of the record being redacted; null until a span is found (most records have none).
    let found: Record<string, number> | null = null;
    const redact = (text: string): string => {
      const spans = detectPii(text, enabled);
      if (spans.length === 0) return text;
      found ??= {};
      for (const span of spans) found[span.type] = (found[span.type] ?? 0) + 1;
      return redactSpans(text, spans, params.mode, tags, params.maskCharacter);
    };
    return {
      kind: 'map',
      apply(record) {
        found = null;
        const next = mapRecordText(record, redact);
        const inRecord = found as Record<string, number> | null; // set by redact()
        if (inRecord === null) return { kind: 'keep' };
        const summary = Object.entries(inRecord)
          .map(([type, count]) => `${type}×${count}`)
          .join(', ');
        for (const [type, count] of Object.entries(inRecord)) counts[type] = (counts[type] ?? 0) + count;
        if (params.dropRecords) return { kind: 'drop', reason: `contains PII: ${summary}` };
        return next === record ? { kind: 'keep' } : { kind: 'modify', record: next, reason: `redacted ${summary}` };
      },
      details: () => ({ ...counts }),
    };
  },
});
