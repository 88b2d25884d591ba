import { describe, expect, it } from 'vitest';
import { providerNames, usePaymentPlatform, type Customer } from '../support/fake-payments/payment-fixture.ts';

const platform = usePaymentPlatform();

async function createPackage(name: string, extra: Record<string, unknown> = {}) {
  return (await platform.admin('POST', '/admin/v1/packages', {
    name,
    price: '29.90',
    tokens: 500_000,
    validityDays: 30,
    ...extra,
  })) as { id: string; name: string };
}

const subscriptions = async (buyer: Customer) =>
  (await buyer.call('GET', '/admin/v1/subscriptions')).json.data as Array<{
    packageId: string;
    state: string;
    tokensLeft: number;
  }>;

describe('packages bought by online payment', () => {
  it.each(providerNames)(
    '%s: the paid order activates the package once, whatever repeats the notification',
    async (provider) => {
      const pack = await createPackage(`Monthly ${provider}`);
      const buyer = await platform.customer(`package-${provider}`);
      const created = await platform.order(buyer, provider, { packageId: pack.id });
      expect(created).toMatchObject({ amount: '29.90', packageId: pack.id, state: 'created' });
      expect(await subscriptions(buyer)).toEqual([]);

      const sent = await platform.pay(provider, created.id);
      expect(sent.status).toBeLessThan(300);
      // The provider retries, ten times in a row and twenty at once; a reconciliation runs as well.
      for (let copy = 0; copy < 10; copy++) expect((await sent.replay()).status).toBeLessThan(300);
      await Promise.all(Array.from({ length: 20 }, () => sent.replay()));
      await platform.admin('POST', '/admin/v1/payments/reconcile');

      expect(await platform.orderState(buyer, created.id)).toMatchObject({ state: 'credited', refundable: '0.00' });
      const held = await subscriptions(buyer);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ packageId: pack.id, state: 'active', tokensLeft: 500_000 });
      // The payment is credited and spent on the package: the ledger shows both, the balance is unchanged.
      const payments = await platform.ledger(buyer, 'payment');
      const purchases = await platform.ledger(buyer, 'package_purchase');
      expect(payments.map((entry) => entry.amount)).toEqual(['29.90']);
      expect(purchases.map((entry) => entry.amount)).toEqual(['-29.90']);
      expect(purchases[0]!.description).toContain(created.id);
      expect(await platform.balance(buyer)).toBe('0.00');
      process.stdout.write(
        `packages: ${provider} order paid, 31 notifications and a reconciliation → ${held.length} subscription, ${payments.length} payment, ${purchases.length} purchase\n`,
      );
    },
  );

  it('delivers a package taken off sale after the order was placed, and moves the plan at once', async () => {
    const pack = await createPackage('Team upgrade', { planId: 'pro', tokens: 0, credit: '10.00', price: '49.00' });
    const buyer = await platform.customer('package-plan');
    await platform.admin('PATCH', `/admin/v1/organizations/${buyer.orgId}`, { plan: 'free' });
    const created = await platform.order(buyer, 'alipay', { packageId: pack.id });
    await platform.admin('PATCH', `/admin/v1/packages/${pack.id}`, { enabled: false });
    await platform.pay('alipay', created.id);
    expect((await subscriptions(buyer)).map((held) => held.packageId)).toEqual([pack.id]);
    const organization = await platform.admin('GET', `/admin/v1/organizations/${buyer.orgId}`);
    expect(organization.planId).toBe('pro');
    // Off sale now: a new order for it is refused.
    const refused = await buyer.call('POST', '/admin/v1/payments/orders', {
      provider: 'alipay',
      packageId: pack.id,
      idempotencyKey: 'off-sale-order',
    });
    expect(refused.status).toBe(400);
    expect(refused.json.error.code).toBe('package_not_on_sale');
  });

  it('refuses a package order refund (the payment was spent on the package) and malformed orders', async () => {
    const pack = await createPackage('No refunds');
    const buyer = await platform.customer('package-refund');
    // Money on the balance from a top-up must not be refunded in the package order's name.
    const topUp = await platform.order(buyer, 'wechat_pay', '50.00');
    await platform.pay('wechat_pay', topUp.id);
    const created = await platform.order(buyer, 'wechat_pay', { packageId: pack.id });
    await platform.pay('wechat_pay', created.id);
    expect(await platform.balance(buyer)).toBe('50.00');
    await expect(platform.admin('POST', `/admin/v1/payments/orders/${created.id}/refunds`, {})).rejects.toThrow(
      /409.*order_not_refundable/,
    );
    expect(await platform.balance(buyer)).toBe('50.00');

    const both = await buyer.call('POST', '/admin/v1/payments/orders', {
      provider: 'alipay',
      packageId: pack.id,
      amount: '10.00',
      idempotencyKey: 'both-amount-and-package',
    });
    expect(both.status).toBe(400);
    const unknown = await buyer.call('POST', '/admin/v1/payments/orders', {
      provider: 'alipay',
      packageId: 'pkg_missing',
      idempotencyKey: 'unknown-package-order',
    });
    expect(unknown.status).toBe(404);
  });
});
