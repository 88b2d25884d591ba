import { z } from 'zod';
import { mapRecordText } from '../data-record.ts';
import { chineseConverter } from '../text/chinese-convert.ts';
import { htmlToText, htmlToTextStages, looksLikeHtml } from '../text/html-to-text.ts';
import { isCjkCode } from '../text/script.ts';
import { cutStage, lastNewlineCut, runStages, trimStage, type TextStage } from '../text/text-stages.ts';
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
    // Only runs that change (as in collapseSpaces of html-to-text.ts): same result, far fewer replacements.
    .replace(/[ \t\u00a0\u3000]{2,}|[\t\u00a0\u3000]/g, ' ')
    .replace(/ +\n *|\n +/g, '\n')
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

export type NormalizeParams = z.output<typeof schema>;

/** Where the steps after HTML conversion may cut a buffer: as pieceBoundaries, the last such line break. */
function solidCut(buffer: string): number {
  return lastNewlineCut(
    buffer,
    buffer.length,
    (newline) => newline > 0 && isSolid(buffer[newline - 1]!) && isSolid(buffer[newline + 1]!),
  );
}

// Classes of BMP units for the unchanged-text check (unchangedByDefaults).
const OTHER = 0; // anything else: take the full path
const PLAIN = 1; // left alone whatever its neighbours (NFKC-stable, not whitespace, not a mark)
const CJK = 2; // a CJK ideograph: NFKC-stable, and a neighbour that makes marks full width
const SPACE = 3;
const NEWLINE = 4;
const MARK = 5; // ASCII , . ! ? : ; ( ): full width next to CJK
const WIDE_EITHER = 6; // ， ！ ？ ；: NFKC makes them ASCII, full width again next to CJK
const WIDE_BEFORE = 7; // ：and ）: full width again after CJK
const WIDE_AFTER = 8; // （: full width again before CJK

let unitClasses: Uint8Array | null = null;

function classesOfUnits(): Uint8Array {
  if (unitClasses) return unitClasses;
  const table = new Uint8Array(0x10000);
  for (let code = 0x21; code < 0x7f; code++) table[code] = code === 0x3c ? OTHER : PLAIN;
  for (const mark of ',.!?:;()') table[mark.charCodeAt(0)] = MARK;
  table[0x20] = SPACE;
  table[0x0a] = NEWLINE;
  for (let code = 0x3400; code <= 0x4dbf; code++) table[code] = CJK;
  for (let code = 0x4e00; code <= 0x9fff; code++) table[code] = CJK;
  // Punctuation of Chinese text that every step leaves as it is (checked, not assumed).
  const keep = '、。〈〉《》「」『』【】〔〕〖〗〘〙〚〛〝〞〟‐‑‒–—―‖‗‘’‚‛“”„‟†‡•‧‰′″‵·×÷';
  for (const character of keep)
    if (character.normalize('NFKC') === character && !SOFT.test(character)) table[character.charCodeAt(0)] = PLAIN;
  for (const character of '，！？；') table[character.charCodeAt(0)] = WIDE_EITHER;
  for (const character of '：）') table[character.charCodeAt(0)] = WIDE_BEFORE;
  table['（'.charCodeAt(0)] = WIDE_AFTER;
  unitClasses = table;
  return table;
}

/**
 * True when normalize with `nfkc`, `whitespace`, no Chinese conversion and no HTML (`punctuation`
 * `cjk-fullwidth`, or `keep` when `keepMarks`) would return the text unchanged, decided in one scan:
 * only NFKC-stable ASCII, CJK ideographs and common Chinese punctuation, single spaces not beside a
 * line break, at most two line breaks in a row, nothing to trim, no `<`, and every punctuation mark
 * already of the width its neighbours give it. False means "not known": take the full path.
 */
export function unchangedByDefaults(text: string, keepMarks: boolean): boolean {
  const classes = classesOfUnits();
  const length = text.length;
  if (length === 0) return true;
  let newlines = 0;
  let previous = NEWLINE; // a space or line break at the start would be trimmed
  for (let index = 0; index < length; index++) {
    const kind = classes[text.charCodeAt(index)]!;
    switch (kind) {
      case PLAIN:
      case CJK:
        break;
      case SPACE:
        if (previous === SPACE || previous === NEWLINE) return false;
        break;
      case NEWLINE:
        if (index === 0 || previous === SPACE || newlines >= 2) return false;
        break;
      case MARK:
        if (
          !keepMarks &&
          (isCjkCode(text.charCodeAt(index - 1)) || (index + 1 < length && isCjkCode(text.charCodeAt(index + 1))))
        )
          return false;
        break;
      case WIDE_EITHER:
        if (keepMarks || !(classes[text.charCodeAt(index - 1)] === CJK || classes[text.charCodeAt(index + 1)] === CJK))
          return false;
        break;
      case WIDE_BEFORE:
        if (keepMarks || classes[text.charCodeAt(index - 1)] !== CJK) return false;
        break;
      case WIDE_AFTER:
        if (keepMarks || classes[text.charCodeAt(index + 1)] !== CJK) return false;
        break;
      default:
        return false;
    }
    newlines = kind === NEWLINE ? newlines + 1 : 0;
    previous = kind;
  }
  return previous !== SPACE && previous !== NEWLINE;
}

/**
 * The normalize transformation of one text. Texts longer than `pieceCharacters` go through every
 * step (HTML conversion included) piece by piece, so no step copies more than a piece at a time
 * besides the result; the output is the same as for the whole text.
 */
export function textNormalizer(
  params: NormalizeParams,
  pieceCharacters = PIECE_CHARACTERS,
  /** false: always the full path (tests compare the quick check with it). */
  unchangedCheck = true,
): (text: string) => string {
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
  const restOfPiece = (piece: string) => rest(piece, false);
  const quickCheck =
    unchangedCheck &&
    params.nfkc &&
    params.whitespace &&
    params.chinese === 'none' &&
    params.html !== 'always' &&
    params.punctuation !== 'halfwidth';
  const keepMarks = params.punctuation === 'keep';
  return (input: string): string => {
    if (quickCheck && unchangedByDefaults(input, keepMarks)) return input;
    const html = params.html === 'always' || (params.html === 'auto' && looksLikeHtml(input));
    if (input.length <= pieceCharacters) return rest(html ? htmlToText(input) : input, true);
    // A long text in pieces, so the passes above never copy more than one piece at a time.
    const stages: TextStage[] = html ? htmlToTextStages() : [];
    stages.push(cutStage(restOfPiece, solidCut));
    if (params.whitespace) stages.push(trimStage());
    return runStages(input, stages, pieceCharacters);
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
