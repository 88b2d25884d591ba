import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as contract from '../../src/api-contract/payments.ts';
import { adminCall, processAdminToken } from '../support/server-process.ts';
import { usePaymentPlatform } from '../support/fake-payments/payment-fixture.ts';
import { customer } from '../support/fake-payments/payment-platform.ts';

const platform = usePaymentPlatform();
const { order, balance, orderState: state } = platform;

/** Moves an order's expiry into the past (as if the customer paid long after). */
async function expireInStore(id: string) {
  await platform.server.platform.store.db
    .updateTable('payment_orders')
    .set({ expires_at: Date.now() - 60_000 })
    .where('id', '=', id)
    .execute();
}

describe('expiry and reconciliation', () => {
  it('credits a payment the provider confirms after the order expired, and marks it late', async () => {
    const buyer = await customer(platform.url, 'late-co');
    const created = await order(buyer, 'wechat_pay', '15.00');
    await expireInStore(created.id);
    await adminCall(platform.url, 'POST', '/admin/v1/payments/reconcile');
    expect((await state(buyer, created.id)).state).toBe('expired');
    await platform.fakes.wechatPay.pay(created.id);
    expect(await state(buyer, created.id)).toMatchObject({ state: 'credited', paidLate: true });
    expect(await balance(buyer)).toBe('15.00');
  });

  it('reconcile finds payments whose notification was lost and expires unpaid orders', async () => {
    const buyer = await customer(platform.url, 'reconcile-co');
    const alipayOrder = await order(buyer, 'alipay', '5.00');
    const stripeOrder = await order(buyer, 'stripe', '6.00');
    const unpaid = await order(buyer, 'wechat_pay', '7.00');
    platform.fakes.alipay.payQuietly(alipayOrder.id);
    const session = [...platform.fakes.stripe.sessions.values()].find(
      (item) => item.client_reference_id === stripeOrder.id,
    )!;
    platform.fakes.stripe.payQuietly(session.id);
    await expireInStore(unpaid.id);
    const summary = await adminCall(platform.url, 'POST', '/admin/v1/payments/reconcile');
    expect(summary.credited).toBeGreaterThanOrEqual(2);
    expect((await state(buyer, alipayOrder.id)).state).toBe('credited');
    expect((await state(buyer, stripeOrder.id)).state).toBe('credited');
    expect((await state(buyer, unpaid.id)).state).toBe('expired');
    expect(await balance(buyer)).toBe('11.00');
  });
});

describe('refunds', () => {
  it('refunds only the unspent part of a credit through the provider, never below zero', async () => {
    const buyer = await customer(platform.url, 'refund-co');
    const created = await order(buyer, 'alipay', '40.00');
    await platform.fakes.alipay.pay(created.id);
    // The customer spends 25.50 of it.
    await adminCall(platform.url, 'POST', `/admin/v1/organizations/${buyer.orgId}/top-ups`, {
      kind: 'adjustment',
      amount: '-25.50',
      idempotencyKey: 'spend-refund-co',
    });
    expect((await state(buyer, created.id)).refundable).toBe('14.50');
    const tooMuch = await fetch(`${platform.url}/admin/v1/payments/orders/${created.id}/refunds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${processAdminToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ amount: '20.00' }),
    });
    expect(tooMuch.status).toBe(409);
    // The customer cannot refund themselves.
    expect(
      (await buyer.call('POST', `/admin/v1/payments/orders/${created.id}/refunds`, { amount: '1.00' })).status,
    ).toBe(403);
    const refund = await adminCall(platform.url, 'POST', `/admin/v1/payments/orders/${created.id}/refunds`, {
      reason: 'customer asked',
    });
    expect(refund).toMatchObject({ amount: '14.50', state: 'succeeded' });
    expect(platform.fakes.alipay.trades.get(created.id)?.refunded).toEqual(['14.50']);
    expect(await balance(buyer)).toBe('0.00');
    expect(await state(buyer, created.id)).toMatchObject({ state: 'credited', refunded: '14.50', refundable: '0.00' });
    const ledger = await adminCall(platform.url, 'GET', `/admin/v1/organizations/${buyer.orgId}/ledger`);
    expect(ledger.data.filter((entry: { kind: string }) => entry.kind === 'payment_refund')).toHaveLength(1);
  });

  it('refunds a whole unspent Stripe payment on its payment intent', async () => {
    const buyer = await customer(platform.url, 'stripe-refund-co');
    const created = await order(buyer, 'stripe', '9.99');
    const session = [...platform.fakes.stripe.sessions.values()].find(
      (item) => item.client_reference_id === created.id,
    )!;
    await platform.fakes.stripe.pay(session.id);
    await adminCall(platform.url, 'POST', `/admin/v1/payments/orders/${created.id}/refunds`, {});
    expect(platform.fakes.stripe.refunds).toContainEqual({ payment_intent: session.payment_intent, amount: 999 });
    expect(await state(buyer, created.id)).toMatchObject({ state: 'refunded', refunded: '9.99' });
    expect(await balance(buyer)).toBe('0.00');
  });
});

describe('receipts', () => {
  it('serves an HTML and a PDF receipt for a paid order, and none for an unpaid one', async () => {
    const buyer = await customer(platform.url, '收据公司');
    const created = await order(buyer, 'wechat_pay', '66.00');
    expect((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}/receipt`)).status).toBe(400);
    await platform.fakes.wechatPay.pay(created.id);
    const html = await buyer.call('GET', `/admin/v1/payments/orders/${created.id}/receipt?format=html`);
    expect(html.status).toBe(200);
    expect(html.text).toContain('66.00 CNY');
    expect(html.text).toContain('收据公司');
    const pdf = await fetch(`${platform.url}/admin/v1/payments/orders/${created.id}/receipt?format=pdf`, {
      headers: { authorization: `Bearer ${buyer.key}` },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const stranger = await customer(platform.url, 'stranger-co');
    expect((await stranger.call('GET', `/admin/v1/payments/orders/${created.id}/receipt`)).status).toBe(404);
  });
});

describe('payment settings from the console', () => {
  it('stores secrets sealed, never returns them, and uses the stored settings', async () => {
    const before = await adminCall(platform.url, 'GET', '/admin/v1/payments/settings');
    const stripe = before.data.find((view: { provider: string }) => view.provider === 'stripe');
    expect(stripe).toMatchObject({ source: 'config', secretsSet: { secretKey: true, webhookSecret: true } });
    expect(JSON.stringify(before)).not.toContain(platform.fakes.stripe.secretKey);
    const saved = await adminCall(platform.url, 'PUT', '/admin/v1/payments/settings/stripe', {
      enabled: true,
      apiBase: platform.fakes.stripe.url,
      secretKey: platform.fakes.stripe.secretKey,
      webhookSecret: platform.fakes.stripe.webhookSecret,
    });
    expect(saved).toMatchObject({ source: 'database', secretsSet: { secretKey: true } });
    expect(saved.callbackUrl).toBe(`${platform.url}/payments/callbacks/stripe`);
    const stored = await platform.server.platform.store.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'payments.provider.stripe')
      .executeTakeFirstOrThrow();
    expect(stored.value).not.toContain(platform.fakes.stripe.secretKey);
    expect(stored.value).toContain('ks1.');
    // A save without the secrets keeps them: the stored settings still pay.
    await adminCall(platform.url, 'PUT', '/admin/v1/payments/settings/stripe', {
      enabled: true,
      apiBase: platform.fakes.stripe.url,
    });
    const buyer = await customer(platform.url, 'stored-settings-co');
    const created = await order(buyer, 'stripe', '3.00');
    const session = [...platform.fakes.stripe.sessions.values()].find(
      (item) => item.client_reference_id === created.id,
    )!;
    expect((await platform.fakes.stripe.pay(session.id)).status).toBe(200);
    expect(await balance(buyer)).toBe('3.00');
    // Only the operator sees or changes them.
    expect((await buyer.call('GET', '/admin/v1/payments/settings')).status).toBe(403);
  });
});

describe('API contract', () => {
  it('answers with the shapes src/api-contract/payments.ts declares (strictly)', async () => {
    const list = <T extends z.ZodType>(item: T) => z.strictObject({ object: z.literal('list'), data: z.array(item) });
    const buyer = await customer(platform.url, 'contract-co');
    contract.paymentOfferSchema.parse((await buyer.call('GET', '/admin/v1/payments/offer')).json);
    const created = await order(buyer, 'alipay', '2.00');
    contract.paymentOrderSchema.parse((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}`)).json);
    await platform.fakes.alipay.pay(created.id);
    list(contract.paymentOrderSchema).parse((await buyer.call('GET', '/admin/v1/payments/orders')).json);
    contract.paymentRefundSchema.parse(
      await adminCall(platform.url, 'POST', `/admin/v1/payments/orders/${created.id}/refunds`, { amount: '1.00' }),
    );
    list(contract.paymentRefundSchema).parse(
      (await buyer.call('GET', `/admin/v1/payments/orders/${created.id}/refunds`)).json,
    );
    list(contract.paymentEventSchema).parse(
      await adminCall(platform.url, 'GET', `/admin/v1/payments/orders/${created.id}/events`),
    );
    list(contract.paymentProviderSettingsSchema).parse(
      await adminCall(platform.url, 'GET', '/admin/v1/payments/settings'),
    );
  });
});
