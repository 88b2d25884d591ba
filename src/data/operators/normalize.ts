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

export function normalizeWhitespace(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00a0\u3000]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export const normalizeOperator = defineOperator({
  name: 'normalize',
  description: 'Unicode NFKC, whitespace, punctuation width, HTML to text, Traditional ↔ Simplified Chinese.',
  schema,
  create(params) {
    const convert = chineseConverter(params.chinese);
    const transform = (input: string): string => {
      let text = input;
      if (params.html === 'always' || (params.html === 'auto' && looksLikeHtml(text))) text = htmlToText(text);
      if (params.nfkc) text = text.normalize('NFKC');
      if (params.punctuation === 'cjk-fullwidth') text = cjkFullWidthPunctuation(text);
      else if (params.punctuation === 'halfwidth')
        text = text.replace(/[，。！？：；（）、【】“”‘’]/g, (mark) => toHalfWidth[mark] ?? mark);
      if (params.whitespace) text = normalizeWhitespace(text);
      if (params.chinese !== 'none') text = convert(text);
      return text;
    };
    return {
      kind: 'map',
      apply(record) {
        const next = mapRecordText(record, transform);
        return next === record ? { kind: 'keep' } : { kind: 'modify', record: next, reason: 'text normalized' };
      },
    };
  },
});
