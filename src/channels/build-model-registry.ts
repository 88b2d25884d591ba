import {
  timeoutsSchema,
  type Capability,
  type DeploymentConfig,
  type KaiyuanConfig,
  type ModelConfig,
  type Timeouts,
} from '../config/config-schema.ts';
import type { CircuitBreakerSettings } from '../inference/circuit-breaker.ts';
import { DeploymentState, type Deployment } from '../inference/deployment.ts';
import type { ModelEntry } from '../inference/model-registry.ts';
import type { ProviderInstance } from './provider-registry.ts';
import { PublishedModels } from './published-models.ts';

/** Catalog metadata of a model (config/model-catalog.ts). */
export interface CardLike {
  id: string;
  name: string;
  vendor?: string;
  license?: string;
  parameters?: string;
  contextLength?: number;
  capabilities?: readonly Capability[];
  description?: string;
}

export interface DiscoveredModels {
  providerName: string;
  models: ReadonlyArray<{ id: string; contextLength?: number }>;
}

export interface RegistryInputs {
  config: KaiyuanConfig;
  providers: readonly ProviderInstance[];
  findCard: (id: string) => CardLike | undefined;
  discovered?: readonly DiscoveredModels[];
  circuit?: CircuitBreakerSettings;
}

const simulatorCapabilities: Record<string, Capability[]> = {
  'sim-chat': ['chat', 'completions', 'tools', 'json_schema'],
  'sim-reasoner': ['chat', 'completions', 'tools', 'json_schema', 'reasoning'],
  'sim-embed': ['embeddings'],
  'sim-rerank': ['rerank'],
};

const defaultTimeouts: Timeouts = timeoutsSchema.parse({});

/**
 * Builds the model registry. Later sources override earlier ones for the same id:
 * simulator models, then models of enabled presets, then discovered local models, then the config file.
 */
export function buildModelRegistry(inputs: RegistryInputs): PublishedModels {
  const registry = new PublishedModels();
  const byName = new Map(inputs.providers.map((instance) => [instance.name, instance]));
  const created = Math.floor(Date.now() / 1000);

  for (const instance of inputs.providers) {
    if (
      instance.source === 'simulator' ||
      (instance.source === 'config' && instance.provider.protocol === 'simulator')
    ) {
      if (instance.source !== 'simulator') continue;
      for (const [id, capabilities] of Object.entries(simulatorCapabilities)) {
        registry.set(
          entryFor(
            inputs,
            id,
            { catalog: id, capabilities },
            [deploymentFor(id, instance, { provider: instance.name, model: id }, inputs.circuit)],
            'simulator',
            created,
          ),
        );
      }
    }
    for (const model of instance.preset && instance.source === 'preset' ? (instance.preset.models ?? []) : []) {
      const deployment = deploymentFor(
        model.id,
        instance,
        { provider: instance.name, model: model.upstreamModel },
        inputs.circuit,
      );
      const existing = registry.get(model.id);
      // The same model offered by several enabled vendors becomes one model with a deployment on each: failover for free.
      if (existing?.source === 'preset') existing.deployments.push(deployment);
      else registry.set(entryFor(inputs, model.id, { catalog: model.catalog }, [deployment], 'preset', created));
    }
  }

  for (const discovered of inputs.discovered ?? []) {
    const instance = byName.get(discovered.providerName);
    if (!instance) continue;
    for (const model of discovered.models) {
      if (registry.get(model.id)?.source === 'config') continue;
      const deployment = deploymentFor(
        model.id,
        instance,
        { provider: instance.name, model: model.id },
        inputs.circuit,
      );
      registry.set(
        entryFor(inputs, model.id, { contextLength: model.contextLength }, [deployment], 'discovery', created),
      );
    }
  }

  for (const [id, modelConfig] of Object.entries(inputs.config.models)) {
    registry.set(modelEntryFromConfig(inputs, id, modelConfig, created));
  }
  return registry;
}

/** The registry entry of one `models:` config entry; throws a readable error for an unknown provider. */
export function modelEntryFromConfig(
  inputs: RegistryInputs,
  id: string,
  modelConfig: ModelConfig,
  created = Math.floor(Date.now() / 1000),
): ModelEntry {
  const byName = new Map(inputs.providers.map((instance) => [instance.name, instance]));
  const deployments = modelConfig.deployments.map((deploymentConfig, index) => {
    const instance = byName.get(deploymentConfig.provider);
    if (!instance) {
      throw new Error(
        `models.${id}.deployments[${index}].provider: unknown provider '${deploymentConfig.provider}'; known: ${[...byName.keys()].join(', ') || '(none)'}`,
      );
    }
    return deploymentFor(id, instance, deploymentConfig, inputs.circuit, index);
  });
  return entryFor(inputs, id, modelConfig, deployments, 'config', created);
}

export function entryFor(
  inputs: RegistryInputs,
  id: string,
  settings: Partial<ModelConfig> & { capabilities?: readonly Capability[] },
  deployments: Deployment[],
  source: ModelEntry['source'],
  created: number,
): ModelEntry {
  const card = inputs.findCard(settings.catalog ?? id);
  return {
    id,
    name: settings.name ?? card?.name ?? id,
    ownedBy: settings.ownedBy ?? card?.vendor ?? deployments[0]?.providerName ?? 'kaiyuan',
    created,
    contextLength: settings.contextLength ?? card?.contextLength ?? null,
    capabilities: settings.capabilities ?? card?.capabilities ?? ['chat', 'completions'],
    license: settings.license ?? card?.license ?? null,
    parameters: settings.parameters ?? card?.parameters ?? null,
    description: settings.description ?? card?.description ?? null,
    strategy: settings.strategy ?? 'priority',
    fallbacks: settings.fallbacks ?? [],
    fallbackToPricier: settings.fallbackToPricier ?? false,
    deployments,
    source,
  };
}

export function deploymentFor(
  model: string,
  instance: ProviderInstance,
  config: Partial<DeploymentConfig> & { provider: string },
  circuit: CircuitBreakerSettings | undefined,
  index = 0,
): Deployment {
  const upstreamModel = config.model ?? model;
  return {
    id: config.id ?? `${model}@${instance.name}${index > 0 ? `#${index}` : ''}`,
    model,
    providerName: instance.name,
    provider: instance.provider,
    upstreamModel,
    weight: config.weight ?? 1,
    priority: config.priority ?? 0,
    tags: [...new Set([...(instance.tags ?? []), ...(config.tags ?? [])])],
    cost: config.cost ? { input: config.cost.input, output: config.cost.output } : null,
    costPrice: config.cost ?? null,
    maxConcurrency: config.maxConcurrency ?? null,
    ...(config.retry ? { retry: config.retry } : {}),
    timeouts: { ...defaultTimeouts, ...instance.timeouts, ...(config.timeouts ?? {}) },
    enabled: config.enabled ?? true,
    state: new DeploymentState(circuit),
  };
}
