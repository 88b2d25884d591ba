import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/main.ts';
import { adminCall } from '../support/server-process.ts';
import { postCallback } from '../support/fake-payments/fake-server.ts';
import {
  customer,
  startPaymentFakes,
  startPaymentServer,
  type PaymentFakes,
} from '../support/fake-payments/payment-platform.ts';
import { createTestDatabaseUrl, dropTestDatabase } from '../support/test-store.ts';

const enabled = Boolean(process.env.TEST_DATABASE_URL);
let fakes: PaymentFakes;
let replicas: RunningServer[] = [];
let databaseUrl = '';

beforeAll(async () => {
  if (!enabled) return;
  fakes = await startPaymentFakes();
  databaseUrl = await createTestDatabaseUrl();
  // The first migrates; the second joins the migrated database. Both are given the same master key.
  replicas = [await startPaymentServer(fakes, { databaseUrl })];
  replicas.push(await startPaymentServer(fakes, { databaseUrl }));
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) await replica.close();
  await fakes?.close();
  if (databaseUrl) await dropTestDatabase(databaseUrl);
});

describe.skipIf(!enabled)('two replicas on PostgreSQL', () => {
  it('credit a notification delivered to each at the same moment once', async () => {
    const [first, second] = replicas as [RunningServer, RunningServer];
    const buyer = await customer(first.url, 'two-replica-co');
    let credits = 0;
    for (let round = 0; round < 5; round++) {
      const created = await buyer.call('POST', '/admin/v1/payments/orders', {
        provider: round % 2 === 0 ? 'wechat_pay' : 'alipay',
        amount: '10.00',
        idempotencyKey: `replica-round-${round}`,
      });
      expect(created.status).toBe(201);
      const id = created.json.id as string;
      let deliveries: Array<Promise<{ status: number }>>;
      if (round % 2 === 0) {
        fakes.wechatPay.payQuietly(id);
        const copy = fakes.wechatPay.callback(id);
        deliveries = [first, second].map((replica) =>
          postCallback(`${replica.url}/payments/callbacks/wechat-pay`, copy.body, copy.headers),
        );
      } else {
        fakes.alipay.payQuietly(id);
        const form = fakes.alipay.notification(id);
        deliveries = [first, second].map((replica) =>
          postCallback(`${replica.url}/payments/callbacks/alipay`, form, {
            'content-type': 'application/x-www-form-urlencoded',
          }),
        );
      }
      const answers = await Promise.all(deliveries);
      expect(answers.every((answer) => answer.status < 300)).toBe(true);
      credits += 1;
    }
    const ledger = await adminCall(second.url, 'GET', `/admin/v1/organizations/${buyer.orgId}/ledger`);
    const payments = ledger.data.filter((entry: { kind: string }) => entry.kind === 'payment');
    console.log(`payments: ${credits} orders, each notified to both replicas at once → ${payments.length} credits`);
    expect(payments).toHaveLength(credits);
    expect((await buyer.call('GET', '/admin/v1/balance')).json.balance).toBe('50.00');
  });
  it('activate a package bought by order once when its notification reaches both at the same moment', async () => {
    const [first, second] = replicas as [RunningServer, RunningServer];
    const pack = await adminCall(first.url, 'POST', '/admin/v1/packages', {
      name: 'Replicated month',
      price: '19.90',
      tokens: 100_000,
      validityDays: 30,
    });
    const buyer = await customer(first.url, 'two-replica-package-co');
    const created = await buyer.call('POST', '/admin/v1/payments/orders', {
      provider: 'wechat_pay',
      packageId: pack.id,
      idempotencyKey: 'replica-package-order',
    });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as string;
    fakes.wechatPay.payQuietly(id);
    const copy = fakes.wechatPay.callback(id);
    const answers = await Promise.all(
      [first, second, first, second].map((replica) =>
        postCallback(`${replica.url}/payments/callbacks/wechat-pay`, copy.body, copy.headers),
      ),
    );
    expect(answers.every((answer) => answer.status < 300)).toBe(true);
    const subscriptions = (await buyer.call('GET', '/admin/v1/subscriptions')).json.data as unknown[];
    const ledger = await adminCall(second.url, 'GET', `/admin/v1/organizations/${buyer.orgId}/ledger`);
    const kinds = ledger.data.map((entry: { kind: string }) => entry.kind).sort();
    console.log(
      `packages: 1 order notified to both replicas twice at once → ${subscriptions.length} subscription, ledger ${kinds.join(', ')}`,
    );
    expect(subscriptions).toHaveLength(1);
    expect(kinds).toEqual(['package_purchase', 'payment']);
    expect((await buyer.call('GET', '/admin/v1/balance')).json.balance).toBe('0.00');
  });
});
