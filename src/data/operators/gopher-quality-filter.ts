import { z } from 'zod';
import { cjkRatio, words } from '../text/script.ts';
import { defineFilter } from './define-filter.ts';

/** Defaults of Gopher (Rae et al. 2021) as in datatrove's GopherQualityFilter. */
const schema = z
  .object({
    minWords: z.number().int().min(0).default(50),
    maxWords: z.number().int().positive().default(100_000),
    /** Average word length bounds (skipped for CJK text, where a word is one character). */
    minAverageWordLength: z.number().min(0).default(3),
    maxAverageWordLength: z.number().positive().default(10),
    /** Ratio of "#" and "…"/"..." to words. */
    maxSymbolWordRatio: z.number().min(0).default(0.1),
    maxBulletLinesRatio: z.number().min(0).max(1).default(0.9),
    maxEllipsisLinesRatio: z.number().min(0).max(1).default(0.3),
    /** At least this share of words must contain a letter. */
    minAlphabeticWordsRatio: z.number().min(0).max(1).default(0.8),
    /** At least this many stop words (English: the, be, to, of, and, that, have, with; Chinese: 的, 了, 是, 在, 和, 有, 我, 不, 这, 就). */
    minStopWords: z.number().int().min(0).default(2),
  })
  .strict();

const englishStopWords = new Set(['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with']);
const chineseStopWords = new Set(['的', '了', '是', '在', '和', '有', '我', '不', '这', '就', '也', '人', '都', '一']);
const bulletPattern = /^\s*(?:[•●○◦▪‣\-*]|\d+[.)、])\s/;

export const gopherQualityFilterOperator = defineFilter({
  name: 'gopher_quality_filter',
  description:
    'Gopher quality rules: word count, mean word length, symbol ratio, bullets, ellipses, alphabetic words, stop words.',
  schema,
  rule(text, params) {
    const tokens = words(text);
    const cjk = cjkRatio(text) > 0.5;
    if (tokens.length < params.minWords) return `gopher: ${tokens.length} words < ${params.minWords}`;
    if (tokens.length > params.maxWords) return `gopher: ${tokens.length} words > ${params.maxWords}`;
    if (!cjk) {
      const average = tokens.reduce((sum, word) => sum + word.length, 0) / tokens.length;
      if (average < params.minAverageWordLength || average > params.maxAverageWordLength)
        return `gopher: mean word length ${average.toFixed(1)} outside [${params.minAverageWordLength}, ${params.maxAverageWordLength}]`;
    }
    const symbols = (text.match(/#/g)?.length ?? 0) + (text.match(/\.\.\.|…/g)?.length ?? 0);
    if (symbols / tokens.length > params.maxSymbolWordRatio)
      return `gopher: symbol/word ratio ${(symbols / tokens.length).toFixed(2)} > ${params.maxSymbolWordRatio}`;
    const lines = text.split('\n').filter((line) => line.trim().length > 0);
    if (lines.length > 0) {
      const bullets = lines.filter((line) => bulletPattern.test(line)).length / lines.length;
      if (bullets > params.maxBulletLinesRatio) return `gopher: ${(bullets * 100).toFixed(0)}% bullet lines`;
      const ellipsis = lines.filter((line) => /(\.\.\.|…)\s*$/.test(line)).length / lines.length;
      if (ellipsis > params.maxEllipsisLinesRatio)
        return `gopher: ${(ellipsis * 100).toFixed(0)}% lines end with an ellipsis`;
    }
    const alphabetic = tokens.filter((word) => /\p{L}/u.test(word)).length / tokens.length;
    if (alphabetic < params.minAlphabeticWordsRatio)
      return `gopher: only ${(alphabetic * 100).toFixed(0)}% words contain a letter`;
    const stopWords = cjk ? chineseStopWords : englishStopWords;
    let stops = 0;
    for (const word of tokens) if (stopWords.has(word.toLowerCase()) && ++stops >= params.minStopWords) break;
    if (stops < params.minStopWords) return `gopher: ${stops} stop words < ${params.minStopWords}`;
    return null;
  },
});
