import { z } from 'zod';
import { recordText } from '../data-record.ts';
import { defineOperator } from './operator-types.ts';

const schema = z
  .object({
    /** Minimum characters (code points) of the record's text. */
    minCharacters: z.number().int().min(0).default(10),
    maxCharacters: z.number().int().positive().default(100_000),
  })
  .strict();

export const lengthFilterOperator = defineOperator({
  name: 'length_filter',
  description: 'Keeps records whose text length (characters) is within [minCharacters, maxCharacters].',
  schema,
  create(params) {
    return {
      kind: 'map',
      apply(record) {
        const text = recordText(record);
        // Code points, not UTF-16 units: a CJK extension character counts once.
        let length = 0;
        for (let index = 0; index < text.length; index++) {
          const code = text.charCodeAt(index);
          if (code < 0xdc00 || code > 0xdfff) length++;
        }
        if (length < params.minCharacters) return { kind: 'drop', reason: `too short: ${length} < ${params.minCharacters} characters` };
        if (length > params.maxCharacters) return { kind: 'drop', reason: `too long: ${length} > ${params.maxCharacters} characters` };
        return { kind: 'keep' };
      },
    };
  },
});
