import { describe, expect, it } from 'vitest';
import { batchRules } from './batch-discount.ts';
import { RuleSet, type PricingContext } from './pricing/rule-set.ts';

const pricing = { multiplier: 0.5, plans: { enterprise: 0.4 }, models: { 'deepseek-chat': 0.6 } };
const price = { input: 1, output: 2, currency: 'CNY' as const, freeTier: false };
const rules = new RuleSet(
  1,
  {
    timezone: 'Asia/Shanghai',
    prices: { 'sim-chat': price, 'deepseek-chat': price },
    plans: {},
    rules: batchRules(pricing),
  },
  { currency: 'CNY', exchangeRates: {}, defaultPrice: null },
);
const context = (model: string, planId: string, batch: boolean): PricingContext => ({
  model,
  planId,
  orgId: 'org_1',
  channel: null,
  batch,
  at: 0,
});

describe('batch discount', () => {
  it('charges real-time requests the list price', () => {
    expect(rules.quote(context('sim-chat', 'pro', false))!.rates.input).toBe(1000);
  });

  it('applies the model entry over the plan entry over the default to batch requests', () => {
    expect(rules.quote(context('sim-chat', 'pro', true))!.rates.input).toBe(500);
    expect(rules.quote(context('sim-chat', 'enterprise', true))!.rates.input).toBeCloseTo(400, 9);
    expect(rules.quote(context('deepseek-chat', 'enterprise', true))!.rates.input).toBeCloseTo(600, 9);
    expect(rules.quote(context('deepseek-chat', 'enterprise', true))!.rules).toEqual(['batch:model:deepseek-chat']);
  });
});
