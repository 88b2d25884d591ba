import type { Logger } from 'pino';
import {
  isPlatformOperator,
  managerRoles,
  readerRoles,
  requireOperator,
  requireRoles,
  targetOrg,
  assertSameOrg,
  listScope,
} from '../accounts/access-control.ts';
import type { Principal } from '../accounts/principal.ts';
import type { BillingAdministration } from '../billing/billing-admin.ts';
import { nanoPerUnit } from '../billing/money.ts';
import type { PackageCatalog } from '../billing/packages/package-catalog.ts';
import type { Subscriptions } from '../billing/packages/subscriptions.ts';
import type { PaymentProviderName, PaymentsConfig } from '../config/payments-schema.ts';
import type { Store } from '../store/database.ts';
import { KaiyuanError, invalidRequest, notFound } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import { formatMinor, minorUnits, parseMinor } from './payment-amounts.ts';
import { callbackPaths, createPaymentProviders } from './create-payment-providers.ts';
import {
  creditConfirmedPayment,
  logPaymentEvent,
  markPaidUncredited,
  type ConfirmedPayment,
} from './payment-crediting.ts';
import {
  PaymentOrderRepository,
  providerReferenceOf,
  type OrderFilter,
  type PaymentOrder,
} from './payment-order-repository.ts';
import {
  PaymentNotificationRejected,
  type CallbackAnswer,
  type PaymentProvider,
  type ReceivedCallback,
} from './payment-provider.ts';
import { PaymentRefunds } from './payment-refunds.ts';
import type { PaymentSettings } from './payment-settings.ts';

export interface PaymentServiceOptions {
  store: Store;
  config: PaymentsConfig;
  /** The billing currency: orders are taken in it. */
  currency: string;
  settings: PaymentSettings;
  billing: BillingAdministration;
  /** Packages sold by payment order (absent: orders are top-ups only). */
  packages?: { catalog: PackageCatalog; subscriptions: Subscriptions } | null;
  logger: Logger;
}

/** What the console offers for a top-up. */
export interface PaymentOffer {
  currency: string;
  minAmountMinor: number;
  maxAmountMinor: number;
  providers: PaymentProviderName[];
}

export interface ReconcileSummary {
  checked: number;
  credited: number;
  expired: number;
  open: number;
  failed: number;
}

const currencyProviders: Record<PaymentProviderName, readonly string[]> = {
  alipay: ['CNY'],
  wechat_pay: ['CNY'],
  stripe: ['CNY', 'USD'],
};

/**
 * Online top-up: orders, provider callbacks, reconciliation and refunds. Credits only through the
 * ledger (kind `payment`, key `payment:<order id>`), exactly once per order.
 */
export class PaymentService {
  readonly orders: PaymentOrderRepository;
  readonly refunds: PaymentRefunds;
  private cached: { key: string; providers: Map<PaymentProviderName, PaymentProvider> } | null = null;

  readonly settings: PaymentSettings;

  constructor(private readonly options: PaymentServiceOptions) {
    this.settings = options.settings;
    this.orders = new PaymentOrderRepository(options.store);
    this.refunds = new PaymentRefunds(options.store, options.billing, (name) => this.provider(name));
  }

  /** The enabled providers, rebuilt when their settings change (console or kaiyuan.yaml). */
  async providers(): Promise<Map<PaymentProviderName, PaymentProvider>> {
    const settings = await this.options.settings.effective();
    const key = JSON.stringify(settings);
    if (this.cached?.key !== key) this.cached = { key, providers: await createPaymentProviders(settings) };
    return this.cached.providers;
  }

  async provider(name: PaymentProviderName): Promise<PaymentProvider> {
    const provider = (await this.providers()).get(name);
    if (!provider)
      throw invalidRequest(`The payment provider '${name}' is not enabled.`, 'provider', 'provider_not_enabled');
    return provider;
  }

  async offer(actor: Principal): Promise<PaymentOffer> {
    requireRoles(actor, readerRoles);
    const currency = this.options.currency;
    const names = [...(await this.providers()).keys()].filter((name) => currencyProviders[name].includes(currency));
    return {
      currency,
      minAmountMinor: parseMinor(this.options.config.minAmount) ?? 100,
      maxAmountMinor: parseMinor(this.options.config.maxAmount) ?? 5_000_000,
      providers: this.options.config.publicUrl ? names : [],
    };
  }

  /**
   * Creates an order and opens the payment at the provider: a top-up of `amountMinor`, or the
   * purchase of a package (`packageId`: the amount is the package's price, and crediting the order
   * activates the package once). The same idempotency key returns the organization's first order
   * with it instead of a second one.
   */
  async createOrder(
    actor: Principal,
    input: {
      orgId?: string;
      provider: PaymentProviderName;
      amountMinor?: number;
      packageId?: string;
      idempotencyKey: string;
    },
  ): Promise<PaymentOrder> {
    requireRoles(actor, managerRoles);
    const orgId = targetOrg(actor, input.orgId);
    const existing = await this.orders.findByIdempotencyKey(orgId, input.idempotencyKey);
    if (existing) return existing;
    const offer = await this.offer(actor);
    const publicUrl = this.options.config.publicUrl;
    if (!publicUrl) {
      throw new KaiyuanError('payments_not_configured', 'Online payment is not set up (payments.publicUrl).', {
        status: 409,
        type: 'conflict_error',
      });
    }
    if (!offer.providers.includes(input.provider)) {
      throw invalidRequest(
        `The payment provider '${input.provider}' is not available.`,
        'provider',
        'provider_not_enabled',
      );
    }
    const { amountMinor, subject } = input.packageId
      ? await this.packagePrice(input.packageId, offer.currency)
      : { amountMinor: input.amountMinor ?? 0, subject: null };
    const belowMinimum = !input.packageId && amountMinor < offer.minAmountMinor;
    if (belowMinimum || amountMinor > offer.maxAmountMinor) {
      throw invalidRequest(
        `A top-up is between ${formatMinor(offer.minAmountMinor)} and ${formatMinor(offer.maxAmountMinor)} ${offer.currency}.`,
        'amount',
        'amount_out_of_range',
      );
    }
    const provider = await this.provider(input.provider);
    const now = Date.now();
    const id = newId('po', 20);
    try {
      await this.orders.insert({
        id,
        org_id: orgId,
        provider: input.provider,
        amount_minor: amountMinor,
        currency: offer.currency,
        state: 'created',
        idempotency_key: input.idempotencyKey,
        provider_reference: null,
        provider_payment_id: null,
        checkout: '{}',
        credited_nano: 0,
        refunded_minor: 0,
        ledger_entry_id: null,
        paid_late: 0,
        created_by: actor.userId ?? actor.keyId,
        created_at: now,
        expires_at: now + this.options.config.orderTtlMinutes * 60_000,
        paid_at: null,
        credited_at: null,
        updated_at: now,
        package_id: input.packageId ?? null,
      });
    } catch (error) {
      // Two requests with one key at once: the loser answers with the winner's order.
      const winner = await this.orders.findByIdempotencyKey(orgId, input.idempotencyKey);
      if (winner) return winner;
      throw error;
    }
    const base = publicUrl.replace(/\/+$/, '');
    try {
      const checkout = await provider.createCheckout({
        orderId: id,
        amountMinor,
        currency: offer.currency,
        subject: subject ?? `Kaiyuan top-up ${formatMinor(amountMinor)} ${offer.currency}`,
        expiresAt: now + this.options.config.orderTtlMinutes * 60_000,
        notifyUrl: `${base}${callbackPaths[input.provider]}`,
        returnUrl: `${base}/billing?order=${id}`,
      });
      await this.orders.setCheckout(id, checkout);
    } catch (error) {
      await this.orders.expire(id);
      this.options.logger.warn(
        { err: error, orderId: id, provider: input.provider },
        'payment provider refused an order',
      );
      throw new KaiyuanError(
        'payment_provider_error',
        `The payment provider could not open the payment: ${(error as Error).message}`,
        {
          status: 502,
          type: 'upstream_error',
          retryable: true,
        },
      );
    }
    return (await this.orders.find(id))!;
  }

  /** A package on sale, priced in whole minor units (a fraction of a fen or cent is rounded up). */
  private async packagePrice(packageId: string, currency: string): Promise<{ amountMinor: number; subject: string }> {
    const pack = await this.options.packages?.catalog.find(packageId);
    if (!pack) throw notFound(`No package '${packageId}'.`, 'package_not_found', 'packageId');
    if (!pack.enabled)
      throw invalidRequest(`The package '${pack.name}' is not on sale.`, 'packageId', 'package_not_on_sale');
    if (pack.price <= 0)
      throw invalidRequest(
        `The package '${pack.name}' is free: the operator grants it, nothing is paid.`,
        'packageId',
        'package_is_free',
      );
    const nanoPerMinor = nanoPerUnit / minorUnits(currency);
    return { amountMinor: Math.ceil(pack.price / nanoPerMinor), subject: `Kaiyuan package ${pack.name}` };
  }

  async order(actor: Principal, id: string): Promise<PaymentOrder> {
    requireRoles(actor, readerRoles);
    const order = await this.orders.find(id);
    if (!order) throw notFound(`No payment order '${id}'.`, 'payment_order_not_found');
    assertSameOrg(actor, order.orgId, 'payment order', id);
    return order;
  }

  async list(actor: Principal, filter: OrderFilter): Promise<PaymentOrder[]> {
    requireRoles(actor, readerRoles);
    return this.orders.list({ ...filter, orgId: listScope(actor, filter.orgId) });
  }

  /** The notification log of an order (operator). */
  async events(actor: Principal, orderId: string) {
    requireOperator(actor);
    return this.options.store.db
      .selectFrom('payment_events')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('received_at')
      .execute();
  }

  /**
   * A provider's callback. Only the provider's signature is trusted: whatever fails it, or names
   * an unknown order, a different amount or currency, credits nothing and is logged; a repeated
   * notification finds the order credited and writes nothing.
   */
  async handleCallback(name: PaymentProviderName, callback: ReceivedCallback): Promise<CallbackAnswer> {
    const provider = (await this.providers()).get(name);
    if (!provider) {
      await logPaymentEvent(this.options.store, {
        provider: name,
        providerEventId: null,
        orderId: null,
        outcome: 'rejected',
        detail: 'provider not enabled',
      });
      return { status: 404, contentType: 'text/plain', body: 'not enabled' };
    }
    let notification;
    try {
      notification = await provider.verifyNotification(callback);
    } catch (error) {
      const detail =
        error instanceof PaymentNotificationRejected ? error.message : `unreadable: ${(error as Error).message}`;
      const eventId = error instanceof PaymentNotificationRejected ? error.eventId : null;
      this.options.logger.warn({ provider: name, eventId, detail }, 'payment callback rejected');
      await logPaymentEvent(this.options.store, {
        provider: name,
        providerEventId: eventId,
        orderId: null,
        outcome: 'rejected',
        detail,
      });
      return provider.acknowledgement(false);
    }
    const event = { provider: name, providerEventId: notification.eventId, orderId: notification.orderId || null };
    if (!notification.paid) {
      await logPaymentEvent(this.options.store, { ...event, outcome: 'ignored', detail: 'not a successful payment' });
      return provider.acknowledgement(true);
    }
    const outcome = await this.confirm(notification.orderId, name, notification, 'callback');
    await logPaymentEvent(this.options.store, { ...event, outcome: outcome.kind, detail: outcome.detail });
    if (outcome.kind === 'rejected') {
      this.options.logger.warn(
        { provider: name, eventId: notification.eventId, orderId: notification.orderId, detail: outcome.detail },
        'payment callback credited nothing',
      );
    }
    return provider.acknowledgement(outcome.kind !== 'rejected');
  }

  /**
   * Applies a payment the provider confirmed (callback or query): credits it, or — for a payment
   * after the order's expiry when `latePayment: refund` — refunds it whole. Never keeps it silently.
   */
  private async confirm(
    orderId: string,
    providerName: PaymentProviderName,
    payment: ConfirmedPayment,
    source: 'callback' | 'reconcile',
  ): Promise<{ kind: 'credited' | 'duplicate' | 'rejected' | 'late_refunded'; detail: string }> {
    const order = await this.orders.find(orderId);
    if (!order) return { kind: 'rejected', detail: `unknown order ${orderId}` };
    if (order.provider !== providerName) return { kind: 'rejected', detail: `order belongs to ${order.provider}` };
    const late = order.state === 'expired' || Date.now() > order.expiresAt;
    if (
      late &&
      this.options.config.latePayment === 'refund' &&
      (order.state === 'created' || order.state === 'expired')
    ) {
      const refunded = await this.refunds.refundUncredited(order, payment, 'paid after the order expired');
      return refunded
        ? { kind: 'late_refunded', detail: `paid after expiry; refunded ${formatMinor(order.amountMinor)} (${source})` }
        : { kind: 'duplicate', detail: 'already handled' };
    }
    try {
      const outcome = await this.options.billing.withBudget(order.orgId, async () => {
        const result = await creditConfirmedPayment(this.options.store, orderId, payment);
        // A package order's credit is spent on the package in the same transaction: the balance is unchanged.
        return result.kind === 'credited' && !result.subscription
          ? { entry: result.entry, applied: true, result }
          : { entry: { amount: 0 } as never, applied: false, result };
      });
      const result = outcome.result;
      if (result.kind === 'credited' && result.subscription)
        this.options.packages?.subscriptions.purchasedElsewhere(order.orgId);
      switch (result.kind) {
        case 'credited':
          this.options.logger.info({ orderId, provider: providerName, source, late }, 'payment credited');
          return {
            kind: 'credited',
            detail: `credited ${formatMinor(order.amountMinor)} ${order.currency}${late ? ' (paid after expiry)' : ''}${
              result.subscription
                ? `, package ${result.subscription.packageName} activated (${result.subscription.id})`
                : ''
            } (${source})`,
          };
        case 'duplicate':
          return { kind: 'duplicate', detail: `order already ${result.order.state}` };
        case 'mismatch':
          return { kind: 'rejected', detail: result.detail };
        case 'unknown_order':
          return { kind: 'rejected', detail: `unknown order ${orderId}` };
      }
    } catch (error) {
      // Confirmed but not creditable now (the organization is gone, say): kept as paid, retried by reconcile.
      await markPaidUncredited(this.options.store, orderId, payment);
      this.options.logger.error({ err: error, orderId }, 'a confirmed payment could not be credited; kept as paid');
      return { kind: 'rejected', detail: `paid but not credited: ${(error as Error).message}` };
    }
  }

  /**
   * Asks the providers about orders left open (created, or paid but not credited): credits what
   * was paid, expires what passed its expiry unpaid. `kaiyuan payments reconcile` and a timer run it.
   */
  async reconcile(now = Date.now()): Promise<ReconcileSummary> {
    const summary: ReconcileSummary = { checked: 0, credited: 0, expired: 0, open: 0, failed: 0 };
    const providers = await this.providers();
    for (const order of await this.orders.open()) {
      const provider = providers.get(order.provider);
      if (!provider) continue;
      summary.checked += 1;
      try {
        const status = await provider.query(providerReferenceOf(order));
        if (status.state === 'paid') {
          const outcome = await this.confirm(order.id, order.provider, status, 'reconcile');
          await logPaymentEvent(this.options.store, {
            provider: order.provider,
            providerEventId: null,
            orderId: order.id,
            outcome: outcome.kind,
            detail: outcome.detail,
          });
          if (outcome.kind === 'credited' || outcome.kind === 'late_refunded') summary.credited += 1;
        } else if (now > order.expiresAt && order.state === 'created') {
          if (await this.orders.expire(order.id, now)) summary.expired += 1;
        } else summary.open += 1;
      } catch (error) {
        summary.failed += 1;
        this.options.logger.warn(
          { err: error, orderId: order.id, provider: order.provider },
          'reconciliation query failed',
        );
      }
    }
    return summary;
  }

  /** How much of an order can still be refunded, in minor units: never more than the balance holds. */
  async refundable(actor: Principal, orderId: string): Promise<number> {
    const order = await this.order(actor, orderId);
    return this.refunds.refundable(order);
  }

  async refund(actor: Principal, orderId: string, input: { amountMinor?: number; reason?: string }) {
    requireOperator(actor);
    const order = await this.orders.find(orderId);
    if (!order) throw notFound(`No payment order '${orderId}'.`, 'payment_order_not_found');
    return this.refunds.refund(order, {
      amountMinor: input.amountMinor,
      reason: input.reason ?? 'operator refund',
      createdBy: actor.userId ?? actor.keyId ?? (isPlatformOperator(actor) ? 'operator' : null),
    });
  }
}
