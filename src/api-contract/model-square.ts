import { z } from 'zod';
import { modelModalitiesSchema } from './models.ts';

/**
 * The public model square (模型广场): what a visitor who has not signed in may read about the
 * published models. Only public fields: no deployment, channel, upstream model, address or health.
 */

/** A plan's price of the model per million tokens, in the billing currency, after the plan's rules. */
export const squarePlanPriceSchema = z.strictObject({
  plan: z.string(),
  planName: z.string(),
  input: z.number(),
  cachedInput: z.number(),
  output: z.number(),
  /** A fee per request in currency units (0: none). */
  request: z.number(),
  currency: z.string(),
  /** The plan a self-service sign-up starts on. */
  signupPlan: z.boolean(),
});
export type SquarePlanPrice = z.infer<typeof squarePlanPriceSchema>;

/**
 * What a new self-service customer gets free: `free` (the sign-up plan prices the model at 0) or
 * `monthly_grant` (the sign-up plan's monthly free tokens cover it); null: nothing free.
 */
export const squareFreeOfferSchema = z.strictObject({
  kind: z.enum(['free', 'monthly_grant']),
  /** Free tokens per month (monthly_grant); null for `free`. */
  tokensPerMonth: z.number().nullable(),
});
export type SquareFreeOffer = z.infer<typeof squareFreeOfferSchema>;

export const squareModelSchema = z.strictObject({
  object: z.literal('square_model'),
  id: z.string(),
  name: z.string(),
  /** Who publishes the model (its maker, e.g. deepseek, qwen), as the catalog names it. */
  provider: z.string(),
  description: z.string().nullable(),
  parameters: z.string().nullable(),
  contextLength: z.number().nullable(),
  capabilities: z.array(z.string()),
  modalities: modelModalitiesSchema,
  license: z.string().nullable(),
  /** One entry per plan that may use the model (empty: the model has no price yet). */
  prices: z.array(squarePlanPriceSchema),
  freeForNewCustomers: squareFreeOfferSchema.nullable(),
});
export type SquareModel = z.infer<typeof squareModelSchema>;

/** GET /console/api/square/models (no credential; 404 `model_square_disabled` when the operator turned it off). */
export const modelSquareSchema = z.strictObject({
  object: z.literal('model_square'),
  data: z.array(squareModelSchema),
  /** Whether a visitor can sign up (the sign-up policy is open or by invitation), for the call to action. */
  signup: z.strictObject({ policy: z.enum(['open', 'invite', 'closed']), plan: z.string() }),
});
export type ModelSquare = z.infer<typeof modelSquareSchema>;

/** GET / PUT /admin/v1/model-square/settings (operators). */
export const modelSquareSettingsSchema = z.strictObject({
  object: z.literal('model_square_settings'),
  enabled: z.boolean(),
});
export type ModelSquareSettings = z.infer<typeof modelSquareSettingsSchema>;
export const modelSquareSettingsBody = z.object({ enabled: z.boolean() }).strict();
