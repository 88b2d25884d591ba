import { z } from 'zod';
import { defineFilter } from './define-filter.ts';

const schema = z
  .object({
    /** Maximum share of characters that are neither letters, digits, whitespace nor common punctuation. */
    maxRatio: z.number().min(0).max(1).default(0.25),
    minRatio: z.number().min(0).max(1).default(0),
  })
  .strict();

const special = /[^\p{L}\p{N}\s.,!?;:'"()\-，。！？；：、“”‘’（）《》【】…—]/gu;

/** Share of code points that are special characters (one regex pass, no per-character calls). */
export function specialCharacterRatio(text: string): number {
  if (text.length === 0) return 0;
  let total = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xdc00 && code <= 0xdfff) total--; // count a surrogate pair once
  }
  const matches = text.match(special);
  return (matches ? matches.length : 0) / total;
}

export const specialCharactersFilterOperator = defineFilter({
  name: 'special_characters_filter',
  description: 'Drops records with too many special characters (symbols, emoji, markup debris).',
  schema,
  rule(text, params) {
    const ratio = specialCharacterRatio(text);
    if (ratio > params.maxRatio || ratio < params.minRatio)
      return `special characters ${(ratio * 100).toFixed(1)}% outside [${params.minRatio * 100}%, ${params.maxRatio * 100}%]`;
    return null;
  },
});
