import { afterEach, describe, expect, it } from 'vitest';
import type { Principal } from '../accounts/principal.ts';
import { createTestCommerce, createTenant, operator, type TestCommerce } from '../../test/support/test-commerce.ts';
import { storeKinds } from '../../test/support/test-store.ts';
import { toNano } from './money.ts';

async function spend(context: TestCommerce, principal: Principal, requestId: string, model = 'sim-chat') {
  const admission = await context.commerce.gatekeeper.admit({
    requestId,
    principal,
    endpoint: 'chat',
    model,
    promptTokens: 10,
    maxOutputTokens: 100,
    stream: false,
  });
  await admission.settle({
    status: 'completed',
    usage: { promptTokens: 10, completionTokens: 20, cachedTokens: 0, reasoningTokens: 0 },
    usageEstimated: false,
    servedBy: null,
    latencyMs: 5,
    ttftMs: 2,
    errorCode: null,
    attempts: 1,
  });
}

describe.each(storeKinds)('usage reports on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it('filters by key and model, exports injection-safe CSV and JSON, summarizes and states a month', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const tenant = await createTenant(commerce, { name: '=cmd|evil', balance: toNano(1) });
    const second = await commerce.accounts.createKey(operator, { orgId: tenant.organization.id, name: '@second' });
    const secondPrincipal = (await commerce.authenticator.authenticate(second.key))!;
    await spend(context, tenant.principal, 'req_a');
    await spend(context, tenant.principal, 'req_b', 'sim-embed');
    await spend(context, secondPrincipal, '=HYPERLINK("x")');
    await commerce.usageWriter.drain();

    const all = await commerce.billing.listUsage(tenant.principal, {});
    expect(all).toHaveLength(3);
    expect(await commerce.billing.listUsage(tenant.principal, { keyId: second.apiKey.id })).toHaveLength(1);
    expect(await commerce.billing.listUsage(tenant.principal, { model: 'sim-embed' })).toHaveLength(1);
    expect(await commerce.billing.listUsage(tenant.principal, { from: Date.now() + 60_000 })).toHaveLength(0);

    const csv = await commerce.billing.exportUsage(tenant.principal, 'csv', {});
    const lines = csv.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^created_at,request_id,org_id,key_id/);
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const json = JSON.parse(await commerce.billing.exportUsage(tenant.principal, 'json', { model: 'sim-chat' }));
    expect(json.data).toHaveLength(2);

    const summary = await commerce.billing.usageSummary(tenant.principal, 'day', {});
    expect(summary.reduce((sum, row) => sum + row.requests, 0)).toBe(3);
    expect(summary[0]!.bucket % 86_400_000).toBe(0);

    const month = new Date().toISOString().slice(0, 7);
    const statement = await commerce.billing.statement(tenant.principal, undefined, month);
    expect(statement.openingBalance).toBe(0);
    expect(statement.ledgerTotals.top_up).toBe(toNano(1));
    expect(statement.closingBalance).toBe((await commerce.billing.ledger.balance(tenant.organization.id)).balance);
    expect(statement.usage.map((line) => line.model)).toEqual(['sim-chat', 'sim-embed']);
    expect(statement.totalCharged).toBe(toNano(1) - statement.closingBalance);
    await expect(commerce.billing.statement(tenant.principal, undefined, '2026-13')).rejects.toMatchObject({
      status: 400,
    });
  });
});
