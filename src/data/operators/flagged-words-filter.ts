import { z } from 'zod';
import { words } from '../text/script.ts';
import { defineFilter } from './define-filter.ts';
import { chineseFlaggedWords, englishFlaggedWords } from './flagged-words/flagged-word-lists.ts';

const schema = z
  .object({
    /** Maximum share of flagged words among all words (a CJK character is a word). */
    maxRatio: z.number().min(0).max(1).default(0.01),
    /** Which built-in lists to use. */
    lists: z.array(z.enum(['en', 'zh'])).default(['en', 'zh']),
    extraWords: z.array(z.string().min(1)).default([]),
  })
  .strict();

export const flaggedWordsFilterOperator = defineFilter({
  name: 'flagged_words_filter',
  description: 'Drops records whose share of flagged words (English and Chinese lists) exceeds maxRatio.',
  schema,
  prepare(params) {
    const english = new Set<string>();
    const chinese: string[] = [];
    const add = (word: string) =>
      /[\u3400-\u9fff]/.test(word) ? chinese.push(word.toLowerCase()) : english.add(word.toLowerCase());
    if (params.lists.includes('en')) englishFlaggedWords.forEach(add);
    if (params.lists.includes('zh')) chineseFlaggedWords.forEach(add);
    params.extraWords.forEach(add);
    return { english, chinese };
  },
  rule(original, params, { english, chinese }) {
    const text = original.toLowerCase();
    const tokens = words(text);
    if (tokens.length === 0) return null;
    let flagged = 0;
    for (const token of tokens) if (english.has(token)) flagged++;
    // Chinese has no spaces: count substring occurrences, weighted by their characters.
    for (const word of chinese) {
      for (let index = text.indexOf(word); index >= 0; index = text.indexOf(word, index + word.length))
        flagged += [...word].length;
    }
    const ratio = flagged / tokens.length;
    if (ratio > params.maxRatio) return `flagged words ${(ratio * 100).toFixed(1)}% > ${params.maxRatio * 100}%`;
    return null;
  },
});
