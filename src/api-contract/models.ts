import { z } from 'zod';
import { circuitStates, healthStates } from './deployments.ts';

/** Prices per million tokens. */
export const modelPricingSchema = z.strictObject({
  input: z.number(),
  cached_input: z.number(),
  output: z.number(),
  currency: z.string(),
  unit: z.literal('per_million_tokens'),
  free_tier: z.boolean(),
});
export type ModelPricing = z.infer<typeof modelPricingSchema>;

export const inputModalities = ['text', 'image'] as const;
export const outputModalities = ['text', 'embedding', 'score'] as const;
export const modelModalitiesSchema = z.strictObject({
  input: z.array(z.enum(inputModalities)),
  output: z.array(z.enum(outputModalities)),
});
export type ModelModalities = z.infer<typeof modelModalitiesSchema>;

/** A deployment serving the model (enabled ones only). */
export const modelProviderSchema = z.strictObject({
  deployment: z.string(),
  provider: z.string(),
  upstream_model: z.string(),
  tags: z.array(z.string()).readonly(),
  health: z.enum(healthStates),
  circuit: z.enum(circuitStates),
});
export type ModelProvider = z.infer<typeof modelProviderSchema>;

/**
 * GET /v1/models: OpenAI's `model` object plus catalog metadata (context length, capabilities,
 * license, pricing) and the deployments serving it, as Together and OpenRouter list them.
 */
export const catalogModelSchema = z.strictObject({
  id: z.string(),
  object: z.literal('model'),
  created: z.number(),
  owned_by: z.string(),
  name: z.string(),
  context_length: z.number().nullable(),
  /** chat, embeddings, vision, tools…; none listed counts as chat. */
  capabilities: z.array(z.string()).readonly(),
  /** What goes in and comes out (derived from the capabilities): text, image; text, embedding, score. */
  modalities: modelModalitiesSchema,
  license: z.string().nullable(),
  /** Parameter count as the catalog states it ("8B", "671B-A37B"). */
  parameters: z.string().nullable(),
  description: z.string().nullable(),
  /** Null when the model has no price (the price book's default may still apply when billing). */
  pricing: modelPricingSchema.nullable(),
  providers: z.array(modelProviderSchema),
});
export type CatalogModel = z.infer<typeof catalogModelSchema>;
