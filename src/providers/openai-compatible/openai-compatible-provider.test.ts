import { describe, expect, it } from 'vitest';
import { ProviderError, type StreamPart } from '../spec.ts';
import {
  collect,
  FixtureServer,
  jsonFixture,
  readFixture,
  sseFixture,
  testCall,
  type JsonFixture,
} from '../testing/fixture-server.ts';
import { OpenAICompatibleProvider } from './openai-compatible-provider.ts';
import type { OpenAICompatibleQuirkSettings } from './quirks.ts';
import { useFixtureServer } from '../testing/use-fixture-server.ts';

const here = new URL('./', import.meta.url);
const json = (name: string) => JSON.parse(readFixture(here, name)) as JsonFixture;
const chunks = (name: string) => readFixture(here, name);
const chat = { model: 'client-model', messages: [{ role: 'user', content: '你好' }] };

const { server, settings: upstreamSettings } = useFixtureServer();

function provider(quirks: OpenAICompatibleQuirkSettings = {}, baseUrl = server.url): OpenAICompatibleProvider {
  const settings = upstreamSettings(baseUrl, quirks);
  return new OpenAICompatibleProvider(settings);
}

function content(parts: StreamPart[], field: 'content' | 'reasoning_content' = 'content'): string {
  return parts
    .map((part) => JSON.parse(part.data).choices?.[0]?.delta?.[field])
    .filter((value): value is string => typeof value === 'string')
    .join('');
}

async function rejection(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

describe('OpenAICompatibleProvider: complete answers', () => {
  it('passes the body text through unchanged and reads usage (DeepSeek)', async () => {
    const fixture = json('deepseek-chat.json');
    server.reply(jsonFixture(fixture));
    const result = await provider().chat(
      testCall({ ...chat, stream: false, max_completion_tokens: 64 }, { upstreamModel: 'deepseek-chat' }),
    );
    expect(result.text).toBe(JSON.stringify(fixture.body));
    expect(result.usage).toEqual({ promptTokens: 16, completionTokens: 12, cachedTokens: 0, reasoningTokens: 0 });
    const sent = server.lastRequest;
    expect(sent.url).toBe('/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer test-key');
    expect(sent.body).toMatchObject({ model: 'deepseek-chat', max_tokens: 64 });
    expect(sent.body).not.toHaveProperty('stream');
  });

  it('returns tool calls and cached tokens (DashScope)', async () => {
    server.reply(jsonFixture(json('dashscope-tool-calls.json')));
    const result = await provider().chat(testCall(chat));
    expect((result.json as any).choices[0].message.tool_calls[0].function.name).toBe('get_weather');
    expect(result.usage?.cachedTokens).toBe(128);
  });

  it('moves <think> reasoning out of the content when the quirk is on', async () => {
    server.reply(jsonFixture(json('vllm-qwen3-think-tags.json')));
    const result = await provider({ thinkTags: true }).chat(testCall(chat));
    const message = (JSON.parse(result.text) as any).choices[0].message;
    expect(message.reasoning_content).toBe('好的，用户想知道1+1。这很简单。');
    expect(message.content).toBe('1 + 1 = 2。');
  });

  it('returns embeddings with usage', async () => {
    server.reply(jsonFixture(json('siliconflow-embeddings.json')));
    const result = await provider().embeddings(testCall({ model: 'bge-m3', input: ['a', 'b'] }));
    expect(server.lastRequest.url).toBe('/embeddings');
    expect((result.json as any).data).toHaveLength(2);
    expect(result.usage?.promptTokens).toBe(9);
  });

  it('lists models with their context length (vLLM)', async () => {
    server.reply(jsonFixture(json('vllm-models.json')));
    expect(await provider().listModels(new AbortController().signal)).toEqual([
      { id: 'Qwen/Qwen3-8B', ownedBy: 'vllm', contextLength: 32768 },
    ]);
  });
});

describe('OpenAICompatibleProvider: errors', () => {
  it('keeps a 400 as a non-retryable client error with the upstream message', async () => {
    server.reply(jsonFixture(json('vllm-error-400.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({
      code: 'upstream_rejected',
      status: 400,
      retryable: false,
      phase: 'response',
      upstreamStatus: 400,
    });
    expect(error.message).toContain('maximum context length is 32768');
  });

  it('honours Retry-After on a 429', async () => {
    server.reply(jsonFixture(json('deepseek-error-429.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_rate_limited', retryable: true, retryAfterMs: 7000 });
  });

  it('honours retry-after-ms', async () => {
    server.reply(jsonFixture(json('openai-error-429-retry-after-ms.json')));
    const error = await rejection(provider().chatStream(testCall({ ...chat, stream: true })));
    expect(error).toMatchObject({ code: 'upstream_rate_limited', retryAfterMs: 1500, phase: 'response' });
  });

  it('reports a rejected upstream key as a gateway problem', async () => {
    server.reply(jsonFixture(json('dashscope-error-401.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_auth_failed', status: 502, retryable: true });
  });

  it('treats a 5xx HTML page as a retryable outage', async () => {
    server.reply(jsonFixture(json('upstream-error-503.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_unavailable', retryable: true, upstreamStatus: 503 });
    expect(error.upstreamMessage).toContain('503 Service Temporarily Unavailable');
  });

  it('detects a Qianfan rate limit returned with HTTP 200', async () => {
    server.reply(jsonFixture(json('qianfan-error-200.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_rate_limited', retryable: true });
    expect(error.message).toContain('qps request limit');
  });

  it('detects a Zhipu content-filter error returned with HTTP 200 as a client error', async () => {
    server.reply(jsonFixture(json('zhipu-error-200.json')));
    const error = await rejection(provider().chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_rejected', retryable: false, status: 400 });
  });

  it('detects a JSON error answered to a streamed call', async () => {
    server.reply(jsonFixture(json('qianfan-error-200.json')));
    const error = await rejection(provider().chatStream(testCall({ ...chat, stream: true })));
    expect(error).toMatchObject({ code: 'upstream_rate_limited', phase: 'response' });
  });

  it('maps a refused connection to a retryable connect failure', async () => {
    const closed = await new FixtureServer().start();
    const url = closed.url;
    await closed.stop();
    const error = await rejection(provider({}, url).chat(testCall(chat)));
    expect(error).toMatchObject({ code: 'upstream_connection_failed', phase: 'connect', retryable: true });
  });

  it('maps a headers timeout to upstream_timeout', async () => {
    server.reply(() => undefined);
    const call = testCall(chat, { timeouts: { connectMs: 1000, firstByteMs: 150, idleMs: 150, totalMs: 150 } });
    const error = await rejection(provider().chat(call));
    expect(error).toMatchObject({ code: 'upstream_timeout', retryable: true, status: 504 });
  });

  it('rejects with an AbortError (not a ProviderError) when the caller aborts', async () => {
    server.reply(() => undefined);
    const controller = new AbortController();
    const pending = provider().chat(testCall(chat, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await pending.catch((thrown: unknown) => thrown);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect((error as Error).name).toBe('AbortError');
  });
});

describe('OpenAICompatibleProvider: streams', () => {
  for (const chunkSize of [undefined, 7]) {
    it(`relays DeepSeek chunks unchanged, skipping keep-alives (write size ${chunkSize ?? 'all'})`, async () => {
      const raw = chunks('deepseek-chat.chunks.txt');
      server.reply(sseFixture(raw, { chunkSize }));
      const parts = await collect(
        await provider().chatStream(testCall({ ...chat, stream: true }, { upstreamModel: 'deepseek-chat' })),
      );
      const datas = raw
        .split('\n\n')
        .filter((block) => block.startsWith('data: {'))
        .map((block) => block.slice(6));
      expect(parts.map((part) => part.data)).toEqual(datas);
      expect(content(parts)).toBe('你好！我是 DeepSeek，很高兴为你服务。');
      const last = parts[parts.length - 1]!;
      expect(last).toMatchObject({ finishReason: 'stop', usage: { promptTokens: 16, completionTokens: 9 } });
      expect(last.usageOnly).toBeUndefined();
      expect(parts.slice(0, -1).every((part) => part.usage === undefined && part.finishReason === undefined)).toBe(
        true,
      );
      expect(server.lastRequest.body).toMatchObject({
        model: 'deepseek-chat',
        stream: true,
        stream_options: { include_usage: true },
      });
    });
  }

  it('handles CRLF line endings', async () => {
    server.reply(sseFixture(chunks('deepseek-chat.chunks.txt').replaceAll('\n', '\r\n'), { chunkSize: 5 }));
    const parts = await collect(await provider().chatStream(testCall({ ...chat, stream: true })));
    expect(content(parts)).toBe('你好！我是 DeepSeek，很高兴为你服务。');
  });

  it('passes reasoning_content through (DeepSeek-R1)', async () => {
    server.reply(sseFixture(chunks('deepseek-reasoner.chunks.txt'), { chunkSize: 11 }));
    const parts = await collect(await provider().chatStream(testCall({ ...chat, stream: true })));
    expect(content(parts, 'reasoning_content')).toBe('嗯，用户问9.11和9.8哪个大。比较小数部分：0.8 > 0.11。');
    expect(content(parts)).toBe('9.8 更大。');
    expect(parts[parts.length - 1]!.usage).toMatchObject({ completionTokens: 64, reasoningTokens: 52 });
  });

  it('converts <think> tags split across chunks into reasoning_content (vLLM Qwen3)', async () => {
    server.reply(sseFixture(chunks('vllm-qwen3-think-tags.chunks.txt'), { chunkSize: 13 }));
    const parts = await collect(await provider({ thinkTags: true }).chatStream(testCall({ ...chat, stream: true })));
    expect(content(parts, 'reasoning_content')).toBe('好的，用户想知道1+1。这很简单。');
    expect(content(parts)).toBe('1 + 1 = 2。');
    const usagePart = parts[parts.length - 1]!;
    expect(usagePart).toMatchObject({ usageOnly: true, usage: { promptTokens: 14, completionTokens: 38 } });
  });

  it('splits <think> tags of an older Ollama, chunk by chunk', async () => {
    server.reply(sseFixture(chunks('ollama-think-tags.chunks.txt')));
    const parts = await collect(await provider({ thinkTags: true }).chatStream(testCall({ ...chat, stream: true })));
    expect(content(parts, 'reasoning_content')).toBe('Okay, the user greets me.');
    expect(content(parts)).toBe('Hello! How can I help?');
  });

  it('reads reasoning_content and unasked usage of Zhipu GLM-4.5', async () => {
    server.reply(sseFixture(chunks('zhipu-glm-4.5-reasoning.chunks.txt'), { chunkSize: 6 }));
    const upstream = provider({ streamOptions: false });
    const parts = await collect(await upstream.chatStream(testCall({ ...chat, stream: true })));
    expect(server.lastRequest.body).not.toHaveProperty('stream_options');
    expect(content(parts, 'reasoning_content')).toBe('用户在打招呼。');
    expect(content(parts)).toBe('你好！有什么可以帮你？');
    expect(parts[parts.length - 1]).toMatchObject({
      finishReason: 'stop',
      usage: { promptTokens: 8, completionTokens: 21 },
    });
  });

  it('throws for an `event: error` SSE event', async () => {
    server.reply(
      sseFixture(
        'data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\nevent: error\ndata: {"error":{"message":"model overloaded","type":"server_error"}}\n\n',
      ),
    );
    const error = await rejection(collect(await provider().chatStream(testCall({ ...chat, stream: true }))));
    expect(error).toMatchObject({ code: 'upstream_unavailable', phase: 'stream', retryable: true });
  });

  it('relays streamed tool-call deltas (DashScope)', async () => {
    server.reply(sseFixture(chunks('dashscope-tool-calls.chunks.txt'), { chunkSize: 9 }));
    const parts = await collect(await provider().chatStream(testCall({ ...chat, stream: true, tools: [] })));
    const args = parts
      .map((part) => JSON.parse(part.data).choices?.[0]?.delta?.tool_calls?.[0]?.function?.arguments ?? '')
      .join('');
    expect(JSON.parse(args)).toEqual({ city: '杭州', unit: 'celsius' });
    expect(parts.find((part) => part.finishReason)?.finishReason).toBe('tool_calls');
    expect(parts[parts.length - 1]).toMatchObject({
      usageOnly: true,
      usage: { promptTokens: 236, completionTokens: 24 },
    });
  });

  it('renames OpenRouter reasoning and skips its processing comments', async () => {
    server.reply(sseFixture(chunks('openrouter-reasoning.chunks.txt')));
    const parts = await collect(await provider().chatStream(testCall({ ...chat, stream: true })));
    expect(content(parts, 'reasoning_content')).toBe('Let me think about it.');
    expect(
      parts.some(
        (part) =>
          JSON.parse(part.data).choices?.[0]?.delta?.reasoning !== undefined &&
          JSON.parse(part.data).choices?.[0]?.delta?.reasoning !== null,
      ),
    ).toBe(false);
    expect(content(parts)).toBe('The answer is 42.');
    expect(parts[parts.length - 1]).toMatchObject({ usageOnly: true, usage: { reasoningTokens: 20 } });
  });

  it('throws the upstream message for an error event mid-stream', async () => {
    server.reply(sseFixture(chunks('openrouter-midstream-error.chunks.txt')));
    const stream = await provider().chatStream(testCall({ ...chat, stream: true }));
    const seen: StreamPart[] = [];
    const error = await rejection(
      (async () => {
        for await (const part of stream) seen.push(part);
      })(),
    );
    expect(seen).toHaveLength(2);
    expect(error).toMatchObject({ phase: 'stream', retryable: true });
    expect(error.message).toContain('Provider returned error');
  });

  it('reads usage inside the choice (Moonshot) and under x_groq (Groq)', async () => {
    server.reply(sseFixture(chunks('moonshot-usage-in-choice.chunks.txt')));
    const moonshot = await collect(await provider().chatStream(testCall({ ...chat, stream: true })));
    expect(moonshot[moonshot.length - 1]).toMatchObject({
      finishReason: 'stop',
      usage: { promptTokens: 19, completionTokens: 7 },
    });
    server.reply(sseFixture(chunks('groq-x-groq-usage.chunks.txt')));
    const groq = await collect(await provider().chatStream(testCall({ ...chat, stream: true })));
    expect(groq[groq.length - 1]).toMatchObject({
      finishReason: 'stop',
      usage: { promptTokens: 40, completionTokens: 2 },
    });
  });

  it('throws upstream_malformed_chunk for a payload that is not JSON', async () => {
    server.reply(sseFixture(chunks('malformed.chunks.txt')));
    const stream = await provider().chatStream(testCall({ ...chat, stream: true }));
    const error = await rejection(collect(stream));
    expect(error).toMatchObject({ code: 'upstream_malformed_chunk', phase: 'stream' });
  });

  it('throws upstream_stream_cut when the stream ends before [DONE] or a finish', async () => {
    server.reply(sseFixture(chunks('cut.chunks.txt')));
    const error = await rejection(collect(await provider().chatStream(testCall({ ...chat, stream: true }))));
    expect(error).toMatchObject({ code: 'upstream_stream_cut', phase: 'stream' });
  });

  it('maps a connection reset mid-stream to a cut stream (upstream_stream_cut)', async () => {
    server.reply(sseFixture(chunks('cut.chunks.txt'), { resetAtEnd: true }));
    const error = await rejection(collect(await provider().chatStream(testCall({ ...chat, stream: true }))));
    expect(error).toMatchObject({ code: 'upstream_stream_cut', phase: 'stream' });
  });

  it('maps a stalled stream to upstream_timeout through the idle timeout', async () => {
    const raw = chunks('deepseek-chat.chunks.txt');
    server.reply(sseFixture(raw, { stallAfter: 600 }));
    const call = testCall(
      { ...chat, stream: true },
      { timeouts: { connectMs: 1000, firstByteMs: 1000, idleMs: 200, totalMs: 5000 } },
    );
    const error = await rejection(collect(await provider().chatStream(call)));
    expect(error).toMatchObject({ code: 'upstream_timeout', phase: 'stream' });
  });

  it('ends normally at EOF after a finish_reason without [DONE] (llama.cpp)', async () => {
    server.reply(sseFixture(chunks('llamacpp-no-done.chunks.txt')));
    const parts = await collect(await provider().chatStream(testCall({ ...chat, stream: true })));
    expect(content(parts)).toBe('Hi there');
    expect(parts[parts.length - 1]!.usage).toMatchObject({ promptTokens: 10, completionTokens: 3 });
  });

  it('streams text completions', async () => {
    server.reply(sseFixture(chunks('vllm-completions.chunks.txt'), { chunkSize: 4 }));
    const parts = await collect(
      await provider().completionStream(testCall({ model: 'm', prompt: '床前', stream: true })),
    );
    expect(server.lastRequest.url).toBe('/completions');
    expect(parts.map((part) => JSON.parse(part.data).choices[0]?.text ?? '').join('')).toBe('床前明月光，疑是地上霜');
    expect(parts[3]!.finishReason).toBe('length');
  });

  it('destroys the upstream body when the consumer breaks out', async () => {
    let closed = false;
    server.reply((request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"choices":[{"index":0,"delta":{"content":"a"}}]}\n\n');
      const timer = setInterval(() => response.write(': keep-alive\n\n'), 20);
      response.on('close', () => {
        closed = true;
        clearInterval(timer);
      });
    });
    const stream = await provider().chatStream(testCall({ ...chat, stream: true }));
    for await (const part of stream) {
      expect(part.data).toContain('"a"');
      break;
    }
    await expect.poll(() => closed).toBe(true);
  });

  it('aborting mid-stream surfaces an AbortError', async () => {
    server.reply(sseFixture(chunks('deepseek-chat.chunks.txt'), { stallAfter: 600 }));
    const controller = new AbortController();
    const stream = await provider().chatStream(testCall({ ...chat, stream: true }, { signal: controller.signal }));
    const error = await (async () => {
      for await (const _part of stream) controller.abort();
    })().catch((thrown: unknown) => thrown);
    expect(error).not.toBeInstanceOf(ProviderError);
    expect((error as Error).name).toBe('AbortError');
  });

  it('can leave out stream_options for vendors that reject it', async () => {
    server.reply(sseFixture(chunks('deepseek-chat.chunks.txt')));
    const upstream = provider({ streamOptions: false, streamUsage: false });
    expect(upstream.streamUsage).toBe(false);
    await collect(
      await upstream.chatStream(testCall({ ...chat, stream: true, stream_options: { include_usage: true } })),
    );
    expect(server.lastRequest.body).not.toHaveProperty('stream_options');
  });
});
