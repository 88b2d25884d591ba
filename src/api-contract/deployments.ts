import { z } from 'zod';

export const circuitStates = ['closed', 'open', 'half-open'] as const;
export type CircuitState = (typeof circuitStates)[number];
export const healthStates = ['unknown', 'healthy', 'unhealthy'] as const;
export type HealthState = (typeof healthStates)[number];

/** A deployment (one upstream serving a model) with its live state: admin API, CLI, console. */
export const deploymentViewSchema = z.strictObject({
  id: z.string(),
  /** The pseudonym customers see in `x-kaiyuan-deployment` (`routing.deploymentHeaders: opaque`). */
  alias: z.string(),
  model: z.string(),
  provider: z.string(),
  protocol: z.string(),
  upstream_model: z.string(),
  weight: z.number(),
  priority: z.number(),
  tags: z.array(z.string()).readonly(),
  enabled: z.boolean(),
  max_concurrency: z.number().nullable(),
  circuit: z.enum(circuitStates),
  /** Result of the last active health check. */
  health: z.enum(healthStates),
  inflight: z.number(),
  requests: z.number(),
  /** Share of failed attempts recently, 0..1. */
  error_rate: z.number(),
  ttft_ewma_ms: z.number().nullable(),
  /** The last failure of an attempt on this deployment (`at`: epoch ms). */
  last_error: z.strictObject({ code: z.string(), message: z.string(), at: z.number() }).nullable(),
});
export type DeploymentView = z.infer<typeof deploymentViewSchema>;

/** PATCH /admin/v1/deployments/{id}: at least one field. */
export const deploymentPatchBody = z
  .object({
    enabled: z.boolean(),
    weight: z.number().min(0),
    priority: z.number().int(),
    maxConcurrency: z.number().int().min(1).nullable(),
  })
  .partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one of enabled, weight, priority, maxConcurrency');
export type DeploymentPatch = z.infer<typeof deploymentPatchBody>;
