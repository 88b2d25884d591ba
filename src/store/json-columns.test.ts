import { describe, expect, it } from 'vitest';
import { parseJsonColumn, parseStringList } from './json-columns.ts';

describe('JSON columns', () => {
  it('parses a cell, and turns an empty or corrupt one into the fallback', () => {
    expect(parseJsonColumn('{"rpm":5}', {})).toEqual({ rpm: 5 });
    expect(parseJsonColumn(null, { kind: 'response' })).toEqual({ kind: 'response' });
    expect(parseJsonColumn('', [])).toEqual([]);
    expect(parseJsonColumn('{"torn": ', 'fallback')).toBe('fallback');
  });

  it('keeps only the strings of a string list', () => {
    expect(parseStringList('["gpt", 3, null, "qwen"]')).toEqual(['gpt', 'qwen']);
    expect(parseStringList('{"not": "a list"}')).toEqual([]);
    expect(parseStringList('not json')).toEqual([]);
  });
});
