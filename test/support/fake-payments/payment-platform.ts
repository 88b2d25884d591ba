import type { KaiyuanConfigInput } from '../../../src/config/config-schema.ts';
import type { RunningServer } from '../../../src/main.ts';
import { adminCall, freePort, processAdminToken } from '../server-process.ts';
import { startTestServer } from '../test-server.ts';
import { startFakeAlipay, type FakeAlipay } from './fake-alipay.ts';
import { startFakeStripe, type FakeStripe } from './fake-stripe.ts';
import { startFakeWechatPay, type FakeWechatPay } from './fake-wechat-pay.ts';

export interface PaymentFakes {
  alipay: FakeAlipay;
  wechatPay: FakeWechatPay;
  stripe: FakeStripe;
  close(): Promise<void>;
}

export async function startPaymentFakes(): Promise<PaymentFakes> {
  const [alipay, wechatPay, stripe] = await Promise.all([startFakeAlipay(), startFakeWechatPay(), startFakeStripe()]);
  return {
    alipay,
    wechatPay,
    stripe,
    close: async () => {
      await Promise.all([alipay.close(), wechatPay.close(), stripe.close()]);
    },
  };
}

/** The `payments:` section that points every provider's SDK at its local fake. */
export function paymentsConfig(fakes: PaymentFakes, publicUrl: string, extra: Record<string, unknown> = {}) {
  return {
    publicUrl,
    reconcileIntervalSeconds: 0,
    alipay: {
      appId: fakes.alipay.appId,
      privateKey: fakes.alipay.appPrivateKey,
      alipayPublicKey: fakes.alipay.alipayPublicKey,
      gateway: fakes.alipay.gateway,
    },
    wechatPay: {
      mchId: fakes.wechatPay.mchId,
      appId: fakes.wechatPay.appId,
      merchantSerial: fakes.wechatPay.merchantSerial,
      privateKey: fakes.wechatPay.merchantPrivateKey,
      apiV3Key: fakes.wechatPay.apiV3Key,
      platformSerial: fakes.wechatPay.platformSerial,
      platformPublicKey: fakes.wechatPay.platformPublicKey,
      baseUrl: fakes.wechatPay.baseUrl,
    },
    stripe: { secretKey: fakes.stripe.secretKey, webhookSecret: fakes.stripe.webhookSecret, apiBase: fakes.stripe.url },
    ...extra,
  };
}

/** A server on a port known in advance (its public URL is in the config the providers are given). */
export async function startPaymentServer(
  fakes: PaymentFakes,
  options: {
    databaseUrl?: string;
    port?: number;
    payments?: Record<string, unknown>;
    environment?: Record<string, string>;
    /** Further sections of the configuration (sign-up, plans, prices). */
    config?: Omit<KaiyuanConfigInput, 'payments'>;
  } = {},
): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const server = await startTestServer(
    {
      ...options.config,
      server: { host: '127.0.0.1', port, ...options.config?.server },
      ...(options.databaseUrl ? { database: { url: options.databaseUrl } } : {}),
      payments: paymentsConfig(fakes, url, options.payments),
    },
    {
      KAIYUAN_ADMIN_TOKEN: processAdminToken,
      KAIYUAN_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      ...options.environment,
    },
  );
  fakes.stripe.setWebhookUrl(`${url}/payments/callbacks/stripe`);
  return server;
}

/** An organization with an owner key; returns a caller for its own admin API. */
export async function customer(url: string, name: string) {
  const organization = await adminCall(url, 'POST', '/admin/v1/organizations', { name, plan: 'pro' });
  const created = await adminCall(url, 'POST', '/admin/v1/keys', {
    orgId: organization.id,
    name: 'owner',
    role: 'owner',
  });
  const key = created.key as string;
  const call = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    let json: any = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON (receipts)
    }
    return { status: response.status, json, text, headers: response.headers };
  };
  return { orgId: organization.id as string, key, call };
}
