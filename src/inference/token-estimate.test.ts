import { describe, expect, it } from 'vitest';
import { countTokens, messagesText, quickTokenEstimate } from './token-estimate.ts';

describe('token estimates', () => {
  it('counts CJK characters as about one token each and other text by length', () => {
    expect(quickTokenEstimate('你好世界')).toBe(4);
    expect(quickTokenEstimate('hello world!')).toBe(3);
  });

  it('counts real BPE tokens', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('Hello world')).toBe(2);
  });

  it('collects text of string and part-array contents', () => {
    expect(
      messagesText([
        { role: 'user', content: 'a' },
        { role: 'user', content: [{ type: 'text', text: 'b' }] },
      ]),
    ).toBe('a\nb\n');
  });
});
