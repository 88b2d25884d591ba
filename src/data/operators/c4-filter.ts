import { z } from 'zod';
import { defineFilter } from './define-filter.ts';
import { countSentences, endsWithTerminalPunctuation } from '../text/terminal-punctuation.ts';
import { words } from '../text/script.ts';

/** C4's rules (Raffel et al. 2020) with datatrove's defaults; applies to the `text` field. */
const schema = z
  .object({
    /** Remove lines that do not end in terminal punctuation (. ! ? " 。！？…). */
    requireTerminalPunctuation: z.boolean().default(true),
    /** Remove lines with fewer words (a CJK character is a word). */
    minWordsPerLine: z.number().int().min(0).default(3),
    /** Remove lines holding a word longer than this. */
    maxWordLength: z.number().int().positive().default(1000),
    /** Drop the record when fewer sentences remain. */
    minSentences: z.number().int().min(0).default(5),
    removeJavascriptLines: z.boolean().default(true),
    removePolicyLines: z.boolean().default(true),
    dropLoremIpsum: z.boolean().default(true),
    dropCurlyBracket: z.boolean().default(true),
    /** Remove Wikipedia-style citation markers like [1], [citation needed]. */
    removeCitations: z.boolean().default(true),
  })
  .strict();

const policyPhrases = [
  'terms of use',
  'privacy policy',
  'cookie policy',
  'uses cookies',
  'use of cookies',
  'use cookies',
  '隐私政策',
  '使用条款',
  '版权所有',
];

export const c4FilterOperator = defineFilter({
  name: 'c4_filter',
  description:
    'C4 line rules: drops lines without terminal punctuation, short lines, javascript/policy lines; drops lorem ipsum, "{" and short documents.',
  schema,
  input: 'text-field',
  rule(original, params, _prepared, record) {
    const lower = original.toLowerCase();
    if (params.dropLoremIpsum && lower.includes('lorem ipsum')) return 'c4: lorem ipsum';
    if (params.dropCurlyBracket && original.includes('{')) return 'c4: contains "{" (code)';
    const kept: string[] = [];
    let removed = 0;
    for (const rawLine of original.split('\n')) {
      let line = params.removeCitations ? rawLine.replace(/\[\d+\]|\[citation needed\]|\[编辑\]/gi, '') : rawLine;
      line = line.trim();
      if (line.length === 0) continue;
      const lineWords = words(line);
      const lineLower = line.toLowerCase();
      const drop =
        (params.requireTerminalPunctuation && !endsWithTerminalPunctuation(line)) ||
        lineWords.length < params.minWordsPerLine ||
        lineWords.some((word) => word.length > params.maxWordLength) ||
        (params.removeJavascriptLines && lineLower.includes('javascript')) ||
        (params.removePolicyLines && policyPhrases.some((phrase) => lineLower.includes(phrase)));
      if (drop) removed++;
      else kept.push(line);
    }
    const text = kept.join('\n');
    const sentences = countSentences(text);
    if (sentences < params.minSentences)
      return `c4: ${sentences} sentences < ${params.minSentences} after removing ${removed} lines`;
    if (text === original) return null;
    return { record: { ...record, text }, reason: `c4: removed ${removed} lines` };
  },
});
