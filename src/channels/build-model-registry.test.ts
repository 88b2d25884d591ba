import { describe, expect, it } from 'vitest';
import { resolveConfig, validateConfig } from '../config/load-config.ts';
import { findCard } from '../config/model-catalog.ts';
import { buildModelRegistry } from './build-model-registry.ts';
import { buildProviders } from './provider-registry.ts';

describe('buildModelRegistry', () => {
  it('serves the simulator models with zero configuration', () => {
    const config = validateConfig({});
    const registry = buildModelRegistry({ config, providers: buildProviders(config), findCard });
    expect(registry.list().map((model) => model.id)).toEqual(['sim-chat', 'sim-embed', 'sim-reasoner', 'sim-rerank']);
    expect(registry.get('sim-chat')).toMatchObject({ license: 'Apache-2.0', contextLength: 32_768 });
  });

  it('enables a hosted preset from its key and merges the same model of several vendors into one with failover', () => {
    const config = resolveConfig(
      { simulator: { enabled: false } },
      { DEEPSEEK_API_KEY: 'sk-a', SILICONFLOW_API_KEY: 'sk-b', TOGETHER_API_KEY: 'sk-c' },
    );
    const providers = buildProviders(config);
    const registry = buildModelRegistry({ config, providers, findCard });
    expect(registry.get('deepseek-chat')?.deployments.map((deployment) => deployment.providerName)).toEqual([
      'deepseek',
    ]);
    const shared = registry.get('deepseek-v3')!;
    expect(
      shared.deployments.map((deployment) => `${deployment.providerName}:${deployment.upstreamModel}`).sort(),
    ).toEqual(['siliconflow:deepseek-ai/DeepSeek-V3', 'together:deepseek-ai/DeepSeek-V3']);
    expect(shared.license).toBe('MIT');
    expect(registry.get('deepseek-chat')?.deployments[0]!.tags).toContain('cn');
  });

  it('lets the config file define models over presets, with deployments on named providers', () => {
    const config = validateConfig({
      providers: {
        local: { type: 'openai-compatible', preset: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1', tags: ['cn'] },
      },
      models: {
        'qwen3-8b': {
          catalog: 'qwen3-8b',
          strategy: 'least-latency',
          deployments: [{ provider: 'local', model: 'Qwen/Qwen3-8B', maxConcurrency: 8 }],
        },
      },
    });
    const registry = buildModelRegistry({ config, providers: buildProviders(config), findCard });
    const model = registry.get('qwen3-8b')!;
    expect(model.strategy).toBe('least-latency');
    expect(model.deployments[0]).toMatchObject({ upstreamModel: 'Qwen/Qwen3-8B', maxConcurrency: 8, tags: ['cn'] });
  });

  it('names the unknown provider of a deployment', () => {
    const config = validateConfig({ models: { m: { deployments: [{ provider: 'nowhere' }] } } });
    expect(() => buildModelRegistry({ config, providers: buildProviders(config), findCard })).toThrow(
      /models\.m\.deployments\[0\]\.provider: unknown provider 'nowhere'/,
    );
  });
});
