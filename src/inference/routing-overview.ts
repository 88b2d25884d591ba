import type { RoutingOverview } from '../api-contract/routing.ts';
import type { RoutingConfig } from '../config/config-schema.ts';
import { describeDeployment } from './deployment.ts';
import type { ModelRegistry } from './model-registry.ts';

/** A plan as far as routing cares: its fallback lists. */
export interface PlanFallbacks {
  id: string;
  name: string;
  fallbacks?: Record<string, string[]>;
}

/**
 * The routing state of this replica for the operator: every model's strategy, fallbacks and
 * deployments with their breaker, health and traffic, the plans' own fallback lists and the
 * settings that govern them. With Redis, breakers are shared, so any replica's view is the platform's.
 */
export function routingOverview(
  registry: ModelRegistry,
  plans: readonly PlanFallbacks[],
  settings: RoutingConfig,
  sharedState: 'redis' | 'memory',
): RoutingOverview {
  const { circuit } = settings;
  return {
    object: 'routing_overview',
    sharedState,
    settings: {
      budgetMs: settings.budgetMs,
      maxAttempts: settings.maxAttempts,
      deploymentHeaders: settings.deploymentHeaders,
      circuit: {
        failureThreshold: circuit.failureThreshold,
        failureRate: circuit.failureRate,
        minimumCalls: circuit.minimumCalls,
        windowMs: circuit.windowMs,
        cooldownMs: circuit.cooldownMs,
        maxCooldownMs: circuit.maxCooldownMs,
      },
    },
    models: registry.list().map((model) => ({
      id: model.id,
      strategy: model.strategy,
      fallbacks: [...(model.fallbacks ?? [])],
      fallbackToPricier: model.fallbackToPricier ?? false,
      deployments: model.deployments.map(describeDeployment),
    })),
    plans: plans
      .filter((plan) => plan.fallbacks !== undefined && Object.keys(plan.fallbacks).length > 0)
      .map((plan) => ({ id: plan.id, name: plan.name, fallbacks: plan.fallbacks! })),
  };
}
