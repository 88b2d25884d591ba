import type Stripe from 'stripe';
import type { StripeSettings } from '../../config/payments-schema.ts';
import {
  headerValue,
  PaymentNotificationRejected,
  type CallbackAnswer,
  type Checkout,
  type CheckoutRequest,
  type PaymentProvider,
  type ProviderOrderReference,
  type ProviderPaymentStatus,
  type ReceivedCallback,
  type VerifiedNotification,
} from '../payment-provider.ts';
import { sdkLoader } from '../load-sdk.ts';

const loadStripeSdk = sdkLoader('stripe', 'Stripe', () => import('stripe'));

/** Stripe refuses a Checkout Session that expires sooner than this. */
const minimumSessionSeconds = 30 * 60 + 60;

const paidEvents = new Set(['checkout.session.completed', 'checkout.session.async_payment_succeeded']);

/**
 * Stripe through the `stripe` SDK: a Checkout Session per order (redirect), the webhook checked
 * with `webhooks.constructEvent` (Stripe-Signature t=…,v1=… — HMAC-SHA256 of "t.body" with the
 * endpoint secret, five minutes' tolerance), sessions retrieved to reconcile, refunds on the
 * payment intent.
 */
export async function createStripeProvider(settings: StripeSettings): Promise<PaymentProvider> {
  const { default: StripeClient } = await loadStripeSdk();
  const base = new URL(settings.apiBase);
  const stripe = new StripeClient(settings.secretKey, {
    host: base.hostname,
    port: Number(base.port || (base.protocol === 'http:' ? 80 : 443)),
    protocol: base.protocol === 'http:' ? 'http' : 'https',
    maxNetworkRetries: 1,
    timeout: 15_000,
  });

  return {
    name: 'stripe',

    async createCheckout(order: CheckoutRequest): Promise<Checkout> {
      const expiresAt = Math.max(
        Math.floor(order.expiresAt / 1000),
        Math.floor(Date.now() / 1000) + minimumSessionSeconds,
      );
      const session = await stripe.checkout.sessions.create(
        {
          mode: 'payment',
          client_reference_id: order.orderId,
          metadata: { order_id: order.orderId },
          line_items: [
            {
              quantity: 1,
              price_data: {
                currency: order.currency.toLowerCase(),
                unit_amount: order.amountMinor,
                product_data: { name: order.subject },
              },
            },
          ],
          expires_at: expiresAt,
          success_url: order.returnUrl,
          cancel_url: order.returnUrl,
        },
        { idempotencyKey: `checkout-${order.orderId}` },
      );
      if (!session.url) throw new Error('Stripe returned no Checkout URL.');
      return { kind: 'redirect', url: session.url, providerReference: session.id };
    },

    async verifyNotification(callback: ReceivedCallback): Promise<VerifiedNotification> {
      const signature = headerValue(callback.headers, 'stripe-signature');
      if (!signature) throw new PaymentNotificationRejected('Stripe-Signature header missing');
      let event: Stripe.Event;
      try {
        event = stripe.webhooks.constructEvent(callback.rawBody, signature, settings.webhookSecret);
      } catch (error) {
        throw new PaymentNotificationRejected(`bad signature (${(error as Error).message.slice(0, 120)})`);
      }
      if (!event.type.startsWith('checkout.session.')) {
        return { eventId: event.id, orderId: '', paid: false, amountMinor: 0, currency: '', providerReference: '' };
      }
      const session = event.data.object as Stripe.Checkout.Session;
      const orderId = session.client_reference_id ?? session.metadata?.order_id;
      if (!orderId) throw new PaymentNotificationRejected('session names no order', event.id);
      return {
        eventId: event.id,
        orderId,
        paid: paidEvents.has(event.type) && session.payment_status === 'paid',
        amountMinor: session.amount_total ?? -1,
        currency: (session.currency ?? '').toUpperCase(),
        providerReference: session.id,
        providerPaymentId: paymentIntentId(session),
      };
    },

    acknowledgement(accepted: boolean): CallbackAnswer {
      return {
        status: accepted ? 200 : 400,
        contentType: 'application/json',
        body: JSON.stringify({ received: accepted }),
      };
    },

    async query(order: ProviderOrderReference): Promise<ProviderPaymentStatus> {
      if (!order.providerReference) return { state: 'open' };
      const session = await stripe.checkout.sessions.retrieve(order.providerReference);
      if (session.payment_status === 'paid') {
        return {
          state: 'paid',
          amountMinor: session.amount_total ?? -1,
          currency: (session.currency ?? '').toUpperCase(),
          providerReference: session.id,
          providerPaymentId: paymentIntentId(session),
        };
      }
      return session.status === 'expired' ? { state: 'closed' } : { state: 'open' };
    },

    async refund(order, refund) {
      if (!order.providerPaymentId) throw new Error('The order has no Stripe payment intent to refund.');
      const created = await stripe.refunds.create(
        { payment_intent: order.providerPaymentId, amount: refund.amountMinor, metadata: { order_id: order.orderId } },
        { idempotencyKey: `refund-${refund.refundId}` },
      );
      return { providerRefundId: created.id };
    },
  };
}

function paymentIntentId(session: Stripe.Checkout.Session): string | undefined {
  const intent = session.payment_intent;
  if (!intent) return undefined;
  return typeof intent === 'string' ? intent : intent.id;
}
