import { z } from 'zod';
import { astralClasses, bmpClasses, CJK_WORD, WORD_CHARACTER } from '../text/script.ts';
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

/** Words of a text as ids, and prefix sums of their character lengths. */
interface WordIds {
  ids: Int32Array;
  /** `offsets[i]` = characters of words before word i (`offsets[count]` = all). */
  offsets: Int32Array;
  count: number;
  characters: number;
}

/**
 * `words(text)` lower-cased, without an array of strings: one pass over UTF-16 units. A CJK
 * character (a word on its own) is its code point, negated; other words are interned to small
 * non-negative integers — so equal words have equal ids and n-grams become integer hashes.
 */
class WordIdList implements WordIds {
  ids: Int32Array;
  offsets: Int32Array;
  count = 0;
  characters = 0;
  private interned = new Map<string, number>();

  constructor(capacity: number) {
    this.ids = new Int32Array(capacity);
    this.offsets = new Int32Array(capacity + 1);
  }

  /** Empties the list for the next text (its arrays are kept). */
  clear(): this {
    this.count = 0;
    this.characters = 0;
    this.interned = new Map(); // a fresh map: clearing one map for every text measured 2× slower on mails
    return this;
  }

  push(id: number, length: number): void {
    if (this.count === this.ids.length) {
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
      const offsets = new Int32Array(ids.length + 1);
      offsets.set(this.offsets);
      this.offsets = offsets;
    }
    this.ids[this.count] = id;
    this.count++;
    this.characters += length;
    this.offsets[this.count] = this.characters;
  }

  pushWord(word: string): void {
    const key = word.toLowerCase();
    let id = this.interned.get(key);
    if (id === undefined) {
      id = this.interned.size;
      this.interned.set(key, id);
    }
    this.push(id, key.length);
  }
}

/** Texts up to this length reuse one word list and one set of n-gram key arrays (most records are short). */
const SHARED_CHARACTERS = 1 << 16;
const sharedWords = new WordIdList(1 << 10);

function wordIds(text: string): WordIds {
  const classes = bmpClasses();
  const list =
    text.length <= SHARED_CHARACTERS
      ? sharedWords.clear()
      : new WordIdList(Math.max(16, Math.min(text.length, 1 << 16)));
  let start = -1;
  const length = text.length;
  for (let index = 0; index < length; index++) {
    const code = text.charCodeAt(index);
    let bits: number;
    let codePoint = code;
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        codePoint = (code - 0xd800) * 0x400 + (next - 0xdc00) + 0x10000;
        bits = astralClasses(codePoint);
      } else bits = 0;
    } else bits = classes[code]!;
    if (bits & CJK_WORD) {
      if (start >= 0) {
        list.pushWord(text.slice(start, index));
        start = -1;
      }
      list.push(-1 - codePoint, codePoint > 0xffff ? 2 : 1);
    } else if (bits & WORD_CHARACTER) {
      if (start < 0) start = index;
    } else if (start >= 0) {
      list.pushWord(text.slice(start, index));
      start = -1;
    }
    if (codePoint > 0xffff) index++;
  }
  if (start >= 0) list.pushWord(text.slice(start));
  return list;
}

/**
 * 53-bit keys of the n-grams at every position, built one length at a time: the key state of
 * length n extends that of n − 1 by one word (the same two 32-bit hashes folded word by word), so
 * n = 2 … 10 costs one step per position and length instead of n.
 */
class NgramKeys {
  private first: Int32Array;
  private second: Int32Array;
  private length = 0;
  private words: WordIds;

  constructor(words: WordIds) {
    this.words = words;
    this.first = new Int32Array(words.count + 1);
    this.second = new Int32Array(words.count + 1);
  }

  /** The keys of another text's words, in these arrays when they are large enough. */
  reuseFor(words: WordIds): this {
    this.words = words;
    this.length = 0;
    if (this.first.length < words.count + 1) {
      this.first = new Int32Array(words.count + 1);
      this.second = new Int32Array(words.count + 1);
    }
    return this;
  }

  /** The key of the n-gram at `index` (after prepare(n)). */
  key(index: number): number {
    return (this.first[index]! >>> 0) * 2097152 + (this.second[index]! >>> 11);
  }

  /** Makes key(i) the key of the n words from i, for every start i (0 ≤ i ≤ count − n). */
  prepare(n: number): void {
    const { ids, count } = this.words;
    const first = this.first;
    const second = this.second;
    if (n < this.length) this.length = 0;
    if (this.length === 0) {
      first.fill(0x811c9dc5 | 0, 0, count + 1);
      second.fill(0x1b873593, 0, count + 1);
    }
    for (let step = this.length; step < n; step++)
      for (let index = 0; index + step < count; index++) {
        const id = ids[index + step]!;
        first[index] = Math.imul(first[index]! ^ id, 0x01000193);
        const previous = second[index]!;
        second[index] = Math.imul(previous ^ id, 0x5bd1e995) ^ (previous >>> 15);
      }
    this.length = n;
  }
}

function charactersOf(words: WordIds, start: number, n: number): number {
  return words.offsets[start + n]! - words.offsets[start]!;
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
const sharedKeys = new NgramKeys(sharedWords);

/** Share of word characters in the most frequent n-gram times its count (0 when none repeats). */
function topNgramFraction(words: WordIds, keys: NgramKeys, n: number): number {
  counter.reset(words.count);
  keys.prepare(n);
  let best = 0;
  let bestStart = 0;
  for (let index = 0; index + n <= words.count; index++) {
    const count = counter.add(keys.key(index));
    if (count > best) {
      best = count;
      bestStart = index;
    }
  }
  return best > 1 ? (charactersOf(words, bestStart, n) * best) / words.characters : 0;
}

/** Share of word characters in n-grams seen before (a repeat skips its n words, as Gopher counts). */
function duplicateNgramFraction(words: WordIds, keys: NgramKeys, n: number): number {
  counter.reset(words.count);
  keys.prepare(n);
  let repeated = 0;
  let index = 0;
  while (index + n <= words.count) {
    if (counter.add(keys.key(index)) > 1) {
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
  prepare: (params) => ({
    top: Object.entries(params.topNgramCharacterFractions).map(([n, limit]) => [n, Number(n), limit] as const),
    duplicate: Object.entries(params.duplicateNgramCharacterFractions).map(
      ([n, limit]) => [n, Number(n), limit] as const,
    ),
  }),
  rule(text, params, prepared) {
    // Without a blank line the text is one paragraph: no duplicates (split and set not needed).
    if (text.includes('\n\n')) {
      const paragraphs = text.trim().split(/\n{2,}/);
      const paragraphDuplicates = duplicates(paragraphs);
      if (paragraphDuplicates.count / paragraphs.length > params.maxDuplicateParagraphFraction)
        return 'repetition: duplicate paragraphs';
      if (paragraphDuplicates.characters / text.length > params.maxDuplicateParagraphCharacterFraction)
        return 'repetition: characters in duplicate paragraphs';
    }
    const lines = text.split(/\n+/);
    const lineDuplicates = duplicates(lines);
    if (lineDuplicates.count / lines.length > params.maxDuplicateLineFraction) return 'repetition: duplicate lines';
    if (lineDuplicates.characters / text.length > params.maxDuplicateLineCharacterFraction)
      return 'repetition: characters in duplicate lines';
    const tokens = wordIds(text);
    if (tokens.characters === 0) return null;
    const keys = tokens === sharedWords ? sharedKeys.reuseFor(tokens) : new NgramKeys(tokens);
    // A fraction of 0 means no n-gram key occurs twice; then no longer one does either (its first n
    // words would), so every check of a length from there on measures 0 and passes: skipped.
    let noRepeatFrom = Infinity;
    for (const [n, length, limit] of prepared.top) {
      if (length >= noRepeatFrom) continue;
      const fraction = topNgramFraction(tokens, keys, length);
      if (fraction > limit) return `repetition: top ${n}-gram covers ${(fraction * 100).toFixed(0)}% of characters`;
      if (fraction === 0 && length >= 1) noRepeatFrom = length;
    }
    for (const [n, length, limit] of prepared.duplicate) {
      if (length >= noRepeatFrom) continue;
      const fraction = duplicateNgramFraction(tokens, keys, length);
      if (fraction > limit)
        return `repetition: duplicated ${n}-grams cover ${(fraction * 100).toFixed(0)}% of characters`;
      if (fraction === 0 && length >= 1) noRepeatFrom = length;
    }
    return null;
  },
});
