import { describe, expect, it } from 'vitest';
import { documentText, relevanceScore } from './simulated-rerank.ts';

describe('the simulated reranker', () => {
  it('scores a document sharing the query words above one that does not', () => {
    const query = '开源大模型的部署';
    expect(relevanceScore(query, '如何部署开源大模型')).toBeGreaterThan(relevanceScore(query, '今天天气很好'));
    expect(relevanceScore('rerank documents', 'documents to rerank')).toBeGreaterThan(
      relevanceScore('rerank documents', 'a recipe for soup'),
    );
  });

  it('scores in [0, 1] and the same pair always the same', () => {
    expect(relevanceScore('abc', 'abc')).toBe(1);
    expect(relevanceScore('abc', 'xyz')).toBe(0);
    expect(relevanceScore('query', 'document')).toBe(relevanceScore('query', 'document'));
  });

  it('reads documents as strings or { text }', () => {
    expect(documentText('a')).toBe('a');
    expect(documentText({ text: 'b' })).toBe('b');
    expect(documentText(3)).toBeNull();
  });
});
