/**
 * Text → 32-bit shingle hashes without per-shingle allocations. Tokens are single CJK
 * characters (Han, kana, Hangul) and, in other scripts, either words (runs of letters and digits,
 * ASCII lower-cased) or — in `characters` mode, the default — single letters and digits with one
 * separator token per word boundary. Punctuation and whitespace never make tokens of their own, so
 * swapped punctuation and changed spacing do not change the shingles. Shingles are n consecutive
 * tokens: Chinese gets character n-grams in both modes; Latin-script text character n-grams
 * (a typo changes n shingles out of ~6 per word) or word n-grams (a typo changes n of ~1 per word).
 */

/** How non-CJK text is tokenized for shingles. */
export const shingleModes = ['characters', 'words'] as const;
export type ShingleMode = (typeof shingleModes)[number];

const WORD_BOUNDARY = 0x2f6e_3a1d;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** CJK ideographs, kana, Hangul: one token per character. */
export function isCjkCode(code: number): boolean {
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0xac00 && code <= 0xd7af) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/** Letters and digits of non-CJK scripts (cheap test: anything above ASCII that is not punctuation or space). */
function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  if (code >= 0x2000 && code <= 0x2bff) return false; // general punctuation, symbols, arrows
  if (code >= 0x3000 && code <= 0x303f) return false; // CJK punctuation
  if (code >= 0xff00 && code <= 0xffef)
    return (
      (code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a)
    );
  if (code === 0xa0 || code === 0xfeff) return false;
  return code >= 0xc0 || code === 0xaa || code === 0xb5 || code === 0xba;
}

export function fmix32(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Reusable buffers: one hasher per thread of work, called for many texts. */
export class ShingleHasher {
  private tokens = new Int32Array(4096);
  private shingles = new Int32Array(4096);

  /** Shingle hashes (as uint32) below this are kept: 2³² / sampling. */
  private readonly keepBelow: number;

  /**
   * `sampling` k keeps the shingles whose hash falls in the lowest k-th of the hash range: the
   * same shingles in every text, so Jaccard similarity is estimated on a consistent sample of the
   * shingle space at 1/k of the MinHash work (character shingles are ~6 per word).
   */
  constructor(
    readonly ngramSize = 5,
    readonly mode: ShingleMode = 'characters',
    readonly sampling = 1,
  ) {
    this.keepBelow = 4294967296 / sampling;
  }

  /**
   * Token hashes of the text into an internal buffer; returns the count. One loop for both modes:
   * a CJK character is always its own token; a letter or digit is its own token in `characters`
   * mode (with a boundary token before each new word) or extends the running word hash in `words`
   * mode (pushed when the word ends).
   */
  private tokenize(text: string): number {
    const perCharacter = this.mode === 'characters';
    let count = 0;
    let wordHash = FNV_OFFSET;
    let inWord = false;
    const length = text.length;
    for (let index = 0; index < length; index++) {
      let code = text.charCodeAt(index);
      const surrogatePair = code >= 0xd800 && code <= 0xdbff && index + 1 < length;
      if (isCjkCode(code) || (surrogatePair && code >= 0xd840 && code <= 0xd8bf)) {
        if (inWord) {
          count = this.pushToken(count, perCharacter ? WORD_BOUNDARY : wordHash);
          inWord = false;
        }
        let tokenHash = Math.imul(FNV_OFFSET ^ code, FNV_PRIME);
        if (surrogatePair) tokenHash = Math.imul(tokenHash ^ text.charCodeAt(++index), FNV_PRIME);
        count = this.pushToken(count, tokenHash ^ 0x5bd1e995);
      } else if (isWordCode(code)) {
        if (code >= 65 && code <= 90) code |= 0x20;
        if (perCharacter) {
          if (!inWord && count > 0 && this.tokens[count - 1] !== WORD_BOUNDARY)
            count = this.pushToken(count, WORD_BOUNDARY);
          count = this.pushToken(count, Math.imul(FNV_OFFSET ^ code, FNV_PRIME));
        } else {
          wordHash = Math.imul((inWord ? wordHash : FNV_OFFSET) ^ code, FNV_PRIME);
        }
        inWord = true;
      } else if (inWord) {
        if (!perCharacter) count = this.pushToken(count, wordHash);
        inWord = false;
      }
    }
    if (inWord && !perCharacter) count = this.pushToken(count, wordHash);
    return count;
  }

  private pushToken(count: number, hash: number): number {
    if (count === this.tokens.length) {
      const grown = new Int32Array(this.tokens.length * 2);
      grown.set(this.tokens);
      this.tokens = grown;
    }
    this.tokens[count] = hash | 0;
    return count + 1;
  }

  /** Shingle hashes of the text; the returned view is valid until the next call. */
  hash(text: string): Int32Array {
    const tokenCount = this.tokenize(text);
    if (tokenCount === 0) return this.shingles.subarray(0, 0);
    const n = Math.min(this.ngramSize, tokenCount);
    const shingleCount = tokenCount - n + 1;
    if (shingleCount > this.shingles.length)
      this.shingles = new Int32Array(Math.max(shingleCount, this.shingles.length * 2));
    const tokens = this.tokens;
    const shingles = this.shingles;
    if (this.sampling === 1) {
      for (let start = 0; start < shingleCount; start++) {
        let hash = FNV_OFFSET;
        for (let offset = 0; offset < n; offset++) hash = Math.imul(hash ^ tokens[start + offset]!, FNV_PRIME);
        shingles[start] = fmix32(hash) | 0;
      }
      return shingles.subarray(0, shingleCount);
    }
    const keepBelow = this.keepBelow;
    let kept = 0;
    for (let start = 0; start < shingleCount; start++) {
      let hash = FNV_OFFSET;
      for (let offset = 0; offset < n; offset++) hash = Math.imul(hash ^ tokens[start + offset]!, FNV_PRIME);
      const mixed = fmix32(hash);
      if (mixed < keepBelow) shingles[kept++] = mixed | 0;
    }
    return shingles.subarray(0, kept);
  }
}
