import type { Logger } from 'pino';
import { Agent } from 'undici';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import { discoverLocalModels } from '../providers/discovery/discover-local-models.ts';
import { findPreset } from '../providers/presets/index.ts';
import type { DiscoveredModels } from './build-model-registry.ts';
import { upstreamInstance, type ProviderInstance } from './provider-registry.ts';

export interface DiscoveryOutcome {
  providers: ProviderInstance[];
  discovered: DiscoveredModels[];
}

/**
 * Probes Ollama and the configured local servers once at start, registers a provider for every
 * server that answered and says in the log what was found and what was not.
 */
export async function discoverLocalProviders(
  config: KaiyuanConfig,
  taken: ReadonlySet<string>,
  logger: Logger,
): Promise<DiscoveryOutcome> {
  const outcome: DiscoveryOutcome = { providers: [], discovered: [] };
  if (!config.discovery.enabled) return outcome;
  const dispatcher = new Agent({ connections: 4 });
  try {
    const result = await discoverLocalModels(
      {
        ollamaUrl: config.discovery.ollamaUrl,
        servers: config.discovery.servers,
        timeoutMs: config.discovery.timeoutMs,
      },
      dispatcher,
    );
    for (const server of result.found) {
      if (taken.has(server.name)) continue;
      const apiKey = config.discovery.servers.find((candidate) => candidate.name === server.name)?.apiKey;
      outcome.providers.push(
        upstreamInstance(
          server.name,
          findPreset(server.preset) ?? null,
          { baseUrl: server.baseUrl, apiKey, maxConnections: 64 },
          'discovery',
        ),
      );
      outcome.discovered.push({ providerName: server.name, models: server.models });
      logger.info(
        {
          server: server.name,
          engine: server.preset,
          baseUrl: server.baseUrl,
          models: server.models.map((model) => model.id),
        },
        `discovered ${server.models.length} model(s) on ${server.name}`,
      );
    }
    for (const failure of result.failed)
      logger.info(
        { server: failure.name, baseUrl: failure.baseUrl, reason: failure.reason },
        `no local model server at ${failure.baseUrl}`,
      );
  } finally {
    await dispatcher.close();
  }
  return outcome;
}
