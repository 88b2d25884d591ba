import { z } from 'zod';
import { defineFilter } from './define-filter.ts';

const schema = z
  .object({
    /** Minimum characters (code points) of the record's text. */
    minCharacters: z.number().int().min(0).default(10),
    maxCharacters: z.number().int().positive().default(100_000),
  })
  .strict();

export const lengthFilterOperator = defineFilter({
  name: 'length_filter',
  description: 'Keeps records whose text length (characters) is within [minCharacters, maxCharacters].',
  schema,
  rule(text, params) {
    // Code points, not UTF-16 units: a CJK extension character counts once.
    let length = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 0xdc00 || code > 0xdfff) length++;
    }
    if (length < params.minCharacters) return `too short: ${length} < ${params.minCharacters} characters`;
    if (length > params.maxCharacters) return `too long: ${length} > ${params.maxCharacters} characters`;
    return null;
  },
});
