import { describe, expect, it } from 'vitest';
import { priceRuleSchema, type PriceRule, type PricingDocument } from '../../api-contract/pricing.ts';
import { PriceBook } from '../price-book.ts';
import { commerceSchema } from '../../config/commerce-schema.ts';
import { chargeOf, worstCaseCharge } from './rates.ts';
import { MissingExchangeRateError, RuleSet, type PricingContext } from './rule-set.ts';

const base = { input: 2, output: 8, currency: 'CNY' as const, freeTier: false };
const rule = (input: unknown): PriceRule => priceRuleSchema.parse(input);

function ruleSet(rules: PriceRule[], prices: PricingDocument['prices'] = { 'deepseek-chat': base }): RuleSet {
  return new RuleSet(
    7,
    { timezone: 'Asia/Shanghai', prices, plans: {}, rules },
    {
      currency: 'CNY',
      exchangeRates: { USD: 7.1 },
      defaultPrice: null,
    },
  );
}

function context(overrides: Partial<PricingContext> = {}): PricingContext {
  return {
    model: 'deepseek-chat',
    planId: 'pro',
    orgId: 'org_other',
    channel: null,
    batch: false,
    at: 0,
    ...overrides,
  };
}

/** 2026-12-05 at hh:mm:ss in Beijing (UTC+8), as epoch milliseconds. */
const beijing = (time: string) => Date.parse(`2026-12-05T${time}+08:00`);

describe('pricing rules', () => {
  // DeepSeek-style: peak (08:30–00:30 Beijing) costs twice off-peak.
  const peak = rule({ id: 'peak', when: { window: { from: '08:30', to: '00:30' } }, multiply: 2 });

  it('switches a peak rule exactly at the window edges, in the rules’ time zone', () => {
    const rules = ruleSet([peak]);
    expect(rules.quote(context({ at: beijing('00:29:59') }))!.rates.input).toBe(4000);
    expect(rules.quote(context({ at: beijing('00:29:59') }))!.rules).toEqual(['peak']);
    expect(rules.quote(context({ at: beijing('00:30:00') }))!.rates.input).toBe(2000);
    expect(rules.quote(context({ at: beijing('08:29:59') }))!.rates.input).toBe(2000);
    expect(rules.quote(context({ at: beijing('08:30:00') }))!.rates.output).toBe(16_000);
    // A window in another zone: 09:00–17:00 UTC is 17:00–01:00 Beijing.
    const utc = ruleSet([
      rule({ id: 'utc-day', when: { window: { from: '09:00', to: '17:00', timezone: 'UTC' } }, multiply: 3 }),
    ]);
    expect(utc.quote(context({ at: beijing('16:59:59') }))!.rates.input).toBe(2000);
    expect(utc.quote(context({ at: beijing('17:00:00') }))!.rates.input).toBe(6000);
  });

  it('applies days of the week to the day a wrapping window started on', () => {
    // Friday 22:00 → Saturday 02:00 only.
    const rules = ruleSet([
      rule({ id: 'fri-night', when: { window: { from: '22:00', to: '02:00', days: [5] } }, multiply: 0.5 }),
    ]);
    // 2026-12-04 is a Friday: its night runs into Saturday morning; Saturday's night is not discounted.
    expect(rules.quote(context({ at: Date.parse('2026-12-04T23:00:00+08:00') }))!.rates.input).toBe(1000);
    expect(rules.quote(context({ at: Date.parse('2026-12-05T01:00:00+08:00') }))!.rates.input).toBe(1000);
    expect(rules.quote(context({ at: Date.parse('2026-12-05T02:00:00+08:00') }))!.rates.input).toBe(2000);
    expect(rules.quote(context({ at: Date.parse('2026-12-05T23:00:00+08:00') }))!.rates.input).toBe(2000);
    expect(rules.quote(context({ at: Date.parse('2026-12-06T01:00:00+08:00') }))!.rates.input).toBe(2000);
  });

  it('combines a plan discount and an organization’s negotiated price in the documented order', () => {
    const rules = ruleSet([
      rule({ id: 'acme-contract', when: { organizations: ['org_acme'] }, set: { input: 1.5, output: 6 } }),
      rule({ id: 'pro-discount', when: { plans: ['pro'] }, multiply: 0.9 }),
    ]);
    // Others on pro: list price × 0.9.
    const other = rules.quote(context())!;
    expect(other.rates.input).toBeCloseTo(1800, 6);
    expect(other.rules).toEqual(['pro-discount']);
    // Acme on pro: the negotiated price replaces the list price, then the plan discount applies to it.
    const acme = rules.quote(context({ orgId: 'org_acme' }))!;
    expect(acme.rules).toEqual(['pro-discount', 'acme-contract']);
    expect(
      chargeOf(acme.rates, { promptTokens: 1000, cachedTokens: 0, completionTokens: 1000, reasoningTokens: 0 }),
    ).toBe(1000 * 1350 + 1000 * 5400);
    // Acme on a plan without a discount pays exactly its negotiated price.
    expect(rules.quote(context({ orgId: 'org_acme', planId: 'enterprise' }))!.rates.output).toBe(6000);
  });

  it('applies channel rules and the first rule of a group only', () => {
    const rules = ruleSet([
      rule({ id: 'cheap-channel', when: { channels: ['vllm-box'] }, multiply: { input: 0.5 } }),
      rule({ id: 'promo-a', group: 'promo', multiply: 0.8 }),
      rule({ id: 'promo-b', group: 'promo', multiply: 0.1 }),
    ]);
    expect(rules.quote(context({ channel: 'vllm-box' }))!.rates.input).toBeCloseTo(800, 6);
    expect(rules.quote(context({ channel: 'vllm-box' }))!.rates.output).toBeCloseTo(6400, 6);
    expect(rules.quote(context({ channel: 'other' }))!.rules).toEqual(['promo-a']);
  });

  it('bounds the hold by every rule that can apply: a peak that starts mid-request, cache writes, reasoning, fees', () => {
    const rules = ruleSet([peak], {
      'deepseek-chat': { ...base, cacheWrite: 2.5, reasoning: 16, request: 0.01 },
    });
    const worst = rules.worstQuote({ model: 'deepseek-chat', planId: 'pro', orgId: 'org_x', batch: false })!;
    // Admitted at 08:29:59 (off-peak), finished at 08:30:01 (peak): the hold already covered the peak.
    const hold = worstCaseCharge(worst.rates, 1000, 1000);
    expect(hold).toBe(1000 * 2500 * 2 + 1000 * 16_000 * 2 + 10_000_000 * 2);
    const finished = rules.quote(context({ at: beijing('08:30:01') }))!;
    for (const usage of [
      { promptTokens: 1000, cachedTokens: 0, cacheWriteTokens: 1000, completionTokens: 1000, reasoningTokens: 1000 },
      { promptTokens: 1000, cachedTokens: 900, completionTokens: 1000, reasoningTokens: 0 },
    ])
      expect(chargeOf(finished.rates, usage)).toBeLessThanOrEqual(hold);
  });

  it('prices cost with the channel’s own rules, and refuses a currency without a rate at load', () => {
    const rules = ruleSet([
      rule({ id: 'upstream-night', applies: 'cost', when: { window: { from: '00:30', to: '08:30' } }, multiply: 0.5 }),
    ]);
    const cost = { currency: 'USD' as const, input: 0.27, cachedInput: 0.07, output: 1.1 };
    const night = rules.costQuote(context({ channel: 'deepseek', at: beijing('03:00:00') }), cost);
    expect(night.rates.input).toBeCloseTo(0.27 * 1000 * 7.1 * 0.5, 6);
    // Cost rules never touch the customer's price.
    expect(rules.quote(context({ at: beijing('03:00:00') }))!.rates.input).toBe(2000);
    expect(
      () =>
        new RuleSet(
          1,
          { timezone: 'Asia/Shanghai', prices: { 'gpt-x': { ...base, currency: 'USD' } }, plans: {}, rules: [] },
          {
            currency: 'CNY',
            exchangeRates: {},
            defaultPrice: null,
          },
        ),
    ).toThrow(MissingExchangeRateError);
    expect(
      () => new PriceBook(commerceSchema.parse({ prices: { 'gpt-x': { input: 1, output: 1, currency: 'USD' } } })),
    ).toThrow(/commerce\.exchangeRates\.USD/);
  });

  it('refuses malformed rules with a clear message', () => {
    expect(priceRuleSchema.safeParse({ id: 'x', multiply: -1 }).success).toBe(false);
    expect(priceRuleSchema.safeParse({ id: 'x' }).error?.issues[0]?.message).toMatch(/set.*multiply/);
    expect(
      priceRuleSchema.safeParse({ id: 'x', when: { window: { from: '25:00', to: '01:00' } }, multiply: 2 }).success,
    ).toBe(false);
    expect(() =>
      ruleSet([
        rule({ id: 'tz', when: { window: { from: '01:00', to: '02:00', timezone: 'Mars/Olympus' } }, multiply: 2 }),
      ]),
    ).toThrow(/Unknown time zone 'Mars\/Olympus'/);
  });
});
