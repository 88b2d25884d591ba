import { describe, expect, it } from 'vitest';
import type { ProviderCall, StreamPart } from '../spec.ts';
import { SimulatorProvider } from './simulator-provider.ts';

function call(body: Record<string, unknown>, upstreamModel = 'sim-chat'): ProviderCall {
  return {
    upstreamModel,
    body,
    signal: new AbortController().signal,
    timeouts: { connectMs: 1000, firstByteMs: 1000, idleMs: 1000, totalMs: 5000 },
    requestId: 'req_test',
  };
}

async function collect(stream: AsyncIterable<StreamPart>): Promise<StreamPart[]> {
  const parts: StreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

const fast = { latencyMs: 0, tokensPerSecond: 0 };
const hello = { messages: [{ role: 'user', content: 'Hello there, how are you?' }] };

describe('SimulatorProvider', () => {
  it('answers deterministically with usage', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const first = await provider.chat(call(hello));
    const second = await provider.chat(call(hello));
    expect(first.text).toBe(second.text);
    expect(first.usage!.promptTokens).toBe(2 + 4 + 7);
    expect(first.usage!.completionTokens).toBe(48);
    const message = (first.json.choices as any[])[0].message;
    expect(message.content).toContain('simulated answer to "Hello there, how are you?"');
  });

  it('reports the same usage streamed and not streamed, and the streamed text joins to the same answer', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const whole = await provider.chat(call(hello));
    const parts = await collect(
      await provider.chatStream(call({ ...hello, stream: true, stream_options: { include_usage: true } })),
    );
    const last = parts[parts.length - 1]!;
    expect(last.usageOnly).toBe(true);
    expect(last.usage).toEqual(whole.usage);
    const text = parts.map((part) => JSON.parse(part.data).choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe((whole.json.choices as any[])[0].message.content);
    expect(parts.some((part) => part.finishReason === 'stop')).toBe(true);
  });

  it('closes every stream with usage, asked for or not (the gateway drops it for a client that did not ask)', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const parts = await collect(await provider.chatStream(call({ ...hello, stream: true })));
    expect(parts.at(-1)!.usageOnly).toBe(true);
    expect(parts.at(-1)!.usage!.completionTokens).toBe(48);
    const silent = new SimulatorProvider('sim', { ...fast, omitUsage: true });
    const without = await collect(await silent.chatStream(call({ ...hello, stream: true })));
    expect(without.some((part) => part.usage)).toBe(false);
  });

  it('calls the named tool with arguments that fit its schema, then answers from the tool result', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const tools = [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      },
    ];
    const result = await provider.chat(call({ messages: [{ role: 'user', content: 'Weather in Hangzhou' }], tools }));
    const choice = (result.json.choices as any[])[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(JSON.parse(choice.message.tool_calls[0].function.arguments)).toEqual({ city: 'Weather in Hangzhou' });
    const followUp = await provider.chat(
      call({
        messages: [
          { role: 'user', content: 'Weather in Hangzhou' },
          { role: 'assistant', content: null, tool_calls: choice.message.tool_calls },
          { role: 'tool', tool_call_id: choice.message.tool_calls[0].id, content: '22°C, sunny' },
        ],
        tools,
      }),
    );
    expect((followUp.json.choices as any[])[0].message.content).toBe('The tool returned: 22°C, sunny');
  });

  it('honours max_tokens, stop, n and json_schema', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const limited = await provider.chat(call({ ...hello, max_tokens: 5, n: 2 }));
    const choices = limited.json.choices as any[];
    expect(choices).toHaveLength(2);
    expect(choices[0].finish_reason).toBe('length');
    expect(limited.usage!.completionTokens).toBe(10);
    const stopped = await provider.chat(call({ ...hello, stop: ['answer'] }));
    expect((stopped.json.choices as any[])[0].message.content).toBe('This is a simulated ');
    const structured = await provider.chat(
      call({
        ...hello,
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'x',
            schema: { type: 'object', properties: { mood: { type: 'string', enum: ['good', 'bad'] } } },
          },
        },
      }),
    );
    expect(JSON.parse((structured.json.choices as any[])[0].message.content)).toEqual({ mood: 'good' });
  });

  it('streams reasoning_content before the answer for the reasoning model', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const parts = await collect(
      await provider.chatStream(
        call({ ...hello, stream: true, stream_options: { include_usage: true } }, 'sim-reasoner'),
      ),
    );
    const kinds = parts.map((part) => Object.keys(JSON.parse(part.data).choices[0]?.delta ?? {})[0]).filter(Boolean);
    expect(kinds.indexOf('reasoning_content')).toBeLessThan(kinds.indexOf('content', 2));
    expect(parts[parts.length - 1]!.usage!.reasoningTokens).toBeGreaterThan(0);
  });

  it('injects faults: status with Retry-After, cut streams', async () => {
    const failing = new SimulatorProvider('sim', {
      ...fast,
      faults: [{ kind: 'status', status: 429, retryAfterSeconds: 2 }],
    });
    await expect(failing.chat(call(hello))).rejects.toMatchObject({
      code: 'upstream_rate_limited',
      retryable: true,
      retryAfterMs: 2000,
    });
    const cutting = new SimulatorProvider('sim', { ...fast, faults: [{ kind: 'cut', afterTokens: 4 }] });
    const stream = await cutting.chatStream(call({ ...hello, stream: true }));
    const seen: StreamPart[] = [];
    await expect(
      (async () => {
        for await (const part of stream) seen.push(part);
      })(),
    ).rejects.toMatchObject({ code: 'upstream_stream_cut', phase: 'stream' });
    expect(seen.length).toBe(5);
  });

  it('embeds deterministically, as floats or base64', async () => {
    const provider = new SimulatorProvider('sim', fast);
    const floats = await provider.embeddings(call({ input: ['你好世界', 'hello world'] }, 'sim-embed'));
    const data = floats.json.data as Array<{ embedding: number[] }>;
    expect(data).toHaveLength(2);
    expect(data[0]!.embedding).toHaveLength(256);
    const norm = Math.sqrt(data[0]!.embedding.reduce((sum, value) => sum + value * value, 0));
    expect(norm).toBeCloseTo(1, 5);
    const encoded = await provider.embeddings(
      call({ input: '你好世界', encoding_format: 'base64', dimensions: 64 }, 'sim-embed'),
    );
    const buffer = Buffer.from((encoded.json.data as any[])[0].embedding, 'base64');
    expect(buffer.byteLength).toBe(64 * 4);
  });
});
