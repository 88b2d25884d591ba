import { describe, expect, it } from 'vitest';
import { batchPriceMultiplier, discounted } from './batch-discount.ts';

const pricing = { multiplier: 0.5, plans: { enterprise: 0.4 }, models: { 'deepseek-chat': 0.6 } };

describe('batch discount', () => {
  it('charges real-time requests the list price', () => {
    expect(batchPriceMultiplier(pricing, { model: 'sim-chat' }, 'pro')).toBe(1);
    expect(batchPriceMultiplier(pricing, { model: 'sim-chat', batchId: null }, 'pro')).toBe(1);
  });

  it('applies the model entry over the plan entry over the default to batch requests', () => {
    expect(batchPriceMultiplier(pricing, { model: 'sim-chat', batchId: 'batch_1' }, 'pro')).toBe(0.5);
    expect(batchPriceMultiplier(pricing, { model: 'sim-chat', batchId: 'batch_1' }, 'enterprise')).toBe(0.4);
    expect(batchPriceMultiplier(pricing, { model: 'deepseek-chat', batchId: 'batch_1' }, 'enterprise')).toBe(0.6);
  });

  it('rounds a discounted cost up to a whole nano-unit', () => {
    expect(discounted(1001, 0.5)).toBe(501);
    expect(discounted(1000, 0.5)).toBe(500);
    expect(discounted(777, 1)).toBe(777);
  });
});
