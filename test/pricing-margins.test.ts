import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Principal } from '../src/accounts/principal.ts';
import type { RequestOutcome, UpstreamCostPrice } from '../src/inference/gateway-hooks.ts';
import type { Usage } from '../src/providers/spec.ts';
import { toNano } from '../src/billing/money.ts';
import { newRequestId } from '../src/util/ids.ts';
import { createTestCommerce, createTenant, operator, type TestCommerce } from './support/test-commerce.ts';
import { storeKinds } from './support/test-store.ts';

/** 2026-12-05 at hh:mm in Beijing. */
const at = (time: string) => Date.parse(`2026-12-05T${time}:00+08:00`);

/** Cost prices as channels store them (minor units per million tokens), in currency units for pricing. */
const bailian: UpstreamCostPrice = { currency: 'CNY', input: 1.6, cachedInput: 0.32, output: 6.4 };
const vllmBox: UpstreamCostPrice = { currency: 'CNY', input: 0.5, output: 1 };
const vllmBoxSim: UpstreamCostPrice = { currency: 'CNY', input: 5, output: 5 };

function usage(prompt: number, completion: number, cached = 0): Usage {
  return { promptTokens: prompt, completionTokens: completion, cachedTokens: cached, reasoningTokens: 0 };
}

describe.each(storeKinds)('prices, upstream cost and margins on %s', (kind) => {
  let context: TestCommerce;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await context?.close();
  });

  async function serve(
    principal: Principal,
    model: string,
    channel: string,
    costPrice: UpstreamCostPrice,
    used: Usage,
    time: string,
  ): Promise<string> {
    vi.setSystemTime(at(time));
    const requestId = newRequestId();
    const admission = await context.commerce.gatekeeper.admit({
      requestId,
      principal,
      endpoint: 'chat',
      model,
      promptTokens: used.promptTokens,
      maxOutputTokens: used.completionTokens,
      stream: false,
    });
    const outcome: RequestOutcome = {
      status: 'completed',
      usage: used,
      usageEstimated: false,
      servedBy: { deploymentId: `${model}@${channel}`, provider: channel, upstreamModel: model, costPrice },
      latencyMs: 5,
      ttftMs: 5,
      errorCode: null,
      attempts: 1,
    };
    await admission.settle(outcome);
    return requestId;
  }

  it('a scripted day across two channels: the report matches a hand computation and its totals equal the ledger', async () => {
    context = await createTestCommerce(kind, {
      commerce: {
        prices: { 'qwen-plus': { input: 2, cachedInput: 0.4, output: 8, currency: 'CNY', freeTier: false } },
      },
    });
    const { commerce, store } = context;
    vi.setSystemTime(at('08:00'));
    const acme = await createTenant(commerce, { name: 'acme', balance: toNano(100) });
    const beta = await createTenant(commerce, { name: 'beta', balance: toNano(1) });
    const trial = await createTenant(commerce, { name: 'trial', planId: 'free' });

    // 10:00 acme on Bailian: 200 × 2000 + 800 × 400 + 500 × 8000 = 4 720 000; cost 200 × 1600 + 800 × 320 + 500 × 6400 = 3 776 000.
    const first = await serve(acme.principal, 'qwen-plus', 'bailian', bailian, usage(1000, 500, 800), '10:00');
    // 10:30 the operator raises qwen-plus input to ¥3 (cached ¥0.6): a new price version for the next requests.
    vi.setSystemTime(at('10:30'));
    const { version } = await commerce.pricing.setPrice('admin-token', 'qwen-plus', {
      input: 3,
      cachedInput: 0.6,
      output: 8,
      currency: 'CNY',
      freeTier: false,
    });
    // 11:00 acme on the vLLM box: 2000 × 3000 + 1000 × 8000 = 14 000 000; cost 2000 × 500 + 1000 × 1000 = 2 000 000.
    const second = await serve(acme.principal, 'qwen-plus', 'vllm-box', vllmBox, usage(2000, 1000), '11:00');
    // 15:00 beta on Bailian: 100 × 3000 + 100 × 8000 = 1 100 000; cost 100 × 1600 + 100 × 6400 = 800 000.
    await serve(beta.principal, 'qwen-plus', 'bailian', bailian, usage(100, 100), '15:00');
    // 16:00 trial (free grant) on the vLLM box, sim-chat ¥1/¥2: list 3 000 000, nothing debited; cost 1000 × 5000 × 2 = 10 000 000.
    await serve(trial.principal, 'sim-chat', 'vllm-box', vllmBoxSim, usage(1000, 1000), '16:00');
    // 18:00 trial tops up: converted two hours after its first free request.
    vi.setSystemTime(at('18:00'));
    await commerce.billing.post(operator, {
      orgId: trial.organization.id,
      kind: 'top_up',
      amount: toNano(10),
      idempotencyKey: 'trial-top-up',
    });

    const records = await store.db.selectFrom('usage_records').selectAll().orderBy('created_at').execute();
    expect(records.map((record) => [Number(record.cost), Number(record.upstream_cost), record.funding])).toEqual([
      [4_720_000, 3_776_000, 'balance'],
      [14_000_000, 2_000_000, 'balance'],
      [1_100_000, 800_000, 'balance'],
      [3_000_000, 10_000_000, 'grant'],
    ]);
    // Each record keeps the version that priced it: the change applied to the next request only.
    const versionOf = (id: string) => Number(records.find((record) => record.request_id === id)!.price_version);
    expect(versionOf(second)).toBe(version.id);
    expect(versionOf(first)).toBe(version.id - 1);
    expect(records.map((record) => record.plan_id)).toEqual(['pro', 'pro', 'pro', 'free']);

    const day = { from: at('00:00'), to: at('00:00') + 86_400_000 };
    const byChannel = await commerce.marginReports.report({ ...day, by: 'channel' });
    expect(
      byChannel.lines.map((line) => [
        line.key,
        line.requests,
        line.revenueNano,
        line.upstreamCostNano,
        line.grossMarginNano,
      ]),
    ).toEqual([
      ['bailian', 2, 5_820_000, 4_576_000, 1_244_000],
      ['vllm-box', 2, 14_000_000, 12_000_000, 2_000_000],
    ]);
    const bailianLine = byChannel.lines[0]!;
    expect(bailianLine.cache_hit_ratio).toBe(0.7273); // 800 / 1100
    expect(bailianLine.margin_percent).toBe(21.37); // 1 244 000 / 5 820 000
    expect(byChannel.totals).toMatchObject({
      requests: 4,
      revenueNano: 19_820_000,
      listPriceNano: 22_820_000,
      upstreamCostNano: 16_576_000,
      grossMarginNano: 3_244_000,
      revenue: '0.01982',
    });
    // The report's revenue is the ledger's: the sum of its usage debits over the day, and every balance agrees.
    expect(byChannel.ledger_usage_debits_nano).toBe(byChannel.totals.revenueNano);
    const debits = await store.db.selectFrom('ledger').select('amount').where('kind', '=', 'usage_debit').execute();
    expect(-debits.reduce((total, entry) => total + Number(entry.amount), 0)).toBe(byChannel.totals.revenueNano);
    expect((await commerce.billing.ledger.balance(acme.organization.id)).balance).toBe(toNano(100) - 18_720_000);

    expect(byChannel.free_tier).toMatchObject({ requests: 1, upstreamCostNano: 10_000_000, organizations: 1 });
    expect(byChannel.conversion).toEqual({ free_organizations: 1, converted: 1, median_days_to_pay: 0.1 });
    expect(byChannel.top_customers.map((customer) => [customer.organization, customer.revenueNano])).toEqual([
      ['acme', 18_720_000],
      ['beta', 1_100_000],
    ]);
    expect(byChannel.negative_margin).toEqual([
      { model: 'sim-chat', revenue: '0.00', upstream_cost: '0.01', grossMarginNano: -7_000_000 },
    ]);

    // The same totals by every other dimension.
    for (const by of ['day', 'model', 'plan', 'organization'] as const) {
      const report = await commerce.marginReports.report({ ...day, by });
      expect(report.totals.revenueNano).toBe(19_820_000);
      expect(report.totals.upstreamCostNano).toBe(16_576_000);
    }
    expect((await commerce.marginReports.report({ ...day, by: 'day' })).lines.map((line) => line.key)).toEqual([
      '2026-12-05',
    ]);
  });

  it('holds the worst case at admission: a peak window starting mid-request never drives a balance below zero', async () => {
    context = await createTestCommerce(kind, {
      commerce: {
        prices: {
          'deepseek-chat': {
            input: 2,
            output: 8,
            cacheWrite: 2.5,
            reasoning: 16,
            request: 0.001,
            currency: 'CNY',
            freeTier: false,
          },
        },
        rules: [{ id: 'peak', applies: 'price', when: { window: { from: '08:30', to: '00:30' } }, multiply: 2 }],
      },
    });
    const { commerce } = context;
    vi.setSystemTime(at('08:00'));
    // Padded prompt 110 × 2500 × 2 + 1000 × 16 000 × 2 + 1 000 000 × 2 = 34 550 000: the hold at off-peak admission.
    const hold = 110 * 2500 * 2 + 1000 * 16_000 * 2 + 1_000_000 * 2;
    const tenant = await createTenant(commerce, { name: 'tight', balance: hold });
    const refused = await createTenant(commerce, { name: 'short', balance: hold - 1 });

    vi.setSystemTime(at('08:29'));
    const request = {
      principal: tenant.principal,
      endpoint: 'chat' as const,
      model: 'deepseek-chat',
      promptTokens: 100,
      maxOutputTokens: 1000,
      stream: false,
    };
    await expect(
      commerce.gatekeeper.admit({ ...request, principal: refused.principal, requestId: newRequestId() }),
    ).rejects.toMatchObject({ code: 'insufficient_quota' });
    const admission = await commerce.gatekeeper.admit({ ...request, requestId: newRequestId() });
    // Finishes in the peak, with every costly kind of token.
    vi.setSystemTime(at('08:31'));
    await admission.settle({
      status: 'completed',
      usage: {
        promptTokens: 100,
        cachedTokens: 0,
        cacheWriteTokens: 100,
        completionTokens: 1000,
        reasoningTokens: 1000,
      },
      usageEstimated: false,
      servedBy: null,
      latencyMs: 120_000,
      ttftMs: 1,
      errorCode: null,
      attempts: 1,
    });
    const charge = 100 * 2500 * 2 + 1000 * 16_000 * 2 + 1_000_000 * 2;
    const balance = (await commerce.billing.ledger.balance(tenant.organization.id)).balance;
    expect(balance).toBe(hold - charge);
    expect(balance).toBeGreaterThanOrEqual(0);
  });
});
