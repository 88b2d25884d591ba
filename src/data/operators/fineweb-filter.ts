import { z } from 'zod';
import { words } from '../text/script.ts';
import { endsWithTerminalPunctuation } from '../text/terminal-punctuation.ts';
import { defineFilter } from './define-filter.ts';

/** FineWeb's extra line rules with datatrove's FineWebQualityFilter defaults. */
const schema = z
  .object({
    /** Minimum share of lines ending in terminal punctuation. */
    minLinePunctuationRatio: z.number().min(0).max(1).default(0.12),
    /** Maximum share of lines shorter than shortLineLength characters. */
    maxShortLineRatio: z.number().min(0).max(1).default(0.67),
    shortLineLength: z.number().int().positive().default(30),
    /** Maximum share of characters in duplicated lines. */
    maxDuplicateLineCharacterRatio: z.number().min(0).max(1).default(0.01),
    /** Maximum newlines per word (list-like documents). */
    maxNewlineRatio: z.number().min(0).default(0.3),
  })
  .strict();

export const finewebFilterOperator = defineFilter({
  name: 'fineweb_filter',
  description:
    'FineWeb line rules: share of lines with final punctuation, short lines, duplicated-line characters, newline/word ratio.',
  schema,
  rule(text, params) {
    const lines = text
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (lines.length === 0) return 'fineweb: empty';
    const punctuated = lines.filter(endsWithTerminalPunctuation).length / lines.length;
    if (punctuated < params.minLinePunctuationRatio)
      return `fineweb: only ${(punctuated * 100).toFixed(0)}% lines end with punctuation`;
    const short = lines.filter((line) => [...line].length <= params.shortLineLength).length / lines.length;
    if (short > params.maxShortLineRatio) return `fineweb: ${(short * 100).toFixed(0)}% short lines`;
    const seen = new Set<string>();
    let duplicateCharacters = 0;
    let totalCharacters = 0;
    for (const line of lines) {
      totalCharacters += line.length;
      if (seen.has(line)) duplicateCharacters += line.length;
      else seen.add(line);
    }
    if (duplicateCharacters / totalCharacters > params.maxDuplicateLineCharacterRatio)
      return `fineweb: ${((duplicateCharacters / totalCharacters) * 100).toFixed(1)}% characters in duplicated lines`;
    const wordCount = words(text).length;
    const newlines = text.match(/\n/g)?.length ?? 0;
    if (wordCount > 0 && newlines / wordCount > params.maxNewlineRatio)
      return `fineweb: ${(newlines / wordCount).toFixed(2)} newlines per word`;
    return null;
  },
});
