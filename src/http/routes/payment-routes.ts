import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type * as Api from '../../api-contract/payments.ts';
import {
  createPaymentOrderBody,
  paymentOrderQuery,
  paymentProviderSettingsBody,
  paymentProviders,
  refundBody,
} from '../../api-contract/payments.ts';
import { requireOperator } from '../../accounts/access-control.ts';
import { callbackPaths } from '../../payments/create-payment-providers.ts';
import { formatMinor, parseMinor } from '../../payments/payment-amounts.ts';
import type { PaymentOrder } from '../../payments/payment-order-repository.ts';
import { receiptHtml, receiptPdf } from '../../payments/payment-receipts.ts';
import type { PaymentService } from '../../payments/payment-service.ts';
import { invalidRequest } from '../../util/errors.ts';
import type { AppServices } from '../app-services.ts';
import { authenticate } from '../auth.ts';
import { actorOf, listOf } from './admin-route-support.ts';
import { parseInput } from './parse-input.ts';

const orderParams = z.object({ orderId: z.string().min(1) });
const providerParams = z.object({ provider: z.enum(paymentProviders) });
const receiptQuery = z.object({ format: z.enum(['html', 'pdf']).default('html') });

function minorOf(value: string | number, param: string): number {
  const minor = parseMinor(typeof value === 'number' ? value.toFixed(2) : value);
  if (minor === null || minor <= 0)
    throw invalidRequest(
      'expected a positive amount in currency units with at most two decimals, such as "50.00"',
      param,
    );
  return minor;
}

async function present(payments: PaymentService, order: PaymentOrder): Promise<Api.PaymentOrder> {
  return {
    object: 'payment_order',
    id: order.id,
    orgId: order.orgId,
    provider: order.provider,
    amount: formatMinor(order.amountMinor),
    amountMinor: order.amountMinor,
    currency: order.currency,
    state: order.state,
    idempotencyKey: order.idempotencyKey,
    providerReference: order.providerReference,
    checkout: order.state === 'created' ? order.checkout : null,
    refunded: formatMinor(order.refundedMinor),
    refundable: formatMinor(await payments.refunds.refundable(order)),
    ledgerEntryId: order.ledgerEntryId,
    paidLate: order.paidLate,
    createdAt: order.createdAt,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    creditedAt: order.creditedAt,
    packageId: order.packageId,
  };
}

/** Top-up orders, refunds, receipts and the payment settings (the callbacks are in payment-callback-routes.ts). */
export function registerPaymentRoutes(app: FastifyInstance, services: AppServices): void {
  const payments = services.payments;
  const commerce = services.commerce;
  if (!payments || !commerce) return;
  const preHandler = authenticate(services.authenticator);

  app.get('/admin/v1/payments/offer', { onRequest: preHandler }, async (request) => {
    const offer = await payments.offer(actorOf(request));
    const answer: Api.PaymentOffer = {
      object: 'payment_offer',
      currency: offer.currency,
      minAmount: formatMinor(offer.minAmountMinor),
      maxAmount: formatMinor(offer.maxAmountMinor),
      providers: offer.providers,
    };
    return answer;
  });

  app.post('/admin/v1/payments/orders', { onRequest: preHandler }, async (request, reply) => {
    const body = parseInput(createPaymentOrderBody, request.body);
    const order = await payments.createOrder(actorOf(request), {
      orgId: body.orgId,
      provider: body.provider,
      amountMinor: body.amount === undefined ? undefined : minorOf(body.amount, 'amount'),
      packageId: body.packageId,
      idempotencyKey: body.idempotencyKey,
    });
    return reply.code(201).send(await present(payments, order));
  });

  app.get('/admin/v1/payments/orders', { onRequest: preHandler }, async (request) => {
    const query = parseInput(paymentOrderQuery, request.query);
    const orders = await payments.list(actorOf(request), query);
    return listOf(await Promise.all(orders.map((order) => present(payments, order))));
  });

  app.get('/admin/v1/payments/orders/:orderId', { onRequest: preHandler }, async (request) => {
    const { orderId } = parseInput(orderParams, request.params);
    return present(payments, await payments.order(actorOf(request), orderId));
  });

  app.get('/admin/v1/payments/orders/:orderId/events', { onRequest: preHandler }, async (request) => {
    const { orderId } = parseInput(orderParams, request.params);
    const events = await payments.events(actorOf(request), orderId);
    return listOf(
      events.map((event): Api.PaymentEvent => ({
        object: 'payment_event',
        id: event.id,
        provider: event.provider,
        providerEventId: event.provider_event_id,
        outcome: event.outcome,
        detail: event.detail,
        receivedAt: Number(event.received_at),
      })),
    );
  });

  const presentRefund = (
    refund: Awaited<ReturnType<PaymentService['refunds']['list']>>[number],
  ): Api.PaymentRefund => ({
    object: 'payment_refund',
    id: refund.id,
    orderId: refund.orderId,
    amount: formatMinor(refund.amountMinor),
    state: refund.state,
    providerRefundId: refund.providerRefundId,
    reason: refund.reason,
    createdAt: refund.createdAt,
  });

  app.get('/admin/v1/payments/orders/:orderId/refunds', { onRequest: preHandler }, async (request) => {
    const { orderId } = parseInput(orderParams, request.params);
    await payments.order(actorOf(request), orderId);
    return listOf((await payments.refunds.list(orderId)).map(presentRefund));
  });

  app.post('/admin/v1/payments/orders/:orderId/refunds', { onRequest: preHandler }, async (request, reply) => {
    const { orderId } = parseInput(orderParams, request.params);
    const body = parseInput(refundBody, request.body ?? {});
    const refund = await payments.refund(actorOf(request), orderId, {
      amountMinor: body.amount === undefined ? undefined : minorOf(body.amount, 'amount'),
      reason: body.reason,
    });
    return reply.code(201).send(presentRefund(refund));
  });

  app.get('/admin/v1/payments/orders/:orderId/receipt', { onRequest: preHandler }, async (request, reply) => {
    const { orderId } = parseInput(orderParams, request.params);
    const { format } = parseInput(receiptQuery, request.query);
    const actor = actorOf(request);
    const order = await payments.order(actor, orderId);
    if (order.state !== 'credited' && order.state !== 'refunded') {
      throw invalidRequest(
        `Order ${orderId} is ${order.state}: receipts exist for paid orders.`,
        'orderId',
        'order_not_paid',
      );
    }
    const organization = await commerce.accounts.getOrganization(actor, order.orgId);
    const data = {
      order,
      organizationName: organization.name,
      platformName: 'Kaiyuan',
      refundedMinor: order.refundedMinor,
    };
    if (format === 'pdf') {
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="receipt-${order.id}.pdf"`)
        .send(await receiptPdf(data));
    }
    return reply.type('text/html; charset=utf-8').send(receiptHtml(data));
  });

  app.post('/admin/v1/payments/reconcile', { onRequest: preHandler }, async (request) => {
    requireOperator(actorOf(request));
    return { object: 'payment_reconciliation', ...(await payments.reconcile()) };
  });

  const callbackUrl = (provider: keyof typeof callbackPaths) => {
    const base = services.config.payments.publicUrl?.replace(/\/+$/, '');
    return base ? `${base}${callbackPaths[provider]}` : null;
  };

  app.get('/admin/v1/payments/settings', { onRequest: preHandler }, async (request) => {
    requireOperator(actorOf(request));
    const views = await payments.settings.views();
    return listOf(
      views.map((view): Api.PaymentProviderSettings => ({
        object: 'payment_provider_settings',
        ...view,
        callbackUrl: callbackUrl(view.provider),
      })),
    );
  });

  app.put('/admin/v1/payments/settings/:provider', { onRequest: preHandler }, async (request) => {
    requireOperator(actorOf(request));
    const { provider } = parseInput(providerParams, request.params);
    const view = await payments.settings.save(provider, parseInput(paymentProviderSettingsBody, request.body));
    const answer: Api.PaymentProviderSettings = {
      object: 'payment_provider_settings',
      ...view,
      callbackUrl: callbackUrl(provider),
    };
    return answer;
  });
}
