/**
 * The one place that turns a protocol and its settings into a Provider. The control plane calls
 * it with settings built from kaiyuan.yaml, a preset and the provider's key.
 */
import { AnthropicProvider } from './anthropic/anthropic-provider.ts';
import { OpenAICompatibleProvider } from './openai-compatible/openai-compatible-provider.ts';
import type { Provider, ProviderSettings } from './spec.ts';
import type { QuirkSettings, UpstreamProtocol } from './upstream-protocols.ts';

/** Settings of one upstream, its quirks typed by its protocol. */
export type UpstreamSettings = {
  [Protocol in UpstreamProtocol]: ProviderSettings & { protocol: Protocol; quirks: QuirkSettings<Protocol> };
}[UpstreamProtocol];

export function createProvider(settings: UpstreamSettings): Provider {
  switch (settings.protocol) {
    case 'openai-compatible':
      return new OpenAICompatibleProvider(settings);
    case 'anthropic':
      return new AnthropicProvider(settings);
    default:
      throw new Error(`Unknown provider protocol '${String((settings as { protocol: unknown }).protocol)}'.`);
  }
}
