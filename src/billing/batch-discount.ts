import type { PriceRule } from '../api-contract/pricing.ts';
import type { CommerceConfig } from '../config/commerce-schema.ts';

export type BatchPricing = CommerceConfig['batchPricing'];

/**
 * The batch discount (`commerce.batchPricing`) as pricing rules of one group, so the first that
 * matches applies: a model's entry, then its plan's, then the default. Real-time requests match
 * none of them and pay the list price.
 */
export function batchRules(pricing: BatchPricing): PriceRule[] {
  const rules: PriceRule[] = [];
  for (const [model, multiplier] of Object.entries(pricing.models))
    rules.push(batchRule(`batch:model:${model}`, multiplier, { models: [model] }));
  for (const [plan, multiplier] of Object.entries(pricing.plans))
    rules.push(batchRule(`batch:plan:${plan}`, multiplier, { plans: [plan] }));
  rules.push(batchRule('batch:default', pricing.multiplier, {}));
  return rules;
}

function batchRule(id: string, multiplier: number, when: PriceRule['when']): PriceRule {
  return {
    id,
    description: 'Batch API discount (commerce.batchPricing)',
    applies: 'price',
    when: { ...when, batch: true },
    multiply: multiplier,
    group: 'batch',
  };
}
