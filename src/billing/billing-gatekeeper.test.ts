import { afterEach, describe, expect, it } from 'vitest';
import type { RequestOutcome } from '../inference/gateway-hooks.ts';
import {
  chatAdmission,
  createTestCommerce,
  createTenant,
  operator,
  type TestCommerce,
} from '../../test/support/test-commerce.ts';
import { storeKinds } from '../../test/support/test-store.ts';
import { toNano } from './money.ts';

const request = chatAdmission;

function outcome(
  promptTokens: number,
  completionTokens: number,
  status: RequestOutcome['status'] = 'completed',
): RequestOutcome {
  return {
    status,
    usage: { promptTokens, completionTokens, cachedTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    servedBy: { deploymentId: 'sim-1', provider: 'simulator', upstreamModel: 'sim-chat' },
    latencyMs: 12,
    ttftMs: 3,
    errorCode: status === 'completed' ? null : 'upstream_cut',
    attempts: 1,
  };
}

describe.each(storeKinds)('billing gatekeeper on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it('meters a completed request: one usage record, one ledger debit, headers and priority', async () => {
    context = await createTestCommerce(kind);
    const { commerce, store } = context;
    const { principal, organization } = await createTenant(commerce, {
      name: 'acme',
      balance: toNano(1),
      limits: { rpm: 10, tpm: 100_000 },
    });
    const admitted = await request(principal);
    const admission = await commerce.gatekeeper.admit(admitted);
    expect(admission.priority).toBe(5);
    expect(admission.headers['x-ratelimit-limit-requests']).toBe('10');
    expect(admission.headers['x-ratelimit-remaining-requests']).toBe('9');
    expect(admission.headers['x-ratelimit-reset-requests']).toMatch(/^(\d+m)?\d+s$/);
    expect(admission.headers['x-ratelimit-remaining-tokens']).toBe(String(100_000 - 1110));
    await Promise.all([admission.settle(outcome(100, 500)), admission.settle(outcome(100, 500))]);
    // ¥1/M input, ¥2/M output: 100 × 1000 + 500 × 2000 nano.
    const cost = 100 * 1000 + 500 * 2000;
    const records = await store.db.selectFrom('usage_records').selectAll().execute();
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      request_id: admitted.requestId,
      org_id: organization.id,
      model: 'sim-chat',
      provider: 'simulator',
      deployment_id: 'sim-1',
      prompt_tokens: 100,
      completion_tokens: 500,
      cost,
      charged: cost,
      funding: 'balance',
      status: 'completed',
      estimated: 0,
    });
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(1) - cost);
    // A second admission with the same request id (a replayed settle) writes nothing more.
    const replay = await commerce.gatekeeper.admit({ ...admitted });
    await replay.settle(outcome(100, 500));
    expect(await store.db.selectFrom('ledger').select('id').where('kind', '=', 'usage_debit').execute()).toHaveLength(
      1,
    );
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(1) - cost);
  });

  it('never bills a failed request and bills what was delivered before a disconnect', async () => {
    context = await createTestCommerce(kind);
    const { commerce, store } = context;
    const { principal, organization } = await createTenant(commerce, { name: 'acme', balance: toNano(1) });
    const failed = await commerce.gatekeeper.admit(request(principal));
    await failed.settle(outcome(100, 300, 'failed'));
    const cut = await commerce.gatekeeper.admit(request(principal));
    await cut.settle(outcome(100, 40, 'client_disconnected'));
    const rows = await store.db
      .selectFrom('usage_records')
      .select(['status', 'cost', 'charged', 'completion_tokens'])
      .orderBy('status')
      .execute();
    expect(rows).toEqual([
      {
        status: 'client_disconnected',
        cost: 100 * 1000 + 40 * 2000,
        charged: 100 * 1000 + 40 * 2000,
        completion_tokens: 40,
      },
      { status: 'failed', cost: 0, charged: 0, completion_tokens: 0 },
    ]);
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(1) - 180_000);
  });

  it('never lets concurrent paid requests overspend a small balance', async () => {
    context = await createTestCommerce(kind);
    const { commerce, store } = context;
    const initial = 10_000_000; // ¥0.01: about four reservations of 2.11M nano.
    const { principal, organization } = await createTenant(commerce, { name: 'acme', balance: initial });
    let admitted = 0;
    let refused = 0;
    for (let wave = 0; wave < 5; wave++) {
      const attempts = await Promise.allSettled(
        Array.from({ length: 20 }, () => commerce.gatekeeper.admit(request(principal))),
      );
      for (const attempt of attempts) {
        if (attempt.status === 'rejected') {
          expect(attempt.reason).toMatchObject({ status: 402, code: 'insufficient_quota' });
          refused++;
        }
      }
      const admissions = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
      admitted += admissions.length;
      // Each uses all 1000 output tokens: the worst case the reservation covered.
      await Promise.all(admissions.map((admission) => admission.settle(outcome(100, 1000))));
    }
    expect(admitted).toBeGreaterThan(3);
    expect(refused).toBeGreaterThan(0);
    const { balance } = await commerce.billing.ledger.balance(organization.id);
    const charged = (await store.db.selectFrom('usage_records').select('charged').execute()).reduce(
      (sum, row) => sum + Number(row.charged),
      0,
    );
    expect(balance).toBeGreaterThanOrEqual(0);
    expect(charged).toBe(admitted * 2_100_000);
    expect(balance).toBe(initial - charged);
    const entries = await commerce.billing.ledger.entries(organization.id);
    expect(entries.reduce((sum, entry) => sum + entry.amount, 0)).toBe(balance);
  });

  it('refuses with 429 naming the limit, with Retry-After, and frees tokens on true-up', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const { principal } = await createTenant(commerce, {
      name: 'acme',
      balance: toNano(1),
      limits: { rpm: 3, tpm: 3000 },
    });
    const first = await commerce.gatekeeper.admit(request(principal));
    const second = await commerce.gatekeeper.admit(request(principal));
    const error = await commerce.gatekeeper.admit(request(principal)).catch((thrown) => thrown);
    expect(error).toMatchObject({ status: 429, code: 'rate_limit_exceeded', type: 'rate_limit_error' });
    expect(error.message).toContain('tokens per minute (TPM) of this API key');
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.headers['x-ratelimit-remaining-tokens']).toBeDefined();
    await first.settle(outcome(100, 10));
    await second.settle(outcome(100, 10));
    await commerce.gatekeeper.admit(request(principal));
    const rpm = await commerce.gatekeeper.admit(request(principal)).catch((thrown) => thrown);
    expect(rpm.message).toContain('requests per minute (RPM) of this API key');
  });

  it('enforces model access: key allow-list, free tier, unpriced models', async () => {
    context = await createTestCommerce(kind, {
      commerce: { prices: { 'paid-model': { input: 2, output: 8, currency: 'CNY', freeTier: false } } },
    });
    const { commerce } = context;
    const limited = await createTenant(commerce, { name: 'limited', balance: toNano(1), allowedModels: ['sim-embed'] });
    await expect(commerce.gatekeeper.admit(request(limited.principal))).rejects.toMatchObject({
      status: 403,
      code: 'model_not_allowed',
      param: 'model',
    });
    const free = await createTenant(commerce, { name: 'free-org', planId: 'free' });
    await expect(commerce.gatekeeper.admit(request(free.principal, { model: 'paid-model' }))).rejects.toMatchObject({
      status: 403,
      code: 'model_not_in_plan',
    });
    const admission = await commerce.gatekeeper.admit(request(free.principal));
    expect(admission.priority).toBe(0);
    const pro = await createTenant(commerce, { name: 'pro-org', balance: toNano(1) });
    await expect(commerce.gatekeeper.admit(request(pro.principal, { model: 'mystery' }))).rejects.toMatchObject({
      status: 403,
      code: 'model_not_priced',
    });
    await commerce.gatekeeper.admit(request(pro.principal, { model: 'paid-model' }));
  });

  it('uses the monthly free grant first, then refuses free plans and bills paid ones', async () => {
    context = await createTestCommerce(kind, {
      commerce: {
        plans: {
          free: {
            freeTierOnly: true,
            monthlyGrantTokens: 3000,
            payAsYouGo: false,
            limits: {},
            priority: 0,
            levels: false,
            dedicatedDeployments: false,
          },
          starter: {
            freeTierOnly: false,
            monthlyGrantTokens: 1200,
            payAsYouGo: true,
            limits: {},
            priority: 3,
            levels: false,
            dedicatedDeployments: false,
          },
        },
      },
    });
    const { commerce, store } = context;
    const free = await createTenant(commerce, { name: 'free-org', planId: 'free' });
    for (let index = 0; index < 2; index++)
      await (await commerce.gatekeeper.admit(request(free.principal))).settle(outcome(100, 1000));
    await expect(commerce.gatekeeper.admit(request(free.principal))).rejects.toMatchObject({
      status: 402,
      code: 'insufficient_quota',
    });
    const starter = await createTenant(commerce, { name: 'starter-org', planId: 'starter', balance: toNano(1) });
    await (await commerce.gatekeeper.admit(request(starter.principal))).settle(outcome(100, 1000));
    await (await commerce.gatekeeper.admit(request(starter.principal))).settle(outcome(100, 1000));
    const rows = await store.db
      .selectFrom('usage_records')
      .select(['org_id', 'funding', 'charged'])
      .where('org_id', '=', starter.organization.id)
      .orderBy('created_at')
      .execute();
    expect(rows.map((row) => row.funding).sort()).toEqual(['balance', 'grant']);
    expect((await commerce.billing.ledger.balance(starter.organization.id)).balance).toBe(toNano(1) - 2_100_000);
    const grant = await store.db
      .selectFrom('grant_usage')
      .selectAll()
      .where('org_id', '=', free.organization.id)
      .executeTakeFirstOrThrow();
    expect(Number(grant.tokens)).toBe(2200);
  });

  it('admits the operator without limits and records its usage unbilled', async () => {
    context = await createTestCommerce(kind);
    const admission = await context.commerce.gatekeeper.admit(request(operator));
    await admission.settle(outcome(10, 10));
    const row = await context.store.db.selectFrom('usage_records').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ org_id: null, funding: 'none', charged: 0 });
  });

  it("serves the keys of the operator's own organization right after first run, unbilled but within the key's limits", async () => {
    context = await createTestCommerce(kind);
    const { commerce, store } = context;
    const { user } = await commerce.consoleAuth.setup({
      email: 'owner@example.com',
      password: 'correct horse battery staple',
      name: 'Owner',
      orgName: 'House',
    });
    const { key } = await commerce.accounts.createKey(operator, {
      orgId: user.orgId,
      name: 'first key',
      limits: { rpm: 1 },
    });
    const principal = (await commerce.authenticator.authenticate(key))!;
    expect(principal.house).toBe(true);
    expect((await commerce.billing.ledger.balance(user.orgId)).balance).toBe(0); // nothing topped up
    const admission = await commerce.gatekeeper.admit(request(principal));
    await admission.settle(outcome(100, 500));
    const row = await store.db.selectFrom('usage_records').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ org_id: user.orgId, funding: 'none', charged: 0 });
    expect(Number(row.cost)).toBeGreaterThan(0); // recorded at list price
    await expect(commerce.gatekeeper.admit(request(principal))).rejects.toMatchObject({ status: 429 });
    // A customer organization on the same plan still needs a balance.
    const customer = await createTenant(commerce, { name: 'customer', planId: 'enterprise' });
    await expect(commerce.gatekeeper.admit(request(customer.principal))).rejects.toMatchObject({
      status: 402,
      code: 'insufficient_quota',
    });
  });

  it('answers 503 limits_unavailable when Redis cannot be reached', async () => {
    context = await createTestCommerce(kind, { redisUrl: 'redis://127.0.0.1:1' });
    const { principal } = await createTenant(context.commerce, {
      name: 'acme',
      balance: toNano(1),
      limits: { rpm: 5 },
    });
    await expect(context.commerce.gatekeeper.admit(request(principal))).rejects.toMatchObject({
      status: 503,
      code: 'limits_unavailable',
      retryable: true,
    });
  });
});
