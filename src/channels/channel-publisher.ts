import type { CostPrice } from '../api-contract/channels.ts';
import type { CircuitBreakerSettings } from '../inference/circuit-breaker.ts';
import type { Deployment } from '../inference/deployment.ts';
import type { UpstreamCostPrice } from '../inference/gateway-hooks.ts';
import type { ModelEntry } from '../inference/model-registry.ts';
import { findPreset } from '../providers/presets/index.ts';
import { deploymentFor, entryFor, type RegistryInputs } from './build-model-registry.ts';
import type { StoredChannel, StoredChannelKey } from './channel-repository.ts';
import { keyPoolProvider, type PooledKey } from './key-pool-provider.ts';
import { upstreamAgent, upstreamInstance, type ProviderInstance } from './provider-registry.ts';

/** A live channel made ready to serve: its provider over its key pool and its deployments. */
export interface PublishedChannel {
  channel: StoredChannel;
  instance: ProviderInstance;
  keys: PooledKey[];
  deployments: Deployment[];
}

export interface OpenedKey {
  key: StoredChannelKey;
  secret: string;
}

/**
 * The provider of a live channel: one provider per upstream key over one shared connection pool,
 * behind a key pool that takes the keys in turn (no key: a local engine without auth).
 */
export function channelProvider(
  channel: StoredChannel,
  keys: readonly OpenedKey[],
  onRejected: (key: PooledKey, reason: string) => void,
): { instance: ProviderInstance; keys: PooledKey[] } {
  const preset = channel.preset ? (findPreset(channel.preset) ?? null) : null;
  const dispatcher = upstreamAgent(256, channel.timeouts);
  const overrides = {
    protocol: channel.type,
    baseUrl: channel.baseUrl ?? undefined,
    tags: channel.tags,
    maxConnections: 256,
    timeouts: channel.timeouts,
    dispatcher,
  };
  const base = upstreamInstance(channel.name, preset, overrides, 'live');
  if (keys.length === 0) return { instance: base, keys: [] };
  const pooled: PooledKey[] = keys.map(({ key, secret }) => ({
    id: key.id,
    hint: key.hint,
    provider: upstreamInstance(channel.name, preset, { ...overrides, apiKey: secret }, 'live').provider,
    rejected:
      key.status === 'rejected' ? { reason: key.statusReason ?? 'refused', at: key.statusAt ?? Date.now() } : null,
  }));
  return { instance: { ...base, provider: keyPoolProvider(pooled, onRejected) }, keys: pooled };
}

/** The deployments of a channel's models, keeping the live state of those that existed before. */
export function channelDeployments(
  channel: StoredChannel,
  instance: ProviderInstance,
  circuit: CircuitBreakerSettings | undefined,
  previous: ReadonlyMap<string, Deployment>,
  rateOf: (currency: CostPrice['currency']) => number = () => 1,
): Deployment[] {
  return channel.models.map((model) => {
    const deployment = deploymentFor(
      model.name,
      instance,
      {
        provider: channel.name,
        model: model.upstream ?? model.name,
        weight: channel.weight,
        priority: channel.priority,
        maxConcurrency: channel.maxConcurrency ?? undefined,
        timeouts: channel.timeouts,
        cost: model.cost ? routingCost(model.cost, rateOf(model.cost.currency)) : undefined,
        enabled: channel.enabled,
      },
      circuit,
    );
    deployment.costPrice = model.cost ? upstreamCostPrice(model.cost) : null;
    const state = previous.get(deployment.id)?.state;
    if (state) deployment.state = state;
    return deployment;
  });
}

/**
 * The cost the lowest-cost strategy compares: billing-currency units per million tokens, as
 * `models[].deployments[].cost` in kaiyuan.yaml has it (the stored price stays in minor units).
 * `rate` is the configured exchange rate of the cost's currency (saving a cost price in a
 * currency without one is refused, so no rate is ever guessed).
 */
export function routingCost(cost: CostPrice, rate: number): { input: number; output: number } {
  return { input: (cost.input / 100) * rate, output: (cost.output / 100) * rate };
}

/** A channel's cost price (integer minor units per million tokens) in currency units, as pricing reads it. */
export function upstreamCostPrice(cost: CostPrice): UpstreamCostPrice {
  const units = (minor: number | undefined) => (minor === undefined ? undefined : minor / 100);
  return {
    currency: cost.currency,
    input: cost.input / 100,
    output: cost.output / 100,
    ...(cost.cachedInput !== undefined ? { cachedInput: units(cost.cachedInput) } : {}),
    ...(cost.cacheWrite !== undefined ? { cacheWrite: units(cost.cacheWrite) } : {}),
    ...(cost.reasoning !== undefined ? { reasoning: units(cost.reasoning) } : {}),
    ...(cost.request !== undefined ? { request: units(cost.request) } : {}),
  };
}

/** The entry of a model that only live channels serve: the catalog card's metadata, if any. */
export function channelModelEntry(inputs: RegistryInputs, id: string, deployments: Deployment[]): ModelEntry {
  return entryFor(inputs, id, { catalog: id }, deployments, 'channel', Math.floor(Date.now() / 1000));
}
