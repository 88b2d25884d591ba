import { describe, expect, it } from 'vitest';
import type { DataRecord } from '../data-record.ts';
import { exporters } from './index.ts';

const conversation: DataRecord = {
  id: 'c1',
  messages: [
    { role: 'system', content: '你是客服助手。' },
    { role: 'user', content: '怎么退货？' },
    { role: 'assistant', content: '七天内可无理由退货。' },
    { role: 'user', content: '运费谁付？' },
    { role: 'assistant', content: '质量问题由我们承担。' },
  ],
};

describe('exporters', () => {
  it('OpenAI chat', () => {
    expect(exporters.openai.convert(conversation)).toEqual({ line: { messages: conversation.messages } });
    expect(exporters.openai.convert({ id: 'x', text: 'plain' })).toMatchObject({
      error: expect.stringContaining('no messages'),
    });
    expect(exporters.openai.convert({ id: 'x', messages: [{ role: 'user', content: 'hi' }] })).toEqual({
      error: 'no assistant message',
    });
    expect(
      exporters.openai.convert({
        id: 'x',
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      }),
    ).toEqual({ error: 'the last message must be from the assistant' });
    expect(
      exporters.openai.convert({
        id: 'x',
        messages: [
          { role: 'user', content: ' ' },
          { role: 'assistant', content: 'a' },
        ],
      }),
    ).toEqual({ error: 'message 0 (user): empty content' });
  });

  it('ShareGPT (LLaMA-Factory)', () => {
    expect(exporters.sharegpt.convert(conversation)).toEqual({
      line: {
        conversations: [
          { from: 'human', value: '怎么退货？' },
          { from: 'gpt', value: '七天内可无理由退货。' },
          { from: 'human', value: '运费谁付？' },
          { from: 'gpt', value: '质量问题由我们承担。' },
        ],
        system: '你是客服助手。',
      },
    });
    expect(
      exporters.sharegpt.convert({
        id: 'x',
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
          { role: 'assistant', content: 'c' },
        ],
      }),
    ).toMatchObject({ error: expect.stringContaining('alternate') });
  });

  it('Alpaca with history', () => {
    expect(exporters.alpaca.convert(conversation)).toEqual({
      line: {
        instruction: '运费谁付？',
        input: '',
        output: '质量问题由我们承担。',
        system: '你是客服助手。',
        history: [['怎么退货？', '七天内可无理由退货。']],
      },
    });
  });

  it('OpenAI DPO preference pairs', () => {
    const pair: DataRecord = {
      id: 'p',
      messages: [{ role: 'user', content: '写一句问候' }],
      chosen: '您好，很高兴为您服务！',
      rejected: '干嘛',
    };
    expect(exporters.dpo.convert(pair)).toEqual({
      line: {
        input: { messages: [{ role: 'user', content: '写一句问候' }] },
        preferred_output: [{ role: 'assistant', content: '您好，很高兴为您服务！' }],
        non_preferred_output: [{ role: 'assistant', content: '干嘛' }],
      },
    });
    expect(exporters.dpo.convert({ ...pair, rejected: pair.chosen })).toEqual({
      error: 'chosen and rejected answers are identical',
    });
    expect(exporters.dpo.convert({ id: 'q', messages: [{ role: 'user', content: 'x' }] })).toMatchObject({
      error: expect.stringContaining('no chosen/rejected'),
    });
  });
});
