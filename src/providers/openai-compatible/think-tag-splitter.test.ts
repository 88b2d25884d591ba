import { describe, expect, it } from 'vitest';
import { splitThinkTags, ThinkTagSplitter } from './think-tag-splitter.ts';

function streamSplit(pieces: string[], implicitOpen = false): { reasoning: string; content: string } {
  const splitter = new ThinkTagSplitter(implicitOpen);
  let reasoning = '';
  let content = '';
  for (const piece of pieces) {
    const out = splitter.push(piece);
    reasoning += out.reasoning;
    content += out.content;
  }
  const last = splitter.flush();
  return { reasoning: reasoning + last.reasoning, content: content + last.content };
}

describe('ThinkTagSplitter', () => {
  const whole = '<think>\nLet me add: 1+1.\n</think>\n\nThe answer is 2.';

  it('splits a whole content string', () => {
    expect(splitThinkTags(whole)).toEqual({ reasoning: 'Let me add: 1+1.', content: 'The answer is 2.' });
  });

  it('gives the same split wherever the stream is cut', () => {
    for (let cut = 1; cut < whole.length; cut++) {
      for (let second = cut + 1; second < whole.length; second += 3) {
        expect(streamSplit([whole.slice(0, cut), whole.slice(cut, second), whole.slice(second)])).toEqual({
          reasoning: 'Let me add: 1+1.',
          content: 'The answer is 2.',
        });
      }
    }
  });

  it('leaves content without a leading <think> alone', () => {
    expect(streamSplit(['Hello <think> is', ' a tag'])).toEqual({ reasoning: '', content: 'Hello <think> is a tag' });
    expect(streamSplit(['<', 'b>bold</b>'])).toEqual({ reasoning: '', content: '<b>bold</b>' });
  });

  it('handles templates that open the thought in the prompt', () => {
    expect(streamSplit(['Thinking hard', '.</thi', 'nk>Done'], true)).toEqual({
      reasoning: 'Thinking hard.',
      content: 'Done',
    });
  });

  it('releases an unfinished thought as reasoning', () => {
    expect(streamSplit(['<think>still thinking </thi'])).toEqual({ reasoning: 'still thinking </thi', content: '' });
  });
});
