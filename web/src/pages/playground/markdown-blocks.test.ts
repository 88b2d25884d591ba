import { describe, expect, it } from 'vitest';
import { describeLink, parseBlocks, parseInline, safeHref } from './markdown-blocks.ts';

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

describe('links and images in answers', () => {
  it('reads images as addresses to show, never to load, and unsafe ones as text', () => {
    expect(parseInline('see ![chart](https://example.com/c.png)')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'image', alt: 'chart', href: 'https://example.com/c.png' },
    ]);
    expect(parseInline('![x](javascript:alert(1))').every((span) => span.kind === 'text')).toBe(true);
    expect(parseInline('![](data:image/png;base64,AAAA)')).toEqual([
      { kind: 'text', text: '![](data:image/png;base64,AAAA)' },
    ]);
    expect(parseInline('[](https://example.com)')).toEqual([{ kind: 'text', text: '[](https://example.com)' }]);
  });

  it('describes a link by the host it goes to, in punycode for look-alike hosts', () => {
    expect(describeLink('https://docs.example.com/a?b=1')).toEqual({
      host: 'docs.example.com',
      href: 'https://docs.example.com/a?b=1',
    });
    expect(describeLink('https://exаmple.com/').host).toBe('xn--exmple-4nf.com'); // a Cyrillic "а"
    expect(safeHref('JavaScript:alert(1)')).toBeNull();
    expect(safeHref('//evil.example/x')).toBeNull();
    expect(safeHref('vbscript:msgbox(1)')).toBeNull();
  });
});
