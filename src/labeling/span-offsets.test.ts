import { describe, expect, it } from 'vitest';
import {
  codePointLength,
  codePointToUtf16,
  locateMentions,
  normalizeSpans,
  sliceCodePoints,
  utf16ToCodePoint,
} from './span-offsets.ts';

// "Apple 在北京 opened 一家 store 😀 on 5月1日, 库克 said." — CJK, Latin, an astral emoji.
const text = 'Apple 在北京 opened 一家 store 😀 on 5月1日, 库克 said.';

describe('span offsets (Unicode code points)', () => {
  it('counts CJK as one code point and the emoji as one code point but two UTF-16 units', () => {
    expect(text.length).toBe(codePointLength(text) + 1);
    const emoji = [...text].indexOf('😀');
    expect(codePointToUtf16(text, emoji + 1) - codePointToUtf16(text, emoji)).toBe(2);
  });

  it('slices entities by code point offsets on mixed Chinese/English text', () => {
    const characters = [...text];
    const start = characters.indexOf('库');
    expect(sliceCodePoints(text, start, start + 2)).toBe('库克');
    expect(sliceCodePoints(text, 0, 5)).toBe('Apple');
    expect(sliceCodePoints(text, 7, 9)).toBe('北京');
  });

  it('converts UTF-16 offsets after the emoji (JavaScript clients) to code points and back', () => {
    const utf16Start = text.indexOf('库克');
    const spans = normalizeSpans(text, [{ start: utf16Start, end: utf16Start + 2, label: 'PER' }], 'utf16');
    expect(spans[0]).toEqual({ start: utf16Start - 1, end: utf16Start + 1, label: 'PER', text: '库克' });
    expect(codePointToUtf16(text, spans[0]!.start)).toBe(utf16Start);
    const inside = text.indexOf('😀') + 1;
    expect(() => utf16ToCodePoint(text, inside)).toThrow(/surrogate/);
  });

  it('rejects spans out of range or whose text does not match, and sorts them', () => {
    expect(() => normalizeSpans(text, [{ start: 0, end: 999, label: 'ORG' }])).toThrow(/outside/);
    expect(() => normalizeSpans(text, [{ start: 0, end: 5, label: 'ORG', text: 'Appl' }])).toThrow(/covers/);
    const sorted = normalizeSpans(text, [
      { start: 7, end: 9, label: 'LOC' },
      { start: 0, end: 5, label: 'ORG' },
    ]);
    expect(sorted.map((span) => span.text)).toEqual(['Apple', '北京']);
  });

  it('locates model mentions (text + label) as code point spans, each occurrence once', () => {
    const spans = locateMentions('北京 and 北京 again, 😀 Apple', [
      { text: '北京', label: 'LOC' },
      { text: '北京', label: 'LOC' },
      { text: 'Apple', label: 'ORG' },
      { text: 'Microsoft', label: 'ORG' },
    ]);
    expect(spans).toEqual([
      { start: 0, end: 2, label: 'LOC', text: '北京' },
      { start: 7, end: 9, label: 'LOC', text: '北京' },
      { start: 19, end: 24, label: 'ORG', text: 'Apple' }, // 😀 is one code point: 17
    ]);
  });

  it('refuses nested, overlapping, duplicate and whitespace-only spans with a code and the span', () => {
    const text = '北京大学位于北京 Haidian';
    const refusal = (spans: Array<{ start: number; end: number; label: string }>) => {
      try {
        normalizeSpans(text, spans);
        return null;
      } catch (error) {
        const { code, param, message } = error as { code: string; param: string; message: string };
        return { code, param, message };
      }
    };
    expect(
      refusal([
        { start: 0, end: 4, label: 'ORG' },
        { start: 0, end: 2, label: 'LOC' },
      ]),
    ).toEqual({
      code: 'overlapping_spans',
      param: 'label.spans.0',
      message:
        "Span 0 '北京大学' [0, 4) overlaps span 1 '北京' [0, 2); spans must not overlap (CoNLL and NER exports are flat).",
    });
    expect(
      refusal([
        { start: 0, end: 4, label: 'ORG' },
        { start: 2, end: 6, label: 'LOC' },
      ])?.code,
    ).toBe('overlapping_spans');
    expect(
      refusal([
        { start: 6, end: 8, label: 'LOC' },
        { start: 6, end: 8, label: 'LOC' },
      ]),
    ).toMatchObject({ code: 'duplicate_span', param: 'label.spans.1' });
    expect(refusal([{ start: 8, end: 9, label: 'LOC' }])).toEqual({
      code: 'whitespace_span',
      param: 'label.spans.0',
      message: 'Span 0 [8, 9) covers only whitespace.',
    });
    expect(
      refusal([
        { start: 0, end: 4, label: 'ORG' },
        { start: 6, end: 8, label: 'LOC' },
      ]),
    ).toBeNull();
  });
});
