import type { RoutedModel, RoutingOverview } from '@kaiyuan/api-contract/routing.ts';
import { requestJson } from './http-client.ts';

export type { RoutedModel, RoutingOverview };

/** GET /admin/v1/routing: breakers, health and fallbacks of every model (operator only). */
export const getRoutingOverview = (signal?: AbortSignal) =>
  requestJson<RoutingOverview>('/admin/v1/routing', { signal });

/** Counts of a model's deployments by circuit state, for its summary line. */
export function circuitCounts(model: RoutedModel): { closed: number; halfOpen: number; open: number } {
  const counts = { closed: 0, halfOpen: 0, open: 0 };
  for (const deployment of model.deployments) {
    if (!deployment.enabled) continue;
    if (deployment.circuit === 'open') counts.open++;
    else if (deployment.circuit === 'half-open') counts.halfOpen++;
    else counts.closed++;
  }
  return counts;
}

/** A model can serve when at least one enabled deployment's circuit is not open. */
export function canServe(model: RoutedModel): boolean {
  const counts = circuitCounts(model);
  return counts.closed + counts.halfOpen > 0;
}
