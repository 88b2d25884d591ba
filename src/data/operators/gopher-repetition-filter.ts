import { z } from 'zod';
import { isCjkCode } from '../text/script.ts';
import { defineFilter } from './define-filter.ts';

/** Defaults of Gopher's repetition removal as in datatrove's GopherRepetitionFilter. */
const schema = z
  .object({
    maxDuplicateLineFraction: z.number().min(0).max(1).default(0.3),
    maxDuplicateParagraphFraction: z.number().min(0).max(1).default(0.3),
    maxDuplicateLineCharacterFraction: z.number().min(0).max(1).default(0.2),
    maxDuplicateParagraphCharacterFraction: z.number().min(0).max(1).default(0.2),
    /** n → max share of characters in the most frequent n-gram. */
    topNgramCharacterFractions: z
      .record(z.string(), z.number().min(0).max(1))
      .default({ '2': 0.2, '3': 0.18, '4': 0.16 }),
    /** n → max share of characters in duplicated n-grams. */
    duplicateNgramCharacterFractions: z
      .record(z.string(), z.number().min(0).max(1))
      .default({ '5': 0.15, '6': 0.14, '7': 0.13, '8': 0.12, '9': 0.11, '10': 0.1 }),
  })
  .strict();

function duplicates(elements: string[]): { count: number; characters: number } {
  const seen = new Set<string>();
  let count = 0;
  let characters = 0;
  for (const element of elements) {
    if (seen.has(element)) {
      count++;
      characters += element.length;
    } else {
      seen.add(element);
    }
  }
  return { count, characters };
}

/** Words of a text as interned ids and character lengths (same words as `words()`, lower-cased). */
interface WordIds {
  ids: Int32Array;
  lengths: Int32Array;
  count: number;
  characters: number;
}

const wordCharacter = /[\p{L}\p{N}_'’-]/u;

/**
 * `words(text)` lower-cased, without an array of strings: one pass over UTF-16 units, each word
 * interned to a small integer so n-grams become integer hashes instead of joined strings.
 */
function wordIds(text: string): WordIds {
  const interned = new Map<string, number>();
  let ids = new Int32Array(Math.max(16, text.length >> 2));
  let lengths = new Int32Array(ids.length);
  let count = 0;
  let characters = 0;
  let start = -1;
  const push = (word: string) => {
    if (count === ids.length) {
      const grownIds = new Int32Array(ids.length * 2);
      grownIds.set(ids);
      ids = grownIds;
      const grownLengths = new Int32Array(lengths.length * 2);
      grownLengths.set(lengths);
      lengths = grownLengths;
    }
    const key = word.toLowerCase();
    let id = interned.get(key);
    if (id === undefined) {
      id = interned.size;
      interned.set(key, id);
    }
    ids[count] = id;
    lengths[count] = key.length;
    characters += key.length;
    count++;
  };
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    const pair = code >= 0xd800 && code <= 0xdbff && index + 1 < length;
    const codePoint = pair ? text.codePointAt(index)! : code;
    if (isCjkCode(codePoint) || (codePoint >= 0x20000 && codePoint <= 0x2ffff)) {
      if (start >= 0) push(text.slice(start, index));
      start = -1;
      push(text.slice(index, index + (pair ? 2 : 1)));
    } else if (
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 95 ||
      code === 39 ||
      code === 45 ||
      (code >= 0x80 && wordCharacter.test(pair ? text.slice(index, index + 2) : text[index]!))
    ) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      push(text.slice(start, index));
      start = -1;
    }
    if (pair) index++;
  }
  if (start >= 0) push(text.slice(start));
  return { ids, lengths, count, characters };
}

/** A 53-bit key of the n word ids from `start` (two independent 32-bit hashes). */
function ngramKey(ids: Int32Array, start: number, n: number): number {
  let first = 0x811c9dc5;
  let second = 0x1b873593;
  for (let offset = 0; offset < n; offset++) {
    const id = ids[start + offset]!;
    first = Math.imul(first ^ id, 0x01000193);
    second = Math.imul(second ^ id, 0x5bd1e995) ^ (second >>> 15);
  }
  return (first >>> 0) * 2097152 + (second >>> 11);
}

function charactersOf(words: WordIds, start: number, n: number): number {
  let sum = 0;
  for (let offset = 0; offset < n; offset++) sum += words.lengths[start + offset]!;
  return sum;
}

/**
 * Counts of 53-bit n-gram keys in open-addressed typed arrays, reused across texts: cleared by
 * bumping a generation stamp instead of refilling (Map<number, number> costs ~3× more here).
 */
class NgramCounter {
  private keys = new Float64Array(1 << 12);
  private counts = new Int32Array(1 << 12);
  private stamps = new Int32Array(1 << 12);
  private generation = 0;
  private mask = (1 << 12) - 1;

  /** Empties the table for up to `entries` keys. */
  reset(entries: number): void {
    let size = this.keys.length;
    while (size < entries * 2) size *= 2;
    if (size !== this.keys.length) {
      this.keys = new Float64Array(size);
      this.counts = new Int32Array(size);
      this.stamps = new Int32Array(size);
      this.generation = 0;
    }
    this.mask = size - 1;
    this.generation++;
  }

  /** Adds one occurrence of the key; returns its count so far. */
  add(key: number): number {
    const mask = this.mask;
    let slot = (key ^ (key / 4294967296)) & mask;
    for (;;) {
      if (this.stamps[slot] !== this.generation) {
        this.stamps[slot] = this.generation;
        this.keys[slot] = key;
        this.counts[slot] = 1;
        return 1;
      }
      if (this.keys[slot] === key) return ++this.counts[slot]!;
      slot = (slot + 1) & mask;
    }
  }
}

const counter = new NgramCounter();

/** Share of word characters in the most frequent n-gram times its count (0 when none repeats). */
function topNgramFraction(words: WordIds, n: number): number {
  counter.reset(words.count);
  let best = 0;
  let bestStart = 0;
  for (let index = 0; index + n <= words.count; index++) {
    const count = counter.add(ngramKey(words.ids, index, n));
    if (count > best) {
      best = count;
      bestStart = index;
    }
  }
  return best > 1 ? (charactersOf(words, bestStart, n) * best) / words.characters : 0;
}

/** Share of word characters in n-grams seen before (a repeat skips its n words, as Gopher counts). */
function duplicateNgramFraction(words: WordIds, n: number): number {
  counter.reset(words.count);
  let repeated = 0;
  let index = 0;
  while (index + n <= words.count) {
    if (counter.add(ngramKey(words.ids, index, n)) > 1) {
      repeated += charactersOf(words, index, n);
      index += n;
    } else {
      index++;
    }
  }
  return repeated / words.characters;
}

export const gopherRepetitionFilterOperator = defineFilter({
  name: 'gopher_repetition_filter',
  description:
    'Gopher repetition rules: duplicate lines/paragraphs, top n-gram and duplicate n-gram character fractions.',
  schema,
  rule(text, params) {
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
    const tokens = wordIds(text);
    if (tokens.characters === 0) return null;
    for (const [n, limit] of Object.entries(params.topNgramCharacterFractions)) {
      const fraction = topNgramFraction(tokens, Number(n));
      if (fraction > limit) return `repetition: top ${n}-gram covers ${(fraction * 100).toFixed(0)}% of characters`;
    }
    for (const [n, limit] of Object.entries(params.duplicateNgramCharacterFractions)) {
      const fraction = duplicateNgramFraction(tokens, Number(n));
      if (fraction > limit)
        return `repetition: duplicated ${n}-grams cover ${(fraction * 100).toFixed(0)}% of characters`;
    }
    return null;
  },
});
