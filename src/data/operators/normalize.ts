import { z } from 'zod';
import { mapRecordText } from '../data-record.ts';
import { chineseConverter } from '../text/chinese-convert.ts';
import { htmlToText, looksLikeHtml } from '../text/html-to-text.ts';
import { isCjkCode } from '../text/script.ts';
import { defineOperator } from './operator-types.ts';

const schema = z
  .object({
    /** Unicode NFKC: full-width letters and digits to ASCII, compatibility characters to canonical ones. */
    nfkc: z.boolean().default(true),
    /** Collapse runs of spaces and tabs, trim lines, at most one blank line, drop zero-width characters. */
    whitespace: z.boolean().default(true),
    /**
     * keep: leave punctuation as NFKC left it; cjk-fullwidth: ASCII punctuation next to CJK
     * characters becomes full width (，。！？：；（）); halfwidth: all full-width punctuation to ASCII.
     */
    punctuation: z.enum(['keep', 'cjk-fullwidth', 'halfwidth']).default('cjk-fullwidth'),
    /** Convert HTML to text: always, never, or when the text looks like HTML. */
    html: z.enum(['auto', 'always', 'never']).default('auto'),
    /** Traditional ↔ Simplified Chinese (OpenCC). */
    chinese: z.enum(['none', 't2s', 's2t']).default('none'),
  })
  .strict();

const toFullWidth: Record<string, string> = {
  ',': '，',
  '.': '。',
  '!': '！',
  '?': '？',
  ':': '：',
  ';': '；',
  '(': '（',
  ')': '）',
};
const toHalfWidth: Record<string, string> = {
  '，': ',',
  '。': '.',
  '！': '!',
  '？': '?',
  '：': ':',
  '；': ';',
  '（': '(',
  '）': ')',
  '、': ',',
  '【': '[',
  '】': ']',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
};

function isCjkAt(text: string, index: number): boolean {
  return index >= 0 && index < text.length && isCjkCode(text.charCodeAt(index));
}

/** ASCII punctuation touching a CJK character becomes full width (3.14 and a.b stay). */
export function cjkFullWidthPunctuation(text: string): string {
  return text.replace(/[,.!?:;()]/g, (mark, offset: number) => {
    const before = isCjkAt(text, offset - 1);
    const after = isCjkAt(text, offset + 1);
    if (mark === '(') return after ? '（' : mark;
    if (mark === ')') return before ? '）' : mark;
    if (mark === '.')
      return before && (offset + 1 >= text.length || after || /\s/.test(text[offset + 1]!)) ? '。' : mark;
    return before || (after && mark !== ':') ? toFullWidth[mark]! : mark;
  });
}

export function normalizeWhitespace(text: string, trim = true): string {
  const collapsed = text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n');
  return trim ? collapsed.trim() : collapsed;
}

/** Texts longer than this are normalized piece by piece (see pieceBoundaries): a few copies of a piece, not of the text. */
export const PIECE_CHARACTERS = 1 << 20;

const SOFT = /[\s\u200b-\u200d\u2060\ufeff]/u;

/** Neither whitespace nor zero-width, also after NFKC (which turns e.g. U+2002 or U+00A8 into or around a space). */
function isSolid(character: string): boolean {
  if (SOFT.test(character)) return false;
  const normalized = character.normalize('NFKC');
  return normalized.length > 0 && !SOFT.test(normalized[0]!) && !SOFT.test(normalized.at(-1)!);
}

/**
 * Where a long text can be cut so that normalizing the pieces and joining them gives exactly what
 * normalizing the whole would: just after a line break that stands between two characters that are
 * neither whitespace nor zero-width. No run of spaces or line breaks, no `\r\n`, no NFKC sequence and
 * no punctuation context (the characters beside a mark) crosses such a cut.
 */
export function pieceBoundaries(text: string, pieceCharacters = PIECE_CHARACTERS): number[] {
  const cuts: number[] = [];
  let from = pieceCharacters;
  while (from < text.length) {
    let cut = -1;
    for (let index = text.indexOf('\n', from); index >= 0; index = text.indexOf('\n', index + 1)) {
      if (index > 0 && index + 1 < text.length && isSolid(text[index - 1]!) && isSolid(text[index + 1]!)) {
        cut = index + 1;
        break;
      }
    }
    if (cut < 0) break;
    cuts.push(cut);
    from = cut + pieceCharacters;
  }
  return cuts;
}

/**
 * The normalize transformation of one text. Texts longer than `pieceCharacters` are processed in
 * pieces cut at pieceBoundaries (HTML conversion, when it applies, still sees the whole text).
 */
export type NormalizeParams = z.output<typeof schema>;

export function textNormalizer(params: NormalizeParams, pieceCharacters = PIECE_CHARACTERS): (text: string) => string {
  const convert = chineseConverter(params.chinese);
  // Everything after HTML conversion, on a whole text or on one piece of it (`trim` only on the whole).
  const rest = (input: string, trim: boolean): string => {
    let text = input;
    if (params.nfkc) text = text.normalize('NFKC');
    if (params.punctuation === 'cjk-fullwidth') text = cjkFullWidthPunctuation(text);
    else if (params.punctuation === 'halfwidth')
      text = text.replace(/[，。！？：；（）、【】“”‘’]/g, (mark) => toHalfWidth[mark] ?? mark);
    if (params.whitespace) text = normalizeWhitespace(text, trim);
    if (params.chinese !== 'none') text = convert(text);
    return text;
  };
  return (input: string): string => {
    let text = input;
    if (params.html === 'always' || (params.html === 'auto' && looksLikeHtml(text))) text = htmlToText(text);
    const cuts = text.length > pieceCharacters ? pieceBoundaries(text, pieceCharacters) : [];
    if (cuts.length === 0) return rest(text, true);
    // A long text in pieces, so the passes above never copy more than one piece at a time.
    const pieces: string[] = [];
    let start = 0;
    for (const cut of [...cuts, text.length]) {
      pieces.push(rest(text.slice(start, cut), false));
      start = cut;
    }
    const joined = pieces.join('');
    return params.whitespace ? joined.trim() : joined;
  };
}

export const normalizeOperator = defineOperator({
  name: 'normalize',
  description: 'Unicode NFKC, whitespace, punctuation width, HTML to text, Traditional ↔ Simplified Chinese.',
  schema,
  create(params) {
    const transform = textNormalizer(params);
    return {
      kind: 'map',
      apply(record) {
        const next = mapRecordText(record, transform);
        return next === record ? { kind: 'keep' } : { kind: 'modify', record: next, reason: 'text normalized' };
      },
    };
  },
});
