import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { RunningServer } from '../../src/main.ts';
import {
  customer,
  paymentsConfig,
  startPaymentFakes,
  startPaymentServer,
  type PaymentFakes,
} from '../support/fake-payments/payment-platform.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const masterKey = Buffer.alloc(32, 7).toString('base64');
let fakes: PaymentFakes;
let server: RunningServer;

beforeAll(async () => {
  fakes = await startPaymentFakes();
  server = await startPaymentServer(fakes, { payments: { latePayment: 'refund' } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await fakes?.close();
});

type Customer = Awaited<ReturnType<typeof customer>>;

async function order(buyer: Customer, provider: string, amount: string) {
  const created = await buyer.call('POST', '/admin/v1/payments/orders', {
    provider,
    amount,
    idempotencyKey: `key-${Math.random()}`,
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return created.json as { id: string };
}

describe('latePayment: refund', () => {
  it('refunds a payment confirmed after expiry in full instead of keeping it', async () => {
    const buyer = await customer(server.url, 'late-refund-co');
    const created = await order(buyer, 'alipay', '25.00');
    await server.platform.store.db
      .updateTable('payment_orders')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', created.id)
      .execute();
    expect((await fakes.alipay.pay(created.id)).status).toBe(200);
    expect((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}`)).json).toMatchObject({
      state: 'refunded',
      paidLate: true,
      refunded: '25.00',
    });
    expect(fakes.alipay.trades.get(created.id)?.refunded).toEqual(['25.00']);
    expect((await buyer.call('GET', '/admin/v1/balance')).json.balance).toBe('0.00');
  });
});

describe('kaiyuan payments reconcile', () => {
  it('credits an order whose notification never arrived, from the command line', async () => {
    const buyer = await customer(server.url, 'cli-reconcile-co');
    const created = await order(buyer, 'wechat_pay', '4.56');
    fakes.wechatPay.payQuietly(created.id);
    const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-payments-cli-'));
    const configFile = path.join(directory, 'kaiyuan.yaml');
    writeFileSync(
      configFile,
      stringify({ dataDir: server.platform.config.dataDir, payments: paymentsConfig(fakes, server.url) }),
    );
    const { stdout } = await run(process.execPath, ['bin/kaiyuan.js', 'payments', 'reconcile'], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        KAIYUAN_CONFIG: configFile,
        KAIYUAN_MASTER_KEY: masterKey,
        DATABASE_URL: '',
        REDIS_URL: '',
      },
    });
    expect(stdout).toMatch(/credited 1\b/);
    expect((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}`)).json.state).toBe('credited');
    expect((await buyer.call('GET', '/admin/v1/balance')).json.balance).toBe('4.56');
  });
});
