import { describe, expect, it } from 'vitest';
import { quirkSchemas } from '../upstream-protocols.ts';
import { authHeaders, findPreset, presetsEnabledByEnvironment, providerPresets } from './index.ts';
import { openAICompatiblePreset } from './preset.ts';

describe('provider presets', () => {
  it('are well formed', () => {
    for (const [name, preset] of Object.entries(providerPresets)) {
      expect(preset.name).toBe(name);
      expect(new URL(preset.baseUrl).protocol).toMatch(/^https?:$/);
      expect(preset.baseUrl.endsWith('/')).toBe(false);
      if (preset.kind === 'hosted') {
        // `*_API_KEY`, or the variable the vendor's own tools read (Hugging Face's HF_TOKEN).
        expect(preset.apiKeyEnv).toMatch(/^([A-Z_]+_API_KEY|HF_TOKEN)$/);
        expect(preset.models.length).toBeGreaterThan(0);
        expect(preset.tags.some((tag) => tag === 'cn' || tag === 'global')).toBe(true);
      }
      const ids = preset.models.map((model) => model.id);
      expect(new Set(ids).size).toBe(ids.length);
      // the quirks the preset sets pass the same schema as an operator's (paths, ranges)
      expect(quirkSchemas[preset.protocol].safeParse(preset.quirks).error).toBeUndefined();
    }
  });

  it('include the hosted vendors and local engines of the issue', () => {
    for (const name of [
      'deepseek',
      'siliconflow',
      'dashscope',
      'qianfan',
      'moonshot',
      'zhipu',
      'ark',
      'together',
      'groq',
      'openrouter',
      'openai',
      'anthropic',
      'vllm',
      'sglang',
      'ollama',
      'llamacpp',
      'lmstudio',
      'tgi',
    ]) {
      expect(findPreset(name), name).toBeDefined();
    }
    expect(findPreset('toString')).toBeUndefined();
  });

  it('are enabled by their key in the environment', () => {
    const enabled = presetsEnabledByEnvironment({
      DEEPSEEK_API_KEY: 'sk-1',
      ANTHROPIC_API_KEY: 'sk-ant',
      MOONSHOT_API_KEY: '  ',
      PATH: '/bin',
    });
    expect(enabled.map((entry) => entry.preset.name)).toEqual(['deepseek', 'anthropic']);
    expect(enabled[0]!.preset.models.map((model) => model.id)).toEqual(['deepseek-chat', 'deepseek-reasoner']);
  });

  it('have their quirks type-checked against their protocol', () => {
    const preset = openAICompatiblePreset({
      name: 'x',
      displayName: 'X',
      baseUrl: 'http://127.0.0.1:1/v1',
      tags: [],
      models: [],
      // @ts-expect-error: defaultMaxTokens is a quirk of the anthropic protocol, not of openai-compatible
      quirks: { defaultMaxTokens: 10 },
    });
    expect(quirkSchemas[preset.protocol].safeParse(preset.quirks).success).toBe(false);
  });

  it('build auth headers per style', () => {
    expect(authHeaders('bearer', 'k')).toEqual({ authorization: 'Bearer k' });
    expect(authHeaders('x-api-key', 'k')).toEqual({ 'x-api-key': 'k' });
    expect(authHeaders('bearer', undefined)).toEqual({});
  });
});
