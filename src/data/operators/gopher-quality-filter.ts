import { z } from 'zod';
import { astralClasses, bmpClasses, CJK_WORD, cjkRatio, LETTER, WORD_CHARACTER } from '../text/script.ts';
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
/** A bullet at the start of a line; `[^\S\n]` where a line alone would have `\s` (the line break ends it). */
const bulletAt = /[^\S\n]*(?:[•●○◦▪‣\-*]|\d+[.)、])[^\S\n]/y;
const nonBlank = /\S/g;

/** What the rules measure, in one pass over the text without an array of words. */
export interface GopherMeasures {
  /** Words as `words()` splits them, their total length in UTF-16 units, and those with a letter. */
  words: number;
  wordCharacters: number;
  alphabeticWords: number;
  /** Words in the English and in the Chinese stop-word list (counted up to `stopWordLimit`). */
  englishStopWords: number;
  chineseStopWords: number;
  /** "#" plus non-overlapping "..." and "…". */
  symbols: number;
  /** Lines that are not blank, those starting with a bullet, those ending with an ellipsis. */
  lines: number;
  bulletLines: number;
  ellipsisLines: number;
}

function endWord(
  measures: GopherMeasures,
  text: string,
  start: number,
  end: number,
  letter: boolean,
  stopWordLimit: number,
): void {
  measures.words++;
  measures.wordCharacters += end - start;
  if (letter) measures.alphabeticWords++;
  if (
    end - start <= 4 &&
    measures.englishStopWords < stopWordLimit &&
    englishStopWords.has(text.slice(start, end).toLowerCase())
  )
    measures.englishStopWords++;
}

export function measureGopher(text: string, stopWordLimit: number): GopherMeasures {
  const classes = bmpClasses();
  const measures: GopherMeasures = {
    words: 0,
    wordCharacters: 0,
    alphabeticWords: 0,
    englishStopWords: 0,
    chineseStopWords: 0,
    symbols: 0,
    lines: 0,
    bulletLines: 0,
    ellipsisLines: 0,
  };
  let start = -1;
  let letter = false;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    let bits: number;
    let units = 1;
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bits = astralClasses((code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000);
        units = 2;
      } else bits = 0;
    } else bits = classes[code]!;
    if (bits & CJK_WORD) {
      if (start >= 0) {
        endWord(measures, text, start, index, letter, stopWordLimit);
        start = -1;
        letter = false;
      }
      measures.words++;
      measures.wordCharacters += units;
      if (bits & LETTER) measures.alphabeticWords++;
      if (measures.chineseStopWords < stopWordLimit && units === 1 && chineseStopWords.has(text[index]!))
        measures.chineseStopWords++;
    } else if (bits & WORD_CHARACTER) {
      if (start < 0) start = index;
      if (bits & LETTER) letter = true;
    } else {
      if (start >= 0) {
        endWord(measures, text, start, index, letter, stopWordLimit);
        start = -1;
        letter = false;
      }
      if (code === 35 || code === 0x2026) measures.symbols++;
      else if (code === 46 && text.charCodeAt(index + 1) === 46 && text.charCodeAt(index + 2) === 46) {
        measures.symbols++;
        index += 2;
      }
    }
    index += units - 1;
  }
  if (start >= 0) endWord(measures, text, start, length, letter, stopWordLimit);
  for (let from = 0; from <= length;) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = length;
    nonBlank.lastIndex = from;
    const solid = nonBlank.exec(text);
    if (solid && solid.index < end) {
      measures.lines++;
      bulletAt.lastIndex = from;
      if (bulletAt.test(text)) measures.bulletLines++;
      let last = end - 1;
      while (last >= from && /\s/.test(text[last]!)) last--;
      if (text[last] === '…' || (last - 2 >= from && text.startsWith('...', last - 2))) measures.ellipsisLines++;
    } else if (!solid) {
      break;
    }
    from = end + 1;
  }
  return measures;
}

export const gopherQualityFilterOperator = defineFilter({
  name: 'gopher_quality_filter',
  description:
    'Gopher quality rules: word count, mean word length, symbol ratio, bullets, ellipses, alphabetic words, stop words.',
  schema,
  rule(text, params) {
    const measures = measureGopher(text, params.minStopWords);
    const count = measures.words;
    const cjk = cjkRatio(text) > 0.5;
    if (count < params.minWords) return `gopher: ${count} words < ${params.minWords}`;
    if (count > params.maxWords) return `gopher: ${count} words > ${params.maxWords}`;
    if (!cjk) {
      const average = measures.wordCharacters / count;
      if (average < params.minAverageWordLength || average > params.maxAverageWordLength)
        return `gopher: mean word length ${average.toFixed(1)} outside [${params.minAverageWordLength}, ${params.maxAverageWordLength}]`;
    }
    const symbols = measures.symbols;
    if (symbols / count > params.maxSymbolWordRatio)
      return `gopher: symbol/word ratio ${(symbols / count).toFixed(2)} > ${params.maxSymbolWordRatio}`;
    if (measures.lines > 0) {
      const bullets = measures.bulletLines / measures.lines;
      if (bullets > params.maxBulletLinesRatio) return `gopher: ${(bullets * 100).toFixed(0)}% bullet lines`;
      const ellipsis = measures.ellipsisLines / measures.lines;
      if (ellipsis > params.maxEllipsisLinesRatio)
        return `gopher: ${(ellipsis * 100).toFixed(0)}% lines end with an ellipsis`;
    }
    const alphabetic = measures.alphabeticWords / count;
    if (alphabetic < params.minAlphabeticWordsRatio)
      return `gopher: only ${(alphabetic * 100).toFixed(0)}% words contain a letter`;
    const stops = Math.min(params.minStopWords, cjk ? measures.chineseStopWords : measures.englishStopWords);
    if (stops < params.minStopWords) return `gopher: ${stops} stop words < ${params.minStopWords}`;
    return null;
  },
});
