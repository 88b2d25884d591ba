import { afterAll, beforeAll, expect } from 'vitest';
import type { RunningServer } from '../../../src/main.ts';
import { adminCall } from '../server-process.ts';
import { postCallback, type CallbackResult } from './fake-server.ts';
import { customer, startPaymentFakes, startPaymentServer, type PaymentFakes } from './payment-platform.ts';

type ServerOptions = NonNullable<Parameters<typeof startPaymentServer>[1]>;
export type Customer = Awaited<ReturnType<typeof customer>>;
export type ProviderName = 'alipay' | 'wechat_pay' | 'stripe';
export const providerNames: readonly ProviderName[] = ['alipay', 'wechat_pay', 'stripe'];

export interface CreatedOrder {
  id: string;
  state: string;
  amount: string;
  packageId: string | null;
  checkout: { kind: string; qrCode?: string; url?: string };
  expiresAt: number;
}

/** A notification the provider's fake sent, to send again (the same bytes, so the same signature). */
export interface SentNotification extends CallbackResult {
  replay(): Promise<CallbackResult>;
}

/**
 * The setup every payments test file shares: the three fake providers and a server whose SDKs
 * point at them (started once per file), and the calls the tests make of them.
 */
export function usePaymentPlatform(
  /** The server's options, or a function giving them once earlier hooks ran (an SMTP server's URL, say). */
  options: ServerOptions | (() => ServerOptions) = {},
) {
  let fakes: PaymentFakes | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    fakes = await startPaymentFakes();
    server = await startPaymentServer(fakes, typeof options === 'function' ? options() : options);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await fakes?.close();
  });

  const platform = {
    get fakes(): PaymentFakes {
      if (!fakes) throw new Error('the payment fakes are not started');
      return fakes;
    },
    get server(): RunningServer {
      if (!server) throw new Error('the payment server is not started');
      return server;
    },
    get url(): string {
      return platform.server.url;
    },
    callbackUrl: (path: string) => `${platform.url}/payments/callbacks/${path}`,
    /** An organization (plan pro) with an owner key. */
    customer: (name: string) => customer(platform.url, name),
    admin: (method: string, route: string, body?: unknown) => adminCall(platform.url, method, route, body),

    /** A top-up (`amount`) or a package purchase (`{ packageId }`); expects 201. */
    async order(
      buyer: Customer,
      provider: ProviderName,
      what: string | { packageId: string },
      idempotencyKey = `key-${Math.random()}`,
    ): Promise<CreatedOrder> {
      const body = typeof what === 'string' ? { amount: what } : what;
      const created = await buyer.call('POST', '/admin/v1/payments/orders', { provider, ...body, idempotencyKey });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      return created.json as CreatedOrder;
    },
    orderState: async (buyer: Customer, id: string) =>
      (await buyer.call('GET', `/admin/v1/payments/orders/${id}`)).json,
    balance: async (buyer: Customer): Promise<string> => (await buyer.call('GET', '/admin/v1/balance')).json.balance,
    /** The organization's ledger entries (newest first), optionally of one kind. */
    async ledger(buyer: Customer | { orgId: string }, kind?: string) {
      const ledger = await adminCall(platform.url, 'GET', `/admin/v1/organizations/${buyer.orgId}/ledger`);
      const entries = ledger.data as Array<{
        kind: string;
        amount: string;
        idempotencyKey: string;
        description: string;
      }>;
      return kind ? entries.filter((entry) => entry.kind === kind) : entries;
    },
    /** The Stripe Checkout Session the fake opened for an order. */
    stripeSession(orderId: string) {
      const session = [...platform.fakes.stripe.sessions.values()].find((item) => item.client_reference_id === orderId);
      if (!session) throw new Error(`no Stripe session for ${orderId}`);
      return session;
    },
    /** The payer pays an order at its provider; the provider's fake sends its signed notification. */
    async pay(provider: ProviderName, orderId: string): Promise<SentNotification> {
      const { fakes: all } = platform;
      if (provider === 'alipay') {
        const sent = await all.alipay.pay(orderId);
        const headers = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
        return { ...sent, replay: () => postCallback(platform.callbackUrl('alipay'), sent.form, headers) };
      }
      if (provider === 'wechat_pay') {
        const sent = await all.wechatPay.pay(orderId);
        return { ...sent, replay: () => postCallback(platform.callbackUrl('wechat-pay'), sent.body, sent.headers) };
      }
      const sent = await all.stripe.pay(platform.stripeSession(orderId).id);
      return { ...sent, replay: () => postCallback(platform.callbackUrl('stripe'), sent.body, sent.headers) };
    },
  };
  return platform;
}
