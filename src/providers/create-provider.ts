/**
 * The one place that turns a protocol name and settings into a Provider. The inference core's
 * provider registry calls it with settings built from kaiyuan.yaml, a preset and the environment.
 */
import { AnthropicProvider } from './anthropic/anthropic-provider.ts';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';
import type { Provider, ProviderSettings } from './spec.ts';

export type UpstreamProtocol = 'openai-compatible' | 'anthropic';

const factories: Record<UpstreamProtocol, (settings: ProviderSettings) => Provider> = {
  'openai-compatible': (settings) => new OpenAICompatibleProvider(settings),
  anthropic: (settings) => new AnthropicProvider(settings),
};

export function createProvider(protocol: UpstreamProtocol, settings: ProviderSettings): Provider {
  const factory = factories[protocol];
  if (!factory) throw new Error(`Unknown provider protocol '${String(protocol)}'.`);
  return factory(settings);
}
