import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../config/load-config.ts';
import type { OpenAICompatibleProvider } from '../providers/openai-compatible/openai-compatible-provider.ts';
import { FixtureServer, jsonFixture } from '../providers/testing/fixture-server.ts';
import { buildProviders } from './provider-registry.ts';

const server = new FixtureServer();
beforeAll(() => server.start());
afterAll(() => server.stop());

const modelList = jsonFixture({ status: 200, body: { object: 'list', data: [{ id: 'm', object: 'model' }] } });
const providersOf = (providers: Record<string, unknown>, environment: Record<string, string> = {}) =>
  buildProviders(resolveConfig({ simulator: { enabled: false }, providers }, environment));

describe('buildProviders', () => {
  it("sends the preset's auth style and version header, the operator's quirks over the preset's", async () => {
    const [claude] = providersOf(
      {
        claude: {
          preset: 'anthropic',
          baseUrl: server.url,
          apiKeyEnv: 'CLAUDE_KEY',
          quirks: { apiVersion: '2024-01-01' },
        },
      },
      { CLAUDE_KEY: 'sk-ant-1' },
    );
    server.reply(modelList);
    await claude!.provider.listModels!(new AbortController().signal);
    expect(server.lastRequest.headers['x-api-key']).toBe('sk-ant-1');
    expect(server.lastRequest.headers.authorization).toBeUndefined();
    expect(server.lastRequest.headers['anthropic-version']).toBe('2024-01-01');
    expect(claude!.tags).toEqual(['global']);
  });

  it('merges quirks key by key and sends a bearer key read from the variable the config names', async () => {
    const [fast] = providersOf(
      {
        fast: {
          preset: 'groq',
          baseUrl: `${server.url}/openai/v1`,
          apiKeyEnv: 'FAST_KEY',
          quirks: { streamOptions: true },
          tags: ['lab'],
        },
      },
      { FAST_KEY: 'gsk-1', GROQ_API_KEY: 'gsk-not-this-one' },
    );
    const quirks = (fast!.provider as OpenAICompatibleProvider).quirks;
    expect(quirks).toMatchObject({
      streamOptions: true,
      thinkTags: true,
      dropParams: ['logprobs', 'top_logprobs', 'logit_bias'],
    });
    server.reply(modelList);
    await fast!.provider.listModels!(new AbortController().signal);
    expect(server.lastRequest).toMatchObject({ url: '/openai/v1/models', headers: { authorization: 'Bearer gsk-1' } });
    expect(fast!.tags).toEqual(['lab']);
  });

  it('authenticates an anthropic provider without a preset with x-api-key', async () => {
    const [relay] = providersOf({ relay: { type: 'anthropic', baseUrl: server.url, apiKey: 'sk-relay' } });
    server.reply(modelList);
    await relay!.provider.listModels!(new AbortController().signal);
    expect(server.lastRequest.headers['x-api-key']).toBe('sk-relay');
    expect(server.lastRequest.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('enables the hosted presets with a key, unless the config already uses the preset', () => {
    const providers = providersOf(
      { ds: { preset: 'deepseek' } },
      { DEEPSEEK_API_KEY: 'sk-a', MOONSHOT_API_KEY: 'sk-b', ZHIPU_API_KEY: ' ' },
    );
    expect(providers.map((provider) => `${provider.name}:${provider.source}`)).toEqual([
      'ds:config',
      'moonshot:preset',
    ]);
  });

  it('enables a hosted preset from a key in kaiyuan.yaml as from its variable', () => {
    const providers = buildProviders(
      resolveConfig({ simulator: { enabled: false }, secrets: { providerKeys: { siliconflow: 'sk-yaml' } } }, {}),
    );
    expect(providers.map((provider) => `${provider.name}:${provider.source}`)).toEqual(['siliconflow:preset']);
  });
});
