import { describe, expect, it } from 'vitest';
import { countMessageTokens, countTokens, splitTokens } from './simulated-tokens.ts';

describe('simulated tokens', () => {
  it('counts words, CJK characters and punctuation as tokens', () => {
    expect(countTokens('Hello, world!')).toBe(4);
    expect(countTokens('你好，世界')).toBe(5);
    expect(countTokens('用 Kaiyuan 调用 Qwen3')).toBe(5);
  });

  it('splits into pieces that join back to the text', () => {
    const text = ' Hello,  你好 world!\n';
    const pieces = splitTokens(text);
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBe(countTokens(text));
  });

  it('adds a per-message overhead to chat prompts', () => {
    expect(countMessageTokens([{ role: 'user', content: 'Hi there' }])).toBe(2 + 4 + 2);
    expect(countMessageTokens([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }])).toBe(7);
  });
});
