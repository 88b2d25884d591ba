import type { CommerceConfig } from '../config/commerce-schema.ts';

export type BatchPricing = CommerceConfig['batchPricing'];

/**
 * The batch discount: the price multiplier of a request made through the Batch API (0.5 = half
 * price). A model's entry wins over its plan's, which wins over the default; real-time requests pay
 * the list price (1). The one place this rule lives until pricing rules generalise it.
 */
export function batchPriceMultiplier(
  pricing: BatchPricing,
  request: { batchId?: string | null; model: string },
  planId: string | null,
): number {
  if (!request.batchId) return 1;
  return pricing.models[request.model] ?? (planId ? pricing.plans[planId] : undefined) ?? pricing.multiplier;
}

/** A cost (nano-units) times the multiplier, rounded up to a whole nano-unit. */
export function discounted(cost: number, multiplier: number): number {
  return multiplier === 1 ? cost : Math.ceil(cost * multiplier - 1e-6);
}
