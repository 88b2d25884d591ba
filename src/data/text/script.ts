import { isCjkCode } from '../dedup/shingle-hasher.ts';

export { isCjkCode };

/** Words for filters: each CJK character is a word, other scripts split on non-letters/digits. */
export function words(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (isCjkCode(code) || (code >= 0x20000 && code <= 0x2ffff)) {
      if (current) out.push(current);
      current = '';
      out.push(character);
    } else if (/[\p{L}\p{N}_'’-]/u.test(character)) {
      current += character;
    } else {
      if (current) out.push(current);
      current = '';
    }
  }
  if (current) out.push(current);
  return out;
}

/** Bits of the character classes of `words()`, per UTF-16 unit of the BMP (built on first use). */
export const WORD_CHARACTER = 1;
export const LETTER = 2;
export const CJK_WORD = 4;

let classes: Uint8Array | null = null;

/**
 * The class bits of every BMP unit: WORD_CHARACTER for `[\p{L}\p{N}_'’-]` (a unit of a word),
 * LETTER for `\p{L}`, CJK_WORD for a CJK character (a word on its own). Surrogates are 0: a pair
 * is classified by `astralClasses`, a lone surrogate is a separator as in `words()`.
 */
export function bmpClasses(): Uint8Array {
  if (classes) return classes;
  const table = new Uint8Array(0x10000);
  // Every BMP unit but the surrogates, once; each regular expression classifies all of them in one
  // native replace (a unit that does not match becomes U+0000, so positions stay aligned).
  let all = '';
  for (let code = 0; code < 0x10000; code += 0x800)
    if (code < 0xd800 || code > 0xdfff)
      all += String.fromCharCode(...Array.from({ length: 0x800 }, (_, offset) => code + offset));
  const unitAt = (index: number) => (index < 0xd800 ? index : index + 0x800);
  const matches = (pattern: RegExp, bit: number) => {
    const kept = all.replace(pattern, '\0');
    for (let index = 0; index < kept.length; index++) if (kept.charCodeAt(index) !== 0) table[unitAt(index)]! |= bit;
  };
  matches(/[^\p{L}\p{N}_'’-]/gu, WORD_CHARACTER);
  matches(/\P{L}/gu, LETTER);
  table[0] = 0;
  for (let code = 0; code < 0x10000; code++) if (isCjkCode(code)) table[code] = CJK_WORD | (table[code]! & LETTER);
  classes = table;
  return table;
}

/** The class bits of a code point above the BMP (as `bmpClasses` gives for BMP units). */
export function astralClasses(codePoint: number): number {
  const character = String.fromCodePoint(codePoint);
  const letter = /\p{L}/u.test(character) ? LETTER : 0;
  if (codePoint >= 0x20000 && codePoint <= 0x2ffff) return CJK_WORD | letter;
  return /[\p{L}\p{N}_'’-]/u.test(character) ? WORD_CHARACTER | letter : 0;
}

/** Share of CJK characters among letters (0..1): decides which rule variant applies. */
export function cjkRatio(text: string): number {
  let cjk = 0;
  let letters = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isCjkCode(code)) {
      cjk++;
      letters++;
    } else if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 0xc0 && code < 0x2000)) {
      letters++;
    }
  }
  return letters === 0 ? 0 : cjk / letters;
}

export function lines(text: string): string[] {
  return text.split(/\r?\n/);
}
