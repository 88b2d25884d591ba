import { afterEach, describe, expect, it } from 'vitest';
import { createTestCommerce, createTenant, operator, type TestCommerce } from '../../test/support/test-commerce.ts';
import { storeKinds } from '../../test/support/test-store.ts';
import { newRequestId } from '../util/ids.ts';
import { toNano } from './money.ts';

describe.each(storeKinds)('key usage on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it("lists each key's last use, this month's requests and spend and today's tokens, to its organization only", async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const tenant = await createTenant(commerce, { name: 'acme', balance: toNano(5) });
    const other = await createTenant(commerce, { name: 'other', balance: toNano(5) });
    const before = Date.now();
    for (const principal of [tenant.principal, tenant.principal, other.principal]) {
      const admission = await commerce.gatekeeper.admit({
        requestId: newRequestId(),
        principal,
        endpoint: 'chat',
        model: 'sim-chat',
        promptTokens: 10,
        maxOutputTokens: 100,
        stream: false,
      });
      await admission.settle({
        status: 'completed',
        usage: { promptTokens: 10, completionTokens: 20, cachedTokens: 0, reasoningTokens: 0 },
        usageEstimated: false,
        servedBy: { deploymentId: 'sim-1', provider: 'simulator', upstreamModel: 'sim-chat' },
        latencyMs: 5,
        ttftMs: 2,
        errorCode: null,
        attempts: 1,
      });
    }
    const usage = await commerce.billing.keyUsage(tenant.principal);
    expect(usage).toHaveLength(1);
    expect(usage[0]).toMatchObject({
      keyId: tenant.apiKey.id,
      requestsThisMonth: 2,
      requestsToday: 2,
      tokensToday: 60,
    });
    expect(usage[0]!.spendThisMonth).toBeGreaterThan(0);
    expect(usage[0]!.lastUsedAt).toBeGreaterThanOrEqual(before);
    // A customer cannot read another organization's keys (it is not found for it); the operator can.
    await expect(commerce.billing.keyUsage(tenant.principal, other.organization.id)).rejects.toMatchObject({
      status: 404,
    });
    expect(await commerce.billing.keyUsage(operator, other.organization.id)).toHaveLength(1);
  });
});
