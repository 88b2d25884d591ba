import { describe, expect, it } from 'vitest';
import { resolveQuirks } from '../openai-compatible/quirks.ts';
import { authHeaders, findPreset, presetsEnabledByEnvironment, providerPresets } from './index.ts';

describe('provider presets', () => {
  it('are well formed', () => {
    for (const [name, preset] of Object.entries(providerPresets)) {
      expect(preset.name).toBe(name);
      expect(new URL(preset.baseUrl).protocol).toMatch(/^https?:$/);
      expect(preset.baseUrl.endsWith('/')).toBe(false);
      if (preset.kind === 'hosted') {
        expect(preset.apiKeyEnv).toMatch(/^[A-Z_]+_API_KEY$/);
        expect(preset.models.length).toBeGreaterThan(0);
        expect(preset.tags.some((tag) => tag === 'cn' || tag === 'global')).toBe(true);
      }
      const ids = preset.models.map((model) => model.id);
      expect(new Set(ids).size).toBe(ids.length);
      if (preset.protocol === 'openai-compatible') {
        // every quirk the preset sets is one the adapter understands
        const resolved = resolveQuirks(preset.quirks) as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(preset.quirks)) expect(resolved[key]).toEqual(value);
      }
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

  it('build auth headers per style', () => {
    expect(authHeaders('bearer', 'k')).toEqual({ authorization: 'Bearer k' });
    expect(authHeaders('x-api-key', 'k')).toEqual({ 'x-api-key': 'k' });
    expect(authHeaders('bearer', undefined)).toEqual({});
  });
});
