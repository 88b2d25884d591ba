import { describe, expect, it } from 'vitest';
import { ProviderError, type StreamPart } from '../spec.ts';
import {
  collect,
  jsonFixture,
  readFixture,
  sseFixture,
  testCall,
  type JsonFixture,
} from '../testing/fixture-server.ts';
import { AnthropicProvider } from './anthropic-provider.ts';
import { useFixtureServer } from '../testing/use-fixture-server.ts';

const here = new URL('./', import.meta.url);
const json = (name: string) => JSON.parse(readFixture(here, name)) as JsonFixture;
const chunks = (name: string) => readFixture(here, name);
const chat = { model: 'claude', messages: [{ role: 'user', content: 'Hi' }], stream: true };

const { server, settings: upstreamSettings } = useFixtureServer();

function provider(): AnthropicProvider {
  const settings = upstreamSettings(server.url, {}, { 'x-api-key': 'sk-ant-test' });
  return new AnthropicProvider(settings);
}

const deltas = (parts: StreamPart[]) => parts.map((part) => JSON.parse(part.data).choices[0]?.delta ?? {});
const joined = (parts: StreamPart[], field: string) =>
  deltas(parts)
    .map((delta) => delta[field] ?? '')
    .join('');

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('AnthropicProvider', () => {
  it('translates a message into a chat.completion with cached-token usage', async () => {
    server.reply(jsonFixture(json('message.json')));
    const result = await provider().chat(
      testCall({ ...chat, stream: false }, { upstreamModel: 'claude-sonnet-4-20250514' }),
    );
    const request = server.lastRequest;
    expect(request.url).toBe('/messages');
    expect(request.headers['x-api-key']).toBe('sk-ant-test');
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    expect(request.body).toMatchObject({ model: 'claude-sonnet-4-20250514', max_tokens: 4096 });
    expect(result.json).toMatchObject({
      id: 'msg_01XFDUDYJgAACzvnptvVoYEL',
      object: 'chat.completion',
      choices: [
        { index: 0, message: { role: 'assistant', content: '你好！有什么我可以帮你的吗？' }, finish_reason: 'stop' },
      ],
      usage: {
        prompt_tokens: 2060,
        completion_tokens: 18,
        total_tokens: 2078,
        prompt_tokens_details: { cached_tokens: 2048 },
      },
    });
    expect(result.usage).toEqual({ promptTokens: 2060, completionTokens: 18, cachedTokens: 2048, reasoningTokens: 0 });
    expect(JSON.parse(result.text)).toEqual(result.json);
  });

  it('translates tool_use blocks into tool_calls', async () => {
    server.reply(jsonFixture(json('tool-use.json')));
    const result = await provider().chat(testCall({ ...chat, stream: false }));
    expect((result.json as any).choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        content: "I'll check the weather in Hangzhou.",
        tool_calls: [
          {
            id: 'toolu_01A09q90qw90lq917835lq9',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Hangzhou","unit":"celsius"}' },
          },
        ],
      },
    });
  });

  it('streams text as chat.completion.chunks, ending with a usage-only chunk', async () => {
    server.reply(sseFixture(chunks('stream-text.chunks.txt'), { chunkSize: 17 }));
    const parts = await collect(await provider().chatStream(testCall(chat)));
    expect(deltas(parts)[0]).toEqual({ role: 'assistant', content: '' });
    expect(joined(parts, 'content')).toBe('床前明月光，疑是地上霜。举头望明月，低头思故乡。');
    expect(parts.find((part) => part.finishReason)?.finishReason).toBe('stop');
    const last = parts[parts.length - 1]!;
    expect(last).toMatchObject({
      usageOnly: true,
      usage: { promptTokens: 125, completionTokens: 31, cachedTokens: 100 },
    });
    expect(JSON.parse(last.data)).toMatchObject({
      object: 'chat.completion.chunk',
      choices: [],
      usage: { prompt_tokens: 125, completion_tokens: 31, total_tokens: 156 },
    });
  });

  it('streams tool use as tool-call deltas with input_json_delta arguments', async () => {
    server.reply(sseFixture(chunks('stream-tool-use.chunks.txt')));
    const parts = await collect(await provider().chatStream(testCall(chat)));
    const toolDeltas = deltas(parts).flatMap((delta) => delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(JSON.parse(toolDeltas.map((delta) => delta.function.arguments).join(''))).toEqual({
      city: 'Hangzhou',
      unit: 'celsius',
    });
    expect(parts.find((part) => part.finishReason)?.finishReason).toBe('tool_calls');
    expect(parts[parts.length - 1]!.usage).toMatchObject({ promptTokens: 472, completionTokens: 89 });
  });

  it('streams thinking as reasoning_content', async () => {
    server.reply(sseFixture(chunks('stream-thinking.chunks.txt')));
    const parts = await collect(await provider().chatStream(testCall(chat)));
    expect(joined(parts, 'reasoning_content')).toBe('The user asks 27 * 453.27*453 = 12231.');
    expect(joined(parts, 'content')).toBe('27 × 453 = 12,231');
  });

  it('throws a retryable error for an overloaded error event mid-stream', async () => {
    server.reply(sseFixture(chunks('stream-error-event.chunks.txt')));
    const error = await rejection(collect(await provider().chatStream(testCall(chat))));
    expect(error).toMatchObject({ phase: 'stream', retryable: true });
    expect(error.message).toContain('Overloaded');
  });

  it('throws upstream_stream_cut when message_stop never comes', async () => {
    server.reply(sseFixture(chunks('stream-cut.chunks.txt')));
    const error = await rejection(collect(await provider().chatStream(testCall(chat))));
    expect(error).toMatchObject({ code: 'upstream_stream_cut', phase: 'stream' });
  });

  it('maps HTTP errors: 529 overloaded, 429 with retry-after, 400 invalid request', async () => {
    server.reply(jsonFixture(json('error-529-overloaded.json')));
    expect(await rejection(provider().chat(testCall(chat)))).toMatchObject({
      code: 'upstream_unavailable',
      retryable: true,
      upstreamStatus: 529,
    });
    server.reply(jsonFixture(json('error-429-rate-limit.json')));
    expect(await rejection(provider().chatStream(testCall(chat)))).toMatchObject({
      code: 'upstream_rate_limited',
      retryAfterMs: 12_000,
    });
    server.reply(jsonFixture(json('error-400-invalid.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_rejected', status: 400, retryable: false });
    expect(error.message).toContain('roles must alternate');
  });

  it('lists models', async () => {
    server.reply(jsonFixture(json('models.json')));
    const models = await provider().listModels(new AbortController().signal);
    expect(models.map((model) => model.id)).toEqual(['claude-sonnet-4-20250514', 'claude-3-5-haiku-20241022']);
    expect(server.lastRequest.url).toBe('/models');
  });
});
