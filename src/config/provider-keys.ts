import { presetsEnabledByEnvironment, providerPresets } from '../providers/presets/index.ts';
import type { KaiyuanConfig } from './config-schema.ts';

type Environment = Record<string, string | undefined>;

/**
 * The upstream keys found in the environment, by provider name: every hosted preset's key
 * variable that is set (`DEEPSEEK_API_KEY` → `deepseek`, unless a provider of that name is
 * configured), and for each provider under `providers:` the variable its `apiKeyEnv` (or its
 * preset's) names. A provider's key never comes from another provider's variable.
 */
export function providerKeysFromEnvironment(config: KaiyuanConfig, environment: Environment): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const { preset, apiKey } of presetsEnabledByEnvironment(environment)) {
    if (!Object.hasOwn(config.providers, preset.name)) keys[preset.name] = apiKey;
  }
  for (const [name, provider] of Object.entries(config.providers)) {
    const variable = provider.apiKeyEnv ?? (provider.preset ? providerPresets[provider.preset]!.apiKeyEnv : undefined);
    const value = variable ? environment[variable]?.trim() : undefined;
    if (value) keys[name] = value;
  }
  return keys;
}
