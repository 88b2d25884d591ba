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
