import { KaiyuanError, forbidden } from '../util/errors.ts';
import type { Deployment } from './deployment.ts';
import type { ModelEntry } from './model-registry.ts';
import { rendezvousOrder } from './cache-affinity.ts';

export interface RoutingPolicy {
  /** Only deployments carrying at least one of these tags (empty: any). */
  allowedRegions: readonly string[];
  /**
   * The conversation the request belongs to (cache-affinity.ts): with the priority and weighted
   * strategies, deployments of equal rank are ordered by rendezvous hashing on it instead of at
   * random, so a conversation keeps to one upstream (whose prompt cache then hits) while it is healthy.
   */
  affinityKey?: string | null;
}

/**
 * Orders the deployments of a model for one request: residency filter, then the model's strategy,
 * with deployments whose circuit is open left out. The caller tries them in order.
 */
export function orderDeployments(
  model: ModelEntry,
  policy: RoutingPolicy,
  random: () => number = Math.random,
): Deployment[] {
  const enabled = model.deployments.filter((deployment) => deployment.enabled);
  const allowed =
    policy.allowedRegions.length === 0
      ? enabled
      : enabled.filter((deployment) => deployment.tags.some((tag) => policy.allowedRegions.includes(tag)));
  if (allowed.length === 0) {
    if (policy.allowedRegions.length > 0 && enabled.length > 0) {
      throw forbidden(
        `The model '${model.id}' has no deployment in the regions your residency policy allows (${policy.allowedRegions.join(', ')}); the request was not sent anywhere else.`,
        'residency_no_deployment',
        'model',
      );
    }
    throw noDeployment(model.id, 0);
  }
  const available = allowed.filter((deployment) => deployment.state.circuit.isAvailable());
  if (available.length === 0) {
    const retryInMs = Math.min(...allowed.map((deployment) => deployment.state.circuit.retryInMs));
    throw noDeployment(model.id, retryInMs);
  }
  return orderByStrategy(model, available, random, policy.affinityKey ?? null);
}

function orderByStrategy(
  model: ModelEntry,
  deployments: Deployment[],
  random: () => number,
  affinityKey: string | null,
): Deployment[] {
  if (deployments.length === 1) return deployments;
  const spread = (group: Deployment[]) =>
    affinityKey ? rendezvousOrder(group, affinityKey) : weightedShuffle(group, random);
  switch (model.strategy) {
    case 'weighted':
      return spread(deployments);
    case 'least-latency':
      // Unmeasured deployments go first so that every deployment gets measured.
      return [...deployments].sort((left, right) => (left.state.ttftEwmaMs ?? -1) - (right.state.ttftEwmaMs ?? -1));
    case 'lowest-cost':
      return [...deployments].sort((left, right) => costOf(left) - costOf(right) || left.priority - right.priority);
    case 'priority':
    default: {
      // Lower priority number first; deployments of equal priority share load by weight.
      const groups = new Map<number, Deployment[]>();
      for (const deployment of deployments)
        groups.set(deployment.priority, [...(groups.get(deployment.priority) ?? []), deployment]);
      return [...groups.keys()]
        .sort((left, right) => left - right)
        .flatMap((priority) => spread(groups.get(priority)!));
    }
  }
}

function costOf(deployment: Deployment): number {
  return deployment.cost ? deployment.cost.input + deployment.cost.output : Number.POSITIVE_INFINITY;
}

/** Weighted random order without replacement (Efraimidis–Spirakis keys). */
export function weightedShuffle(deployments: Deployment[], random: () => number): Deployment[] {
  if (deployments.length <= 1) return deployments;
  return deployments
    .map((deployment) => ({ deployment, key: deployment.weight > 0 ? Math.pow(random(), 1 / deployment.weight) : -1 }))
    .sort((left, right) => right.key - left.key)
    .map((entry) => entry.deployment);
}

function noDeployment(model: string, retryInMs: number): KaiyuanError {
  return new KaiyuanError(
    'no_available_deployment',
    `No deployment of the model '${model}' is available right now (all are failing or disabled). Please retry later.`,
    {
      status: 503,
      type: 'upstream_error',
      retryable: true,
      retryAfterMs: Math.max(1000, retryInMs),
      params: { model },
    },
  );
}
