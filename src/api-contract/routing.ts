import { z } from 'zod';
import { deploymentViewSchema } from './deployments.ts';

/** One model as the router sees it: how it picks deployments, their live state, where it falls back. */
export const routedModelSchema = z.strictObject({
  id: z.string(),
  strategy: z.string(),
  /** The model's own fallback models, in order (plans may replace them: `plans`). */
  fallbacks: z.array(z.string()),
  fallbackToPricier: z.boolean(),
  deployments: z.array(deploymentViewSchema),
});
export type RoutedModel = z.infer<typeof routedModelSchema>;

/** GET /admin/v1/routing: the routing state of the platform (operator only; the console's routing view). */
export const routingOverviewSchema = z.strictObject({
  object: z.literal('routing_overview'),
  /** Where breakers and concurrency are shared: `redis` across replicas, `memory` in this process. */
  sharedState: z.enum(['redis', 'memory']),
  settings: z.strictObject({
    budgetMs: z.number(),
    maxAttempts: z.number(),
    deploymentHeaders: z.enum(['opaque', 'names']),
    circuit: z.strictObject({
      failureThreshold: z.number(),
      failureRate: z.number(),
      minimumCalls: z.number(),
      windowMs: z.number(),
      cooldownMs: z.number(),
      maxCooldownMs: z.number(),
    }),
  }),
  models: z.array(routedModelSchema),
  /** Plans that set fallback lists of their own (by model id, `*` for the rest). */
  plans: z.array(
    z.strictObject({ id: z.string(), name: z.string(), fallbacks: z.record(z.string(), z.array(z.string())) }),
  ),
});
export type RoutingOverview = z.infer<typeof routingOverviewSchema>;
