import { describe, expect, it } from 'vitest';
import { parseBlocks, parseInline, safeHref } from './markdown-blocks.ts';

describe('answer Markdown', () => {
  it('reads code fences, headings, lists and inline spans', () => {
    const blocks = parseBlocks('# 标题\n\nSome **bold** and `code`.\n\n- one\n- two\n\n```ts\nconst a = 1;\n```');
    expect(blocks.map((block) => block.kind)).toEqual(['heading', 'paragraph', 'list', 'code']);
    expect(blocks[3]).toEqual({ kind: 'code', language: 'ts', text: 'const a = 1;' });
    expect(blocks[1]).toMatchObject({
      content: [
        { kind: 'text', text: 'Some ' },
        { kind: 'strong', children: [{ kind: 'text', text: 'bold' }] },
        { kind: 'text', text: ' and ' },
        { kind: 'code', text: 'code' },
        { kind: 'text', text: '.' },
      ],
    });
  });

  it('keeps HTML as text and only web links as links', () => {
    expect(parseInline('<img src=x onerror=alert(1)>')).toEqual([
      { kind: 'text', text: '<img src=x onerror=alert(1)>' },
    ]);
    const script = parseInline('[x](javascript:alert(1))');
    expect(script.every((span) => span.kind === 'text')).toBe(true);
    expect(script.map((span) => (span.kind === 'text' ? span.text : '')).join('')).toBe('[x](javascript:alert(1))');
    expect(parseInline('[docs](https://example.com/a)')).toEqual([
      { kind: 'link', text: 'docs', href: 'https://example.com/a' },
    ]);
    expect(safeHref('data:text/html,hi')).toBeNull();
  });

  it('shows an unfinished fence of a streaming answer as code', () => {
    expect(parseBlocks('```python\nprint(1)')).toEqual([{ kind: 'code', language: 'python', text: 'print(1)' }]);
  });
});
