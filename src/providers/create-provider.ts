import type { Provider, ProviderSettings } from './spec.ts';

export type UpstreamProtocol = 'openai-compatible' | 'anthropic';

/** Builds the provider for an upstream protocol. */
export function createProvider(protocol: UpstreamProtocol, settings: ProviderSettings): Provider {
  throw new Error(`Provider protocol ${protocol} for ${settings.name} is not available yet`);
}
