import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { usePaymentPlatform } from '../support/fake-payments/payment-fixture.ts';
import { customer, paymentsConfig } from '../support/fake-payments/payment-platform.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
const masterKey = Buffer.alloc(32, 7).toString('base64');
const platform = usePaymentPlatform({ payments: { latePayment: 'refund' } });
const { order } = platform;

describe('latePayment: refund', () => {
  it('refunds a payment confirmed after expiry in full instead of keeping it', async () => {
    const buyer = await customer(platform.url, 'late-refund-co');
    const created = await order(buyer, 'alipay', '25.00');
    await platform.server.platform.store.db
      .updateTable('payment_orders')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', created.id)
      .execute();
    expect((await platform.fakes.alipay.pay(created.id)).status).toBe(200);
    expect((await buyer.call('GET', `/admin/v1/payments/orders/${created.id}`)).json).toMatchObject({
      state: 'refunded',
      paidLate: true,
      refunded: '25.00',
    });
    expect(platform.fakes.alipay.trades.get(created.id)?.refunded).toEqual(['25.00']);
    expect((await buyer.call('GET', '/admin/v1/balance')).json.balance).toBe('0.00');
  });
});

describe('kaiyuan payments reconcile', () => {
  it('credits an order whose notification never arrived, from the command line', async () => {
    const buyer = await customer(platform.url, 'cli-reconcile-co');
    const created = await order(buyer, 'wechat_pay', '4.56');
    platform.fakes.wechatPay.payQuietly(created.id);
    const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-payments-cli-'));
    const configFile = path.join(directory, 'kaiyuan.yaml');
    writeFileSync(
      configFile,
      stringify({
        dataDir: platform.server.platform.config.dataDir,
        payments: paymentsConfig(platform.fakes, platform.url),
      }),
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
  }, 180_000);
});
