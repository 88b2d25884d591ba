import { describe, expect, it } from 'vitest';
import { commerceSchema } from '../config/commerce-schema.ts';
import { formatAmount, parseAmount, toNano } from './money.ts';
import { PlanCatalog } from './plan-catalog.ts';
import { PriceBook } from './price-book.ts';

describe('price book', () => {
  it('prices sim-chat at ¥1/M input and ¥2/M output, cached input cheaper', () => {
    const book = new PriceBook(commerceSchema.parse({}));
    const price = book.priceOf('sim-chat');
    expect(price).toMatchObject({ input: 1, output: 2, freeTier: true });
    expect(book.cost(price, { promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 1_000_000 })).toBe(toNano(3));
    expect(book.cost(price, { promptTokens: 1_000_000, cachedTokens: 1_000_000, completionTokens: 0 })).toBe(
      toNano(0.25),
    );
    expect(book.cost(price, { promptTokens: 1, cachedTokens: 0, completionTokens: 0 })).toBe(1000);
    expect(book.priceOf('sim-embed')).toMatchObject({ input: 0.5, freeTier: true });
  });

  it('refuses unknown models unless a default price is configured, and converts currencies', () => {
    expect(new PriceBook(commerceSchema.parse({})).priceOf('mystery')).toBeNull();
    const book = new PriceBook(
      commerceSchema.parse({
        defaultPrice: { input: 3, output: 6 },
        exchangeRates: { USD: 7 },
        prices: { 'gpt-x': { input: 1, output: 1, currency: 'USD' } },
      }),
    );
    expect(book.priceOf('mystery')).toMatchObject({ input: 3, isDefault: true, model: 'mystery' });
    expect(book.cost(book.priceOf('gpt-x'), { promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 0 })).toBe(
      toNano(7),
    );
  });
});

describe('plans', () => {
  it('has free, pro and enterprise by default and merges configured plans', () => {
    const catalog = new PlanCatalog(
      commerceSchema.parse({ plans: { team: { payAsYouGo: true, limits: { rpm: 77 } } } }),
    );
    expect(catalog.list().map((plan) => plan.id)).toEqual(['free', 'pro', 'enterprise', 'team']);
    expect(catalog.get('free')).toMatchObject({ freeTierOnly: true, payAsYouGo: false, priority: 0 });
    expect(catalog.get('team').limits.rpm).toBe(77);
    expect(() => catalog.get('gold')).toThrow(/No plan 'gold'/);
    expect(() => new PlanCatalog(commerceSchema.parse({ defaultPlan: 'gold' }))).toThrow(/defaultPlan/);
  });

  it('raises paid limits with spend levels and lets organization overrides win', () => {
    const catalog = new PlanCatalog(commerceSchema.parse({}));
    const pro = catalog.get('pro');
    expect(catalog.levelFor(0).name).toBe('L0');
    expect(catalog.levelFor(toNano(60)).name).toBe('L1');
    expect(catalog.effectiveLimits(pro, 0, {}).rpm).toBe(1000);
    expect(catalog.effectiveLimits(pro, toNano(600), {}).rpm).toBe(4000);
    expect(catalog.effectiveLimits(pro, toNano(600), { rpm: 5 }).rpm).toBe(5);
    expect(catalog.effectiveLimits(catalog.get('free'), toNano(600), {}).rpm).toBe(20);
    // Every limit: scaled by the level, the organization's own where it has one.
    expect(catalog.effectiveLimits(pro, toNano(600), { tpd: 7 })).toEqual({
      rpm: 4000,
      rpd: 400_000,
      tpm: 4_000_000,
      tpd: 7,
    });
    // A limit neither the plan nor the organization sets stays unset (no key), one only the organization sets applies.
    const sparse = new PlanCatalog(
      commerceSchema.parse({ plans: { lite: { limits: { rpm: 10 } } }, defaultPlan: 'lite' }),
    ).get('lite');
    expect(Object.keys(catalog.effectiveLimits(sparse, 0, {}))).toEqual(['rpm']);
    expect(catalog.effectiveLimits(sparse, 0, { tpm: 9 })).toEqual({ rpm: 10, tpm: 9 });
  });
});

describe('money', () => {
  it('parses and formats decimal amounts exactly', () => {
    expect(parseAmount('12.50')).toBe(12_500_000_000);
    expect(parseAmount('0.000000001')).toBe(1);
    expect(parseAmount('1e3')).toBeNull();
    expect(parseAmount('-1')).toBeNull();
    expect(formatAmount(12_500_000_000)).toBe('12.50');
    expect(formatAmount(1)).toBe('0.000000001');
    expect(formatAmount(-2_100_000)).toBe('-0.0021');
  });
});
