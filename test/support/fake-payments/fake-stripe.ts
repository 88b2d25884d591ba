import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { startFakeServer, postCallback, type CallbackResult } from './fake-server.ts';

interface StripeSession {
  id: string;
  object: 'checkout.session';
  client_reference_id: string | null;
  metadata: Record<string, string>;
  amount_total: number;
  currency: string;
  payment_status: 'unpaid' | 'paid';
  status: 'open' | 'complete' | 'expired';
  payment_intent: string | null;
  expires_at: number;
  success_url: string;
  url: string;
  mode: 'payment';
}

/** Stripe's webhook signature: `t=<unix>,v1=<hex HMAC-SHA256 of "t.payload" with the endpoint secret>`. */
export function stripeSignatureHeader(
  payload: string,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

/**
 * A local Stripe API: Checkout Sessions (form-encoded as the SDK sends them), retrieval and
 * refunds behind the secret key, and webhooks signed with the endpoint secret.
 */
export async function startFakeStripe(options: { webhookUrl?: string } = {}) {
  const secretKey = `sk_test_${randomBytes(12).toString('hex')}`;
  const webhookSecret = `whsec_${randomBytes(16).toString('hex')}`;
  const sessions = new Map<string, StripeSession>();
  const refunds: Array<{ payment_intent: string; amount: number }> = [];
  let webhookUrl = options.webhookUrl ?? '';

  const send = (response: ServerResponse, status: number, body: unknown): void => {
    response
      .writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${randomBytes(6).toString('hex')}` })
      .end(JSON.stringify(body));
  };

  const fake = await startFakeServer((request, raw, response) => {
    if (request.headers.authorization !== `Bearer ${secretKey}`) {
      return send(response, 401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided' } });
    }
    const form = Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
    const url = new URL(request.url ?? '/', 'http://fake');
    if (request.method === 'POST' && url.pathname === '/v1/checkout/sessions') {
      const id = `cs_test_${randomBytes(12).toString('hex')}`;
      const session: StripeSession = {
        id,
        object: 'checkout.session',
        client_reference_id: form.client_reference_id ?? null,
        metadata: { order_id: form['metadata[order_id]'] ?? '' },
        amount_total:
          Number(form['line_items[0][price_data][unit_amount]']) * Number(form['line_items[0][quantity]'] ?? 1),
        currency: form['line_items[0][price_data][currency]'] ?? 'usd',
        payment_status: 'unpaid',
        status: 'open',
        payment_intent: null,
        expires_at: Number(form.expires_at),
        success_url: form.success_url ?? '',
        url: `https://checkout.stripe.com/c/pay/${id}`,
        mode: 'payment',
      };
      sessions.set(id, session);
      return send(response, 200, session);
    }
    const retrieve = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && retrieve) {
      const session = sessions.get(retrieve[1]!);
      return session
        ? send(response, 200, session)
        : send(response, 404, { error: { type: 'invalid_request_error', message: 'No such checkout.session' } });
    }
    if (request.method === 'POST' && url.pathname === '/v1/refunds') {
      const paid = [...sessions.values()].find((session) => session.payment_intent === form.payment_intent);
      if (!paid)
        return send(response, 400, { error: { type: 'invalid_request_error', message: 'No such payment_intent' } });
      refunds.push({ payment_intent: form.payment_intent!, amount: Number(form.amount) });
      return send(response, 200, {
        id: `re_${randomBytes(10).toString('hex')}`,
        object: 'refund',
        amount: Number(form.amount),
        status: 'succeeded',
      });
    }
    return send(response, 404, {
      error: { type: 'invalid_request_error', message: `Unrecognized request URL (${url.pathname})` },
    });
  });

  /** A webhook body and its Stripe-Signature for a session event. */
  function event(
    sessionId: string,
    options: { type?: string; session?: Partial<StripeSession>; secret?: string; timestamp?: number } = {},
  ) {
    const session = { ...sessions.get(sessionId)!, ...options.session };
    const body = JSON.stringify({
      id: `evt_${randomBytes(12).toString('hex')}`,
      object: 'event',
      api_version: '2025-01-27.acacia',
      created: Math.floor(Date.now() / 1000),
      type: options.type ?? 'checkout.session.completed',
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      data: { object: session },
    });
    return {
      body,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'stripe-signature': stripeSignatureHeader(body, options.secret ?? webhookSecret, options.timestamp),
      },
    };
  }

  function markPaid(sessionId: string): StripeSession {
    const session = sessions.get(sessionId);
    if (!session) throw new Error(`no Stripe session ${sessionId}`);
    session.payment_status = 'paid';
    session.status = 'complete';
    session.payment_intent ??= `pi_${randomBytes(12).toString('hex')}`;
    return session;
  }

  return {
    url: fake.url,
    secretKey,
    webhookSecret,
    sessions,
    refunds,
    event,
    setWebhookUrl(url: string) {
      webhookUrl = url;
    },
    async pay(sessionId: string): Promise<CallbackResult & { body: string; headers: Record<string, string> }> {
      markPaid(sessionId);
      const made = event(sessionId);
      const result = await postCallback(webhookUrl, made.body, made.headers);
      return { status: result.status, body: made.body, headers: made.headers };
    },
    payQuietly: markPaid,
    close: fake.close,
  };
}
export type FakeStripe = Awaited<ReturnType<typeof startFakeStripe>>;
