import { describe, expect, it } from 'vitest';
import { convertRequest } from './convert-request.ts';
import { resolveQuirks } from './quirks.ts';

describe('convertRequest', () => {
  const body = {
    model: 'deepseek-chat',
    messages: [{ role: 'user', content: 'hi' }],
    max_completion_tokens: 100,
    top_k: 20,
    logit_bias: { '1': 2 },
  };

  it('sets the upstream model, renames the limit, keeps unknown parameters and asks for usage', () => {
    const converted = convertRequest(body, 'deepseek-ai/DeepSeek-V3', resolveQuirks({}), 'chat', true);
    expect(converted).toMatchObject({
      model: 'deepseek-ai/DeepSeek-V3',
      max_tokens: 100,
      top_k: 20,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(converted.max_completion_tokens).toBeUndefined();
    expect(body.model).toBe('deepseek-chat');
  });

  it('follows the quirks: max_completion_tokens, no stream_options, dropped parameters, extra body', () => {
    const quirks = resolveQuirks({
      maxTokensField: 'max_completion_tokens',
      streamOptions: false,
      dropParams: ['logit_bias'],
      extraBody: { enable_thinking: false, top_k: 1 },
    });
    const converted = convertRequest(
      { ...body, max_tokens: 50, max_completion_tokens: undefined, stream_options: { include_usage: false } },
      'm',
      quirks,
      'chat',
      true,
    );
    expect(converted).toMatchObject({ max_completion_tokens: 50, enable_thinking: false, top_k: 20 });
    expect(converted).not.toHaveProperty('max_tokens');
    expect(converted).not.toHaveProperty('stream_options');
    expect(converted).not.toHaveProperty('logit_bias');
  });

  it("keeps the client's own stream options beside include_usage, and changes neither of its objects", () => {
    const client = { ...body, stream: true, stream_options: { include_usage: false, continuous_usage_stats: true } };
    const converted = convertRequest(client, 'up', resolveQuirks({}), 'chat', true);
    expect(converted.stream_options).toEqual({ include_usage: true, continuous_usage_stats: true });
    expect(client.stream_options).toEqual({ include_usage: false, continuous_usage_stats: true });
    expect(client.model).toBe('deepseek-chat');
  });

  it('copies a parsed `__proto__` key as data, never as the prototype of the converted body', () => {
    const parsed = JSON.parse(
      '{"model":"m","messages":[],"__proto__":{"stream_options":"inherited"},"stream_options":{"__proto__":{"x":1}}}',
    ) as Record<string, unknown>;
    for (const stream of [true, false]) {
      const converted = convertRequest(parsed, 'up', resolveQuirks({}), 'chat', stream);
      expect(Object.getPrototypeOf(converted)).toBe(Object.prototype);
      expect(Object.hasOwn(converted, '__proto__')).toBe(true);
      expect(JSON.parse(JSON.stringify(converted)).model).toBe('up');
      if (stream) {
        const options = converted.stream_options as Record<string, unknown>;
        expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
        expect(options.include_usage).toBe(true);
      } else expect(converted).not.toHaveProperty('stream_options');
    }
  });

  it('removes stream fields from non-streamed calls', () => {
    const converted = convertRequest(
      { ...body, stream: false, stream_options: { include_usage: true } },
      'm',
      resolveQuirks({}),
      'chat',
      false,
    );
    expect(converted).not.toHaveProperty('stream');
    expect(converted).not.toHaveProperty('stream_options');
  });

  it("merges the extra bodies under the client's own values, the non-streamed one on non-streamed calls only", () => {
    const quirks = resolveQuirks({
      extraBody: { top_k: 1, seed: 7 },
      nonStreamExtraBody: { enable_thinking: false, seed: 9 },
    });
    for (let call = 0; call < 2; call++) {
      expect(convertRequest(body, 'm', quirks, 'chat', false)).toMatchObject({
        top_k: 20,
        seed: 9,
        enable_thinking: false,
      });
      const streamed = convertRequest(body, 'm', quirks, 'chat', true);
      expect(streamed).toMatchObject({ top_k: 20, seed: 7 });
      expect(streamed).not.toHaveProperty('enable_thinking');
      const embeddings = convertRequest({ model: 'e', input: 'x' }, 'm', quirks, 'embeddings', false);
      expect(embeddings).toEqual({ model: 'm', input: 'x' });
    }
    expect(quirks.extraBody).toEqual({ top_k: 1, seed: 7 });
  });
});
