/**
 * The presets of SenseNova, Hugging Face, MiniMax, StepFun, Baichuan, Hunyuan, LMDeploy and
 * Xinference, each replaying its vendor's answer shape through the OpenAI-compatible adapter with
 * the preset's own quirks.
 */
import { describe, expect, it } from 'vitest';
import { detectEngine } from '../discovery/detect-engine.ts';
import { OpenAICompatibleProvider } from '../openai-compatible/openai-compatible-provider.ts';
import { ProviderError, type StreamPart } from '../spec.ts';
import {
  collect,
  jsonFixture,
  readFixture,
  sseFixture,
  testCall,
  type JsonFixture,
} from '../testing/fixture-server.ts';
import { authHeaders, findPreset, presetsEnabledByEnvironment, type ProviderPreset } from './index.ts';
import { useFixtureServer } from '../testing/use-fixture-server.ts';

const fixtures = new URL('../openai-compatible/', import.meta.url);
const json = (name: string) => JSON.parse(readFixture(fixtures, name)) as JsonFixture;
const chunks = (name: string) => readFixture(fixtures, name);
const chat = { model: 'client-model', messages: [{ role: 'user', content: '你好' }] };

const { server, settings: upstreamSettings } = useFixtureServer();

function preset(name: string): ProviderPreset {
  const found = findPreset(name);
  if (!found) throw new Error(`no preset ${name}`);
  return found;
}

/** A provider with the preset's quirks and auth, pointed at the fixture server. */
function providerOf(name: string): OpenAICompatibleProvider {
  const chosen = preset(name);
  if (chosen.protocol !== 'openai-compatible') throw new Error(`${name} is not OpenAI-compatible`);
  const settings = upstreamSettings(server.url, chosen.quirks, authHeaders(chosen.authStyle, 'vendor-key'));
  return new OpenAICompatibleProvider(settings);
}

function text(parts: StreamPart[], field: 'content' | 'reasoning_content' = 'content'): string {
  return parts
    .map((part) => JSON.parse(part.data).choices?.[0]?.delta?.[field])
    .filter((value): value is string => typeof value === 'string')
    .join('');
}

describe('vendor presets', () => {
  it('point at the vendors’ OpenAI-compatible endpoints, enabled by their key variables', () => {
    expect(preset('sensenova').baseUrl).toBe('https://api.sensenova.cn/compatible-mode/v1');
    expect(preset('huggingface').baseUrl).toBe('https://router.huggingface.co/v1');
    expect(preset('minimax').baseUrl).toBe('https://api.minimaxi.com/v1');
    expect(preset('minimax-intl').baseUrl).toBe('https://api.minimax.io/v1');
    expect(preset('stepfun').baseUrl).toBe('https://api.stepfun.com/v1');
    expect(preset('baichuan').baseUrl).toBe('https://api.baichuan-ai.com/v1');
    expect(preset('hunyuan').baseUrl).toBe('https://api.hunyuan.cloud.tencent.com/v1');
    expect(preset('lmdeploy')).toMatchObject({ kind: 'local', baseUrl: 'http://127.0.0.1:23333/v1', models: [] });
    expect(preset('xinference')).toMatchObject({ kind: 'local', baseUrl: 'http://127.0.0.1:9997/v1', models: [] });
    const enabled = presetsEnabledByEnvironment({
      SENSENOVA_API_KEY: 's',
      HF_TOKEN: 'hf_x',
      MINIMAX_API_KEY: 'm',
      STEPFUN_API_KEY: 'st',
      BAICHUAN_API_KEY: 'b',
      HUNYUAN_API_KEY: 'h',
    });
    expect(enabled.map((entry) => entry.preset.name).sort()).toEqual(
      ['baichuan', 'huggingface', 'hunyuan', 'minimax', 'sensenova', 'stepfun'].sort(),
    );
    for (const name of ['sensenova', 'minimax', 'stepfun', 'baichuan', 'hunyuan'])
      expect(preset(name).tags, name).toContain('cn');
    expect(preset('huggingface').tags).toContain('global');
  });

  it('SenseNova: sends no stream_options and reads the usage of the last chunk', async () => {
    server.reply(sseFixture(chunks('sensenova-chat.chunks.txt'), { chunkSize: 11 }));
    const parts = await collect(
      await providerOf('sensenova').chatStream(testCall({ ...chat, stream: true }, { upstreamModel: 'SenseChat-5' })),
    );
    expect(server.lastRequest.url).toBe('/chat/completions');
    expect(server.lastRequest.headers.authorization).toBe('Bearer vendor-key');
    expect(server.lastRequest.body).not.toHaveProperty('stream_options');
    expect(server.lastRequest.body.model).toBe('SenseChat-5');
    expect(text(parts)).toBe('你好，我是日日新。');
    expect(parts.at(-1)).toMatchObject({ usage: { promptTokens: 9, completionTokens: 8 } });
  });

  it('Hugging Face: a routed answer with reasoning and usage, Hub ids passed through', async () => {
    server.reply(jsonFixture(json('huggingface-chat.json')));
    const result = await providerOf('huggingface').chat(
      testCall({ ...chat, stream: false }, { upstreamModel: 'deepseek-ai/DeepSeek-R1' }),
    );
    expect(server.lastRequest.body.model).toBe('deepseek-ai/DeepSeek-R1');
    expect(result.json.choices).toMatchObject([{ message: { content: '你好！' } }]);
    expect(result.usage).toMatchObject({ promptTokens: 6, completionTokens: 14 });
  });

  it('MiniMax: <think> moves to reasoning_content and max_tokens is sent as max_completion_tokens', async () => {
    server.reply(sseFixture(chunks('minimax-m2-think-tags.chunks.txt'), { chunkSize: 7 }));
    const parts = await collect(
      await providerOf('minimax').chatStream(
        testCall({ ...chat, stream: true, max_tokens: 256 }, { upstreamModel: 'MiniMax-M2' }),
      ),
    );
    expect(server.lastRequest.body).toMatchObject({ max_completion_tokens: 256 });
    expect(server.lastRequest.body).not.toHaveProperty('max_tokens');
    expect(text(parts, 'reasoning_content').trim()).toBe('用户在问好。');
    expect(text(parts).trim()).toBe('你好！');
    expect(text(parts)).not.toContain('think>');
    expect(parts.at(-1)).toMatchObject({ usage: { promptTokens: 12, completionTokens: 19 } });
  });

  it('StepFun: asks for stream usage and reads the usage-only chunk', async () => {
    server.reply(sseFixture(chunks('stepfun-chat.chunks.txt')));
    const parts = await collect(
      await providerOf('stepfun').chatStream(testCall({ ...chat, stream: true }, { upstreamModel: 'step-2-16k' })),
    );
    expect(server.lastRequest.body.stream_options).toEqual({ include_usage: true });
    expect(text(parts)).toBe('你好！');
    expect(parts.at(-1)).toMatchObject({ usage: { promptTokens: 10, completionTokens: 3 } });
  });

  it('Baichuan: usage with the finishing chunk, no stream_options', async () => {
    server.reply(sseFixture(chunks('baichuan-chat.chunks.txt'), { chunkSize: 5 }));
    const parts = await collect(
      await providerOf('baichuan').chatStream(
        testCall({ ...chat, stream: true }, { upstreamModel: 'Baichuan4-Turbo' }),
      ),
    );
    expect(server.lastRequest.body).not.toHaveProperty('stream_options');
    expect(text(parts)).toBe('你好，有什么可以帮你？');
    expect(parts.find((part) => part.finishReason)?.finishReason).toBe('stop');
    expect(parts.at(-1)).toMatchObject({ usage: { promptTokens: 5, completionTokens: 9 } });
  });

  it('Hunyuan: running usage on every chunk counts once, as the last total', async () => {
    server.reply(sseFixture(chunks('hunyuan-chat.chunks.txt'), { chunkSize: 17 }));
    const parts = await collect(
      await providerOf('hunyuan').chatStream(
        testCall({ ...chat, stream: true }, { upstreamModel: 'hunyuan-turbos-latest' }),
      ),
    );
    expect(server.lastRequest.body).not.toHaveProperty('stream_options');
    expect(text(parts)).toBe('你好！很高兴见到你。');
    const usages = parts.filter((part) => part.usage).map((part) => part.usage);
    expect(usages.at(-1)).toMatchObject({ promptTokens: 4, completionTokens: 8 });
  });

  it('Hunyuan: a wrong key is an upstream auth failure (the key pool takes the key out)', async () => {
    server.reply(jsonFixture(json('hunyuan-error-401.json')));
    const error = await providerOf('hunyuan')
      .chat(testCall({ ...chat, stream: false }))
      .then(
        () => null,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(ProviderError);
    // Another key or deployment may work: 502 to the client, retryable, marked as the key's fault.
    expect(error).toMatchObject({ code: 'upstream_auth_failed', upstreamStatus: 401, status: 502 });
  });

  it('LMDeploy: answers on /chat/completions and is recognised from its model list', async () => {
    server.reply(jsonFixture(json('lmdeploy-chat.json')));
    const result = await providerOf('lmdeploy').chat(
      testCall({ ...chat, stream: false }, { upstreamModel: 'internlm3-8b-instruct' }),
    );
    expect(server.lastRequest.headers.authorization).toBe('Bearer vendor-key');
    expect(result.usage).toMatchObject({ promptTokens: 21, completionTokens: 12 });
    const models = (json('lmdeploy-models.json').body as { data: unknown[] }).data;
    expect(detectEngine('gpu-box', 'http://10.0.0.5:8080/v1', models)).toBe('lmdeploy');
    expect(detectEngine('gpu-box', 'http://10.0.0.5:23333/v1', [{ id: 'x' }])).toBe('lmdeploy');
  });

  it('Xinference: embeddings with usage, and recognised from its model list and port', async () => {
    server.reply(jsonFixture(json('xinference-embeddings.json')));
    const result = await providerOf('xinference').embeddings(
      testCall({ model: 'bge-m3', input: '开源大模型' }, { upstreamModel: 'bge-m3' }),
    );
    expect(server.lastRequest.url).toBe('/embeddings');
    expect(result.usage).toMatchObject({ promptTokens: 5 });
    const models = (json('xinference-models.json').body as { data: unknown[] }).data;
    expect(detectEngine('box', 'http://10.0.0.5:8080/v1', models)).toBe('xinference');
    expect(detectEngine('box', 'http://10.0.0.5:9997/v1', [{ id: 'x' }])).toBe('xinference');
  });
});
