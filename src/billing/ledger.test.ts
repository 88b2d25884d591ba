import { afterEach, describe, expect, it } from 'vitest';
import { createTestCommerce, createTenant, operator, type TestCommerce } from '../../test/support/test-commerce.ts';
import { storeKinds } from '../../test/support/test-store.ts';
import { toNano } from './money.ts';

describe.each(storeKinds)('ledger on %s', (kind) => {
  let context: TestCommerce;
  afterEach(async () => context?.close());

  it('applies an entry once per idempotency key, also when posted concurrently', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const { organization } = await createTenant(commerce, { name: 'acme' });
    const post = () =>
      commerce.billing.post(operator, {
        orgId: organization.id,
        kind: 'top_up',
        amount: toNano(10),
        idempotencyKey: 'invoice-42',
      });
    const results = await Promise.all([post(), post(), post(), post()]);
    expect(results.filter((result) => result.applied)).toHaveLength(1);
    expect(new Set(results.map((result) => result.entry.id)).size).toBe(1);
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(10));
    const entries = await commerce.billing.ledger.entries(organization.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'top_up', amount: toNano(10), balanceAfter: toNano(10) });
  });

  it('keeps the balance the sum of its entries under concurrent posts and never below zero', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const { organization } = await createTenant(commerce, { name: 'acme' });
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        commerce.billing.post(operator, {
          orgId: organization.id,
          kind: 'top_up',
          amount: toNano(1),
          idempotencyKey: `t${index}`,
        }),
      ),
    );
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(20));
    await expect(
      commerce.billing.post(operator, { orgId: organization.id, kind: 'adjustment', amount: -toNano(21) }),
    ).rejects.toMatchObject({ code: 'insufficient_balance' });
    await commerce.billing.post(operator, {
      orgId: organization.id,
      kind: 'adjustment',
      amount: -toNano(5),
      description: 'correction',
    });
    const entries = await commerce.billing.ledger.entries(organization.id);
    expect(entries.reduce((sum, entry) => sum + entry.amount, 0)).toBe(toNano(15));
    expect((await commerce.billing.ledger.balance(organization.id)).balance).toBe(toNano(15));
    await expect(
      commerce.billing.post(operator, { orgId: organization.id, kind: 'top_up', amount: -1 }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('generates redemption codes that redeem once', async () => {
    context = await createTestCommerce(kind);
    const { commerce } = context;
    const { organization, principal } = await createTenant(commerce, { name: 'acme', role: 'admin' });
    const other = await createTenant(commerce, { name: 'other', role: 'owner' });
    const batch = await commerce.billing.generateCodes(operator, { count: 3, amount: toNano(5) });
    expect(batch.codes).toHaveLength(3);
    expect(batch.codes[0]).toMatch(/^KY-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const entry = await commerce.billing.redeem(principal, undefined, batch.codes[0]!.toLowerCase());
    expect(entry).toMatchObject({ kind: 'redemption', amount: toNano(5) });
    await expect(commerce.billing.redeem(other.principal, undefined, batch.codes[0]!)).rejects.toMatchObject({
      code: 'redemption_code_used',
    });
    const racing = await Promise.allSettled([
      commerce.billing.redeem(principal, undefined, batch.codes[1]!),
      commerce.billing.redeem(other.principal, undefined, batch.codes[1]!),
    ]);
    expect(racing.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    await expect(commerce.billing.redeem(principal, undefined, 'KY-NOPE-NOPE-NOPE-NOPE')).rejects.toMatchObject({
      status: 404,
    });
    const listed = await commerce.billing.listCodes(operator, batch.batchId);
    expect(listed.filter((code) => code.redeemedAt !== null)).toHaveLength(2);
    const total =
      (await commerce.billing.ledger.balance(organization.id)).balance +
      (await commerce.billing.ledger.balance(other.organization.id)).balance;
    expect(total).toBe(toNano(10));
  });
});
