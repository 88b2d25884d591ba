import { describe, expect, it } from 'vitest';
import { normalizeOperator } from './normalize.ts';

const run = (text: string, params: object = {}) => {
  const operator = normalizeOperator.create(normalizeOperator.schema.parse(params));
  if (operator.kind !== 'map') throw new Error('map expected');
  const outcome = operator.apply({ id: 'x', text });
  return outcome.kind === 'modify' ? outcome.record.text : outcome.kind === 'keep' ? text : null;
};

describe('normalize', () => {
  it('applies NFKC to full-width letters and digits', () => {
    expect(run('ＡＢＣ１２３ abc')).toBe('ABC123 abc');
  });

  it('keeps Chinese punctuation full width next to CJK, ASCII elsewhere', () => {
    expect(run('你好，世界！价格是3.14元.')).toBe('你好，世界！价格是3.14元。');
    expect(run('Hello, world! 你好,世界')).toBe('Hello, world! 你好，世界');
    expect(run('你好，世界！', { punctuation: 'halfwidth' })).toBe('你好,世界!');
  });

  it('collapses whitespace and drops zero-width characters', () => {
    expect(run('  a\u200b b\t\tc  \n\n\n\n d ')).toBe('a b c\n\nd');
  });

  it('converts HTML to text when it looks like HTML', () => {
    expect(run('<p>第一段&amp;内容</p><script>alert(1)</script><div>second&nbsp;para</div>')).toBe(
      '第一段&内容\n\nsecond para',
    );
  });

  it('converts Traditional to Simplified and back', () => {
    expect(run('漢字轉換，簡體中文', { chinese: 't2s' })).toBe('汉字转换，简体中文');
    expect(run('汉字转换', { chinese: 's2t' })).toBe('漢字轉換');
  });

  it('normalizes every message of a conversation', () => {
    const operator = normalizeOperator.create(normalizeOperator.schema.parse({}));
    const outcome =
      operator.kind === 'map'
        ? operator.apply({
            id: 'c',
            messages: [
              { role: 'user', content: 'ｈｉ  there' },
              { role: 'assistant', content: 'ok' },
            ],
          })
        : null;
    expect(outcome).toEqual({
      kind: 'modify',
      record: {
        id: 'c',
        messages: [
          { role: 'user', content: 'hi there' },
          { role: 'assistant', content: 'ok' },
        ],
      },
      reason: 'text normalized',
    });
  });
});
