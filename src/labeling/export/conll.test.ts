import { describe, expect, it } from 'vitest';
import { normalizeSpans } from '../span-offsets.ts';
import { bioTags, conllDocument, tokenize, tokensCover } from './conll.ts';

const text = '库克在北京发布了iPhone 16，价格¥5999 😀';

describe('CoNLL export', () => {
  it('tokenises CJK per character, Latin and digit runs as words, punctuation and emoji alone', () => {
    const tokens = tokenize(text);
    expect(tokens.map((token) => token.text)).toEqual([
      '库',
      '克',
      '在',
      '北',
      '京',
      '发',
      '布',
      '了',
      'iPhone',
      '16',
      '，',
      '价',
      '格',
      '¥',
      '5999',
      '😀',
    ]);
    expect(tokensCover(text, tokens)).toBe(true);
  });

  it('writes BIO tags from code point spans', () => {
    const spans = normalizeSpans(text, [
      { start: 0, end: 2, label: 'PER', text: '库克' },
      { start: 3, end: 5, label: 'LOC', text: '北京' },
      { start: 8, end: 17, label: 'PRODUCT', text: 'iPhone 16' },
    ]);
    const tokens = tokenize(text);
    expect(bioTags(tokens, spans).slice(0, 10)).toEqual([
      'B-PER',
      'I-PER',
      'O',
      'B-LOC',
      'I-LOC',
      'O',
      'O',
      'O',
      'B-PRODUCT',
      'I-PRODUCT',
    ]);
    const document = conllDocument(text, spans);
    expect(document.split('\n')[0]).toBe('库 B-PER');
    expect(document.endsWith('😀 O\n\n')).toBe(true);
  });

  it('splits a word where a span starts or ends inside it, so the tag covers only the span', () => {
    const sentence = 'Beijing-based Xiaomi小米 sold iPhones and re-exported them';
    const spans = normalizeSpans(sentence, [
      { start: 0, end: 7, label: 'LOC' },
      { start: 14, end: 20, label: 'ORG' },
      { start: 28, end: 34, label: 'PRODUCT' },
      { start: 43, end: 51, label: 'ACT' },
    ]);
    expect(conllDocument(sentence, spans).trim().split('\n')).toEqual([
      'Beijing B-LOC',
      '-based O',
      'Xiaomi B-ORG',
      '小 O',
      '米 O',
      'sold O',
      'iPhone B-PRODUCT',
      's O',
      'and O',
      're- O',
      'exported B-ACT',
      'them O',
    ]);
    // Without spans the words stay whole.
    expect(tokenize(sentence).map((token) => token.text)).toContain('Beijing-based');
    expect(tokensCover(sentence, tokenize(sentence, new Set([7, 28, 34])))).toBe(true);
  });
});
