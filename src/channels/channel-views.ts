import type { ChannelView } from '../api-contract/channels.ts';
import type { Deployment } from '../inference/deployment.ts';
import type { StoredChannel, StoredChannelKey } from './channel-repository.ts';
import type { ProviderInstance } from './provider-registry.ts';

/** A live channel as the admin API shows it: keys only as masked hints. */
export function liveChannelView(
  channel: StoredChannel,
  keys: readonly StoredChannelKey[],
  deployments: readonly Deployment[],
  problem: string | null,
): ChannelView {
  const byName = new Map(deployments.map((deployment) => [deployment.model, deployment]));
  const state = stateOf(deployments);
  return {
    object: 'channel',
    id: channel.id,
    name: channel.name,
    source: 'live',
    read_only: false,
    type: channel.type,
    preset: channel.preset,
    base_url: channel.baseUrl,
    models: channel.models.map((model) => ({
      name: model.name,
      upstream: model.upstream ?? model.name,
      deployment: byName.get(model.name)?.id ?? `${model.name}@${channel.name}`,
      cost: model.cost ? { ...model.cost } : null,
    })),
    tags: channel.tags,
    weight: channel.weight,
    priority: channel.priority,
    max_concurrency: channel.maxConcurrency,
    timeouts: channel.timeouts,
    enabled: channel.enabled,
    keys: keys.map((key) => ({
      id: key.id,
      hint: key.hint,
      status: key.status,
      reason: key.statusReason,
      at: key.statusAt,
    })),
    state: problem
      ? { ...state, health: 'unhealthy', last_error: { code: 'channel_unavailable', message: problem, at: Date.now() } }
      : state,
    created_at: channel.createdAt,
    updated_at: channel.updatedAt,
  };
}

/** A channel of kaiyuan.yaml, a hosted preset's key, discovery or the simulator: read-only. */
export function baseChannelView(instance: ProviderInstance, deployments: readonly Deployment[]): ChannelView {
  const first = deployments[0];
  return {
    object: 'channel',
    id: `${instance.source}:${instance.name}`,
    name: instance.name,
    source: instance.source === 'live' ? 'config' : instance.source,
    read_only: true,
    type: instance.provider.protocol,
    preset: instance.preset?.name ?? null,
    base_url: null,
    models: deployments.map((deployment) => ({
      name: deployment.model,
      upstream: deployment.upstreamModel,
      deployment: deployment.id,
      cost: null,
    })),
    tags: [...instance.tags],
    weight: first?.weight ?? 1,
    priority: first?.priority ?? 0,
    max_concurrency: first?.maxConcurrency ?? null,
    timeouts: { ...instance.timeouts } as Record<string, number>,
    enabled: deployments.some((deployment) => deployment.enabled),
    keys: [],
    state: stateOf(deployments),
    created_at: null,
    updated_at: null,
  };
}

/** What the audit trail keeps of a channel: its settings and key hints, no live state. */
export function publicChannel(view: ChannelView): Omit<ChannelView, 'state'> {
  const { state: _state, ...rest } = view;
  return rest;
}

function stateOf(deployments: readonly Deployment[]): ChannelView['state'] {
  const states = deployments.map((deployment) => deployment.state);
  const circuits = states.map((state) => state.circuit.state);
  const requests = states.reduce((sum, state) => sum + state.requests, 0);
  const measured = states.filter((state) => state.ttftEwmaMs !== null);
  const lastError = states
    .map((state) => state.lastError)
    .filter((error) => error !== null)
    .sort((left, right) => right.at - left.at)[0];
  return {
    circuit: circuits.includes('open') ? 'open' : circuits.includes('half-open') ? 'half-open' : 'closed',
    health: states.some((state) => state.health === 'unhealthy')
      ? 'unhealthy'
      : states.some((state) => state.health === 'healthy')
        ? 'healthy'
        : 'unknown',
    inflight: states.reduce((sum, state) => sum + state.inflight, 0),
    requests,
    error_rate:
      states.length === 0
        ? 0
        : Number((states.reduce((sum, state) => sum + state.errorRate, 0) / states.length).toFixed(4)),
    ttft_ewma_ms:
      measured.length === 0
        ? null
        : Math.round(measured.reduce((sum, state) => sum + state.ttftEwmaMs!, 0) / measured.length),
    last_error: lastError ?? null,
  };
}
