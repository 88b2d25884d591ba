import { describe, expect, it } from 'vitest';
import { diffLabels, diffText, spanSegments, spanText, tokenize } from './label-diff.ts';

describe('label diff', () => {
  it('shows a class set for the first time, changed, and taken back', () => {
    expect(diffLabels(null, { choice: 'positive' })).toEqual([
      { type: 'value', field: 'choice', from: null, to: 'positive' },
    ]);
    expect(diffLabels({ choice: 'positive' }, { choice: 'negative' })).toEqual([
      { type: 'value', field: 'choice', from: 'positive', to: 'negative' },
    ]);
    expect(diffLabels({ choice: 'positive' }, null)).toEqual([
      { type: 'value', field: 'choice', from: 'positive', to: null },
    ]);
    expect(diffLabels({ choice: 'positive' }, { choice: 'positive' })).toEqual([]);
    expect(diffLabels(null, null)).toEqual([]);
  });

  it('lists chips added, removed and kept for multi-label classification', () => {
    expect(diffLabels({ choices: ['a', 'b'] }, { choices: ['b', 'c'] })).toEqual([
      { type: 'choices', added: ['c'], removed: ['a'], kept: ['b'] },
    ]);
    expect(diffLabels({ choices: ['a', 'b'] }, { choices: ['b', 'a'] })).toEqual([]);
  });

  it('tells spans added, removed and relabeled apart', () => {
    const before = {
      spans: [
        { start: 0, end: 2, label: 'ORG', text: '京东' },
        { start: 3, end: 5, label: 'LOC', text: '北京' },
      ],
    };
    const after = {
      spans: [
        { start: 0, end: 2, label: 'BRAND', text: '京东' },
        { start: 6, end: 8, label: 'LOC', text: '上海' },
      ],
    };
    expect(diffLabels(before, after)).toEqual([
      {
        type: 'spans',
        added: [{ start: 6, end: 8, label: 'LOC', text: '上海' }],
        removed: [{ start: 3, end: 5, label: 'LOC', text: '北京' }],
        relabeled: [{ span: { start: 0, end: 2, label: 'BRAND', text: '京东' }, from: 'ORG' }],
      },
    ]);
  });

  it('compares ratings and preferences as values, and reports a change of kind', () => {
    expect(diffLabels({ rating: 2 }, { rating: 4 })).toEqual([{ type: 'value', field: 'rating', from: '2', to: '4' }]);
    expect(diffLabels({ preferred: 'a' }, { preferred: 'tie' })).toEqual([
      { type: 'value', field: 'preferred', from: 'a', to: 'tie' },
    ]);
    expect(diffLabels({ rating: 2 }, { choice: 'x' })).toEqual([
      { type: 'kind', from: { rating: 2 }, to: { choice: 'x' } },
    ]);
  });

  it('compares answers word by word, and Chinese character by character', () => {
    expect(diffText('The parcel arrived late.', 'The parcel arrived early.')).toEqual([
      { type: 'same', text: 'The parcel arrived ' },
      { type: 'removed', text: 'late.' },
      { type: 'added', text: 'early.' },
    ]);
    expect(diffText('物流很快', '物流很慢')).toEqual([
      { type: 'same', text: '物流很' },
      { type: 'removed', text: '快' },
      { type: 'added', text: '慢' },
    ]);
    expect(tokenize('Hi 你好 there')).toEqual(['Hi', ' ', '你', '好', ' ', 'there']);
    const segments = diffText('a b c d', 'a x c y d');
    expect(
      segments
        .filter((segment) => segment.type !== 'removed')
        .map((segment) => segment.text)
        .join(''),
    ).toBe('a x c y d');
    expect(
      segments
        .filter((segment) => segment.type !== 'added')
        .map((segment) => segment.text)
        .join(''),
    ).toBe('a b c d');
    expect(diffLabels({ answer: 'same' }, { answer: 'same' })).toEqual([]);
  });

  it('compares Q&A pairs one by one: edited text, dropped, added', () => {
    const [change] = diffLabels(
      {
        pairs: [
          { question: 'Q1', answer: 'A one', keep: true },
          { question: 'Q2', answer: 'A2', keep: true },
        ],
      },
      {
        pairs: [
          { question: 'Q1', answer: 'A uno', keep: true },
          { question: 'Q2', answer: 'A2', keep: false },
          { question: 'Q3', answer: 'A3', keep: true },
        ],
      },
    );
    expect(change).toMatchObject({
      type: 'pairs',
      pairs: [
        { index: 0, status: 'changed', keep: { from: true, to: true } },
        { index: 1, status: 'changed', keep: { from: true, to: false } },
        { index: 2, status: 'added', keep: { from: null, to: true } },
      ],
    });
  });

  it('cuts text at span edges in code points, so characters beyond the BMP keep their place', () => {
    const text = '𠮷野家在北京';
    expect(
      spanSegments(text, [
        { start: 4, end: 6, label: 'LOC' },
        { start: 0, end: 3, label: 'ORG' },
      ]),
    ).toEqual([
      { text: '𠮷野家', label: 'ORG' },
      { text: '在', label: null },
      { text: '北京', label: 'LOC' },
    ]);
    expect(
      spanSegments('abc', [
        { start: 0, end: 2, label: 'X' },
        { start: 1, end: 3, label: 'Y' },
      ]),
    ).toEqual([
      { text: 'ab', label: 'X' },
      { text: 'c', label: null },
    ]);
    expect(spanText({ start: 4, end: 6, label: 'LOC' }, text)).toBe('北京');
    expect(spanText({ start: 4, end: 6, label: 'LOC', text: '北京' }, undefined)).toBe('北京');
  });
});
