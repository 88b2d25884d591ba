import { describe, expect, it } from 'vitest';
import { postCallback } from '../support/fake-payments/fake-server.ts';
import { usePaymentPlatform } from '../support/fake-payments/payment-fixture.ts';
import { customer } from '../support/fake-payments/payment-platform.ts';
import { adminCall } from '../support/server-process.ts';

const platform = usePaymentPlatform();
const { order, balance, callbackUrl } = platform;
const paymentEntries = (buyer: { orgId: string }) => platform.ledger(buyer, 'payment');

describe('top-up through each provider (SDKs against local fakes)', () => {
  it('offers the three providers in the billing currency', async () => {
    const buyer = await customer(platform.url, 'offer-co');
    const offer = await buyer.call('GET', '/admin/v1/payments/offer');
    expect(offer.json).toMatchObject({ currency: 'CNY', providers: ['alipay', 'wechat_pay', 'stripe'] });
  });

  it('Alipay: precreate QR with time_expire, RSA2-signed notification, credited once', async () => {
    const buyer = await customer(platform.url, 'alipay-co');
    const created = await order(buyer, 'alipay', '50.00');
    expect(created.checkout.kind).toBe('qr');
    expect(created.checkout.qrCode).toMatch(/^https:\/\/qr\.alipay\.com\//);
    expect(platform.fakes.alipay.trades.get(created.id)?.timeExpire).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const paid = await platform.fakes.alipay.pay(created.id);
    expect(paid).toMatchObject({ status: 200, body: 'success' });
    expect((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}`)).json.state).toBe('credited');
    expect(await balance(buyer)).toBe('50.00');
    const entries = await paymentEntries(buyer);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.idempotencyKey).toBe(`payment:${created.id}`);
  });

  it('WeChat Pay: Native QR, signed and encrypted callback, credited once', async () => {
    const buyer = await customer(platform.url, 'wechat-co');
    const created = await order(buyer, 'wechat_pay', '12.34');
    expect(created.checkout.qrCode).toMatch(/^weixin:\/\/wxpay\//);
    expect(platform.fakes.wechatPay.transactions.get(created.id)?.timeExpire).toMatch(/\+08:00$/);
    const paid = await platform.fakes.wechatPay.pay(created.id);
    expect(paid.status).toBe(204);
    expect(await balance(buyer)).toBe('12.34');
    expect(platform.fakes.wechatPay.refused).toEqual([]);
  });

  it('Stripe: Checkout Session redirect, signed webhook, credited once', async () => {
    const buyer = await customer(platform.url, 'stripe-co');
    const created = await order(buyer, 'stripe', '20');
    expect(created.checkout.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const session = [...platform.fakes.stripe.sessions.values()].find(
      (item) => item.client_reference_id === created.id,
    )!;
    expect(session.expires_at * 1000).toBeGreaterThanOrEqual(created.expiresAt - 1000);
    const paid = await platform.fakes.stripe.pay(session.id);
    expect(paid.status).toBe(200);
    expect(await balance(buyer)).toBe('20.00');
  });

  it('returns the same order for a retried request with the same idempotency key', async () => {
    const buyer = await customer(platform.url, 'idempotent-co');
    const first = await order(buyer, 'alipay', '10', 'retry-key-1');
    const again = await buyer.call('POST', '/admin/v1/payments/orders', {
      provider: 'alipay',
      amount: '10',
      idempotencyKey: 'retry-key-1',
    });
    expect(again.json.id).toBe(first.id);
  });

  it('refuses amounts out of range and malformed amounts', async () => {
    const buyer = await customer(platform.url, 'range-co');
    for (const amount of ['0.50', '60000', '1.234', 'abc']) {
      const refused = await buyer.call('POST', '/admin/v1/payments/orders', {
        provider: 'alipay',
        amount,
        idempotencyKey: `k-${amount}-x`,
      });
      expect(refused.status, amount).toBe(400);
    }
  });
});

describe('callbacks trust only the provider signature', () => {
  it('credits nothing for forged, tampered, replayed, mismatched or unknown notifications', async () => {
    const buyer = await customer(platform.url, 'attack-co');
    const alipayOrder = await order(buyer, 'alipay', '30.00');
    const wechatOrder = await order(buyer, 'wechat_pay', '30.00');
    const stripeOrder = await order(buyer, 'stripe', '30.00');
    const session = [...platform.fakes.stripe.sessions.values()].find(
      (item) => item.client_reference_id === stripeOrder.id,
    )!;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const results: Record<string, number> = {};
    const attempt = async (name: string, send: () => Promise<{ status: number }>) => {
      results[name] = (await send()).status;
    };

    // Alipay: signed by another key; amount changed after signing; signed with a changed amount; unknown order.
    await attempt('alipay forged', () =>
      postCallback(
        callbackUrl('alipay'),
        platform.fakes.alipay.notification(alipayOrder.id, {}, platform.fakes.alipay.forgerKey),
        form,
      ),
    );
    const tampered = new URLSearchParams(platform.fakes.alipay.notification(alipayOrder.id));
    tampered.set('total_amount', '3000.00');
    await attempt('alipay tampered', () => postCallback(callbackUrl('alipay'), tampered.toString(), form));
    await attempt('alipay signed other amount', () =>
      postCallback(
        callbackUrl('alipay'),
        platform.fakes.alipay.notification(alipayOrder.id, { total_amount: '0.01' }),
        form,
      ),
    );
    await attempt('alipay unknown order', () =>
      postCallback(callbackUrl('alipay'), platform.fakes.alipay.notification('po_doesnotexist00000000'), form),
    );
    await attempt('alipay no signature', () =>
      postCallback(
        callbackUrl('alipay'),
        'out_trade_no=' + alipayOrder.id + '&trade_status=TRADE_SUCCESS&total_amount=30.00',
        form,
      ),
    );

    // WeChat Pay: another platform key; body changed after signing; APIv3 key wrong; stale timestamp; other amount / currency.
    const forged = platform.fakes.wechatPay.callback(wechatOrder.id, {
      signingKey: platform.fakes.wechatPay.forgerKey,
    });
    await attempt('wechat forged', () => postCallback(callbackUrl('wechat-pay'), forged.body, forged.headers));
    const genuine = platform.fakes.wechatPay.callback(wechatOrder.id);
    await attempt('wechat tampered', () =>
      postCallback(
        callbackUrl('wechat-pay'),
        genuine.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS '),
        genuine.headers,
      ),
    );
    const wrongKey = platform.fakes.wechatPay.callback(wechatOrder.id, { encryptionKey: 'x'.repeat(32) });
    await attempt('wechat wrong resource key', () =>
      postCallback(callbackUrl('wechat-pay'), wrongKey.body, wrongKey.headers),
    );
    const stale = platform.fakes.wechatPay.callback(wechatOrder.id, {
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    await attempt('wechat replayed an hour later', () =>
      postCallback(callbackUrl('wechat-pay'), stale.body, stale.headers),
    );
    const otherAmount = platform.fakes.wechatPay.callback(wechatOrder.id, {
      resource: { amount: { total: 1, currency: 'CNY' } },
    });
    await attempt('wechat signed other amount', () =>
      postCallback(callbackUrl('wechat-pay'), otherAmount.body, otherAmount.headers),
    );
    const otherCurrency = platform.fakes.wechatPay.callback(wechatOrder.id, {
      resource: { amount: { total: 3000, currency: 'USD' } },
    });
    await attempt('wechat signed other currency', () =>
      postCallback(callbackUrl('wechat-pay'), otherCurrency.body, otherCurrency.headers),
    );

    // Stripe: wrong secret; body changed; stale timestamp; other currency.
    platform.fakes.stripe.payQuietly(session.id);
    const wrongSecret = platform.fakes.stripe.event(session.id, { secret: 'whsec_not_the_one' });
    await attempt('stripe forged', () => postCallback(callbackUrl('stripe'), wrongSecret.body, wrongSecret.headers));
    const stripeGenuine = platform.fakes.stripe.event(session.id);
    await attempt('stripe tampered', () =>
      postCallback(
        callbackUrl('stripe'),
        stripeGenuine.body.replace('"amount_total":3000', '"amount_total":300000'),
        stripeGenuine.headers,
      ),
    );
    const stripeStale = platform.fakes.stripe.event(session.id, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    await attempt('stripe replayed an hour later', () =>
      postCallback(callbackUrl('stripe'), stripeStale.body, stripeStale.headers),
    );
    const stripeCurrency = platform.fakes.stripe.event(session.id, { session: { currency: 'usd' } });
    await attempt('stripe signed other currency', () =>
      postCallback(callbackUrl('stripe'), stripeCurrency.body, stripeCurrency.headers),
    );

    const rejected = Object.values(results).filter((status) => status >= 400).length;
    console.log(
      `payments: ${Object.keys(results).length} forged/tampered/replayed/mismatched notifications, ${rejected} refused, credits written: ${(await paymentEntries(buyer)).length}`,
    );
    expect(Object.entries(results).filter(([, status]) => status < 400)).toEqual([]);
    expect(await paymentEntries(buyer)).toHaveLength(0);
    expect(await balance(buyer)).toBe('0.00');
    for (const created of [alipayOrder, wechatOrder, stripeOrder]) {
      expect((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}`)).json.state).toBe('created');
    }
    const events = await adminCall(platform.url, 'GET', `/admin/v1/payments/orders/${wechatOrder.id}/events`);
    expect(events.data.length).toBeGreaterThan(0);
    expect(events.data.every((event: { outcome: string }) => event.outcome === 'rejected')).toBe(true);
  });

  it('credits once for the same notification ten times and for 20 concurrent copies', async () => {
    const buyer = await customer(platform.url, 'duplicate-co');
    const alipayOrder = await order(buyer, 'alipay', '8.00');
    const first = await platform.fakes.alipay.pay(alipayOrder.id);
    const repeated = [];
    for (let index = 0; index < 10; index++) {
      repeated.push(
        (await postCallback(callbackUrl('alipay'), first.form, { 'content-type': 'application/x-www-form-urlencoded' }))
          .status,
      );
    }
    expect(repeated.every((status) => status === 200)).toBe(true);

    const wechatOrder = await order(buyer, 'wechat_pay', '9.00');
    platform.fakes.wechatPay.payQuietly(wechatOrder.id);
    const copy = platform.fakes.wechatPay.callback(wechatOrder.id);
    const concurrent = await Promise.all(
      Array.from({ length: 20 }, () => postCallback(callbackUrl('wechat-pay'), copy.body, copy.headers)),
    );
    expect(concurrent.every((result) => result.status === 204)).toBe(true);

    const stripeOrder = await order(buyer, 'stripe', '7.00');
    const session = [...platform.fakes.stripe.sessions.values()].find(
      (item) => item.client_reference_id === stripeOrder.id,
    )!;
    platform.fakes.stripe.payQuietly(session.id);
    const stripeCopy = platform.fakes.stripe.event(session.id);
    await Promise.all(
      Array.from({ length: 20 }, () => postCallback(callbackUrl('stripe'), stripeCopy.body, stripeCopy.headers)),
    );

    const entries = await paymentEntries(buyer);
    console.log(
      `payments: 1 + 10 repeated Alipay, 20 concurrent WeChat Pay, 20 concurrent Stripe notifications → ${entries.length} credits`,
    );
    expect(entries).toHaveLength(3);
    expect(await balance(buyer)).toBe('24.00');
  });

  it('reads callbacks with their own small body limit', async () => {
    const huge = 'x'.repeat(200 * 1024);
    const result = await postCallback(callbackUrl('alipay'), huge, {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(result.status).toBe(413);
  });
});
