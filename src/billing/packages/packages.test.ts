import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../accounts/principal.ts';
import type { AdmissionRequest, RequestOutcome } from '../../inference/gateway-hooks.ts';
import { createTestCommerce, createTenant, operator, type TestCommerce } from '../../../test/support/test-commerce.ts';
import { storeKinds } from '../../../test/support/test-store.ts';
import { newRequestId } from '../../util/ids.ts';
import { toNano } from '../money.ts';
import type { JobContext } from '../../jobs/job-types.ts';
import { packageExpiryJob } from './package-expiry-job.ts';
import { dayMs } from './subscriptions.ts';

function request(principal: Principal, model = 'sim-chat'): AdmissionRequest {
  return {
    requestId: newRequestId(),
    principal,
    endpoint: 'chat',
    model,
    promptTokens: 100,
    maxOutputTokens: 100,
    stream: false,
  };
}

function outcome(promptTokens: number, completionTokens: number): RequestOutcome {
  return {
    status: 'completed',
    usage: { promptTokens, completionTokens, cachedTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    servedBy: { deploymentId: 'sim-1', provider: 'simulator', upstreamModel: 'sim-chat' },
    latencyMs: 5,
    ttftMs: 1,
    errorCode: null,
    attempts: 1,
  };
}

const packageInput = {
  name: 'Tokens 1k',
  price: toNano(3),
  credit: 0,
  tokens: 1000,
  validityDays: 30,
  models: ['sim-chat'],
  planId: null,
  limits: {},
};

describe.each(storeKinds)('packages on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it('buys from the balance once per idempotency key and refuses what the balance cannot pay (402)', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const tenant = await createTenant(commerce, { name: 'buyer', planId: 'pro', balance: toNano(5) });
    const pack = await commerce.packages.create(operator, packageInput);
    const first = await commerce.packages.purchase(tenant.principal, { packageId: pack.id, idempotencyKey: 'k1' });
    const again = await commerce.packages.purchase(tenant.principal, { packageId: pack.id, idempotencyKey: 'k1' });
    expect(first.applied).toBe(true);
    expect(again).toMatchObject({ applied: false, subscription: { id: first.subscription.id } });
    expect((await commerce.billing.ledger.balance(tenant.organization.id)).balance).toBe(toNano(2));
    await expect(
      commerce.packages.purchase(tenant.principal, { packageId: pack.id, idempotencyKey: 'k2' }),
    ).rejects.toMatchObject({ status: 402, code: 'insufficient_balance' });
    const entries = await commerce.billing.ledger.entries(tenant.organization.id);
    expect(entries.filter((entry) => entry.kind === 'package_purchase').map((entry) => entry.amount)).toEqual([
      -toNano(3),
    ]);
  });

  it('pays usage from package tokens before the balance, exactly, then from the balance', async () => {
    context = await createTestCommerce(kind);
    const { commerce, store } = context;
    const tenant = await createTenant(commerce, { name: 'metered', planId: 'pro', balance: toNano(10) });
    const pack = await commerce.packages.create(operator, packageInput);
    await commerce.packages.purchase(tenant.principal, { packageId: pack.id, idempotencyKey: 'buy' });
    const afterPurchase = (await commerce.billing.ledger.balance(tenant.organization.id)).balance;
    // 3 × (300 + 200) tokens: two from the package (1000 tokens), the third from the balance.
    for (let index = 0; index < 3; index++)
      await (await commerce.gatekeeper.admit(request(tenant.principal))).settle(outcome(300, 200));
    const rows = await store.db
      .selectFrom('usage_records')
      .select(['funding', 'charged'])
      .where('org_id', '=', tenant.organization.id)
      .orderBy('created_at')
      .execute();
    expect(rows.map((row) => row.funding).sort()).toEqual(['balance', 'package', 'package']);
    const [subscription] = await commerce.packages.listSubscriptions(tenant.principal);
    expect(subscription!.tokensLeft).toBe(0);
    // sim-chat: ¥1/M input, ¥2/M output → 300 × 1000 + 200 × 2000 nano-units.
    expect((await commerce.billing.ledger.balance(tenant.organization.id)).balance).toBe(afterPurchase - 700_000);
  });

  it('draws credit packages at list price, exactly, only for the models they cover', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const tenant = await createTenant(commerce, { name: 'credit', planId: 'pro', balance: toNano(1) });
    const pack = await commerce.packages.create(operator, {
      ...packageInput,
      name: 'Credit',
      price: toNano(0.5),
      tokens: 0,
      credit: toNano(0.01),
    });
    await commerce.packages.purchase(tenant.principal, { packageId: pack.id, idempotencyKey: 'buy' });
    await (await commerce.gatekeeper.admit(request(tenant.principal))).settle(outcome(123, 45));
    const [subscription] = await commerce.packages.listSubscriptions(tenant.principal);
    expect(subscription!.creditLeft).toBe(toNano(0.01) - (123 * 1000 + 45 * 2000));
    await (await commerce.gatekeeper.admit(request(tenant.principal, 'sim-reasoner'))).settle(outcome(10, 10));
    const [after] = await commerce.packages.listSubscriptions(tenant.principal);
    expect(after!.creditLeft).toBe(subscription!.creditLeft); // sim-reasoner is not covered: the balance paid
    expect((await commerce.billing.ledger.balance(tenant.organization.id)).balance).toBe(
      toNano(0.5) - (10 * 4000 + 10 * 16000),
    );
  });

  it('upgrades the plan at once on purchase, renews from the balance and expires through the job', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const tenant = await createTenant(commerce, { name: 'upgrader', planId: 'free', balance: toNano(10) });
    await expect(commerce.gatekeeper.admit(request(tenant.principal, 'sim-reasoner'))).rejects.toMatchObject({
      status: 403,
    });
    const pro = await commerce.packages.create(operator, {
      ...packageInput,
      name: 'Pro month',
      price: toNano(4),
      tokens: 0,
      models: [],
      planId: 'pro',
    });
    const bought = await commerce.packages.purchase(tenant.principal, {
      packageId: pro.id,
      idempotencyKey: 'pro-1',
      autoRenew: true,
    });
    // The upgrade takes effect at once: the paid model is admitted now.
    await (await commerce.gatekeeper.admit(request(tenant.principal, 'sim-reasoner'))).settle(outcome(1, 1));

    const end = bought.subscription.expiresAt;
    const renewal = await commerce.subscriptions.expireDue('free', end + 1);
    expect(renewal).toEqual({ expired: 1, renewed: 1 });
    expect(await commerce.subscriptions.expireDue('free', end + 1)).toEqual({ expired: 0, renewed: 0 }); // idempotent
    const organization = await commerce.accounts.getOrganization(operator, tenant.organization.id);
    expect(organization.planId).toBe('pro');
    expect((await commerce.billing.ledger.balance(tenant.organization.id)).balance).toBe(toNano(2) - 20_000);

    const [renewed] = await commerce.packages.listSubscriptions(tenant.principal);
    await commerce.subscriptions.setAutoRenew(renewed!.id, false);
    // The declared job does the same (its payload is checked like any queued job's).
    const payload = packageExpiryJob.schema.parse({ now: end + 31 * dayMs });
    const dependencies = { subscriptions: commerce.subscriptions, fallbackPlanId: 'free' };
    expect(await packageExpiryJob.handler(payload, {} as JobContext, dependencies)).toEqual({ expired: 1, renewed: 0 });
    expect((await commerce.accounts.getOrganization(operator, tenant.organization.id)).planId).toBe('free');
  });
});
