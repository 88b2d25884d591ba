import type { Store } from '../store/database.ts';
import { postLedgerEntry, type LedgerEntry } from '../billing/ledger.ts';
import { activatePaidPackage } from '../billing/packages/paid-package-activation.ts';
import type { Subscription } from '../billing/packages/subscriptions.ts';
import { newId } from '../util/ids.ts';
import { toPaymentOrder, type PaymentOrder } from './payment-order-repository.ts';
import { minorToNano } from './payment-amounts.ts';

/** What the provider says was paid for an order (from a verified notification or a query). */
export interface ConfirmedPayment {
  amountMinor: number;
  currency: string;
  providerReference: string;
  providerPaymentId?: string;
}

export type CreditOutcome =
  | {
      kind: 'credited';
      order: PaymentOrder;
      entry: LedgerEntry;
      /** The package the order bought, activated in the same transaction (its price debited again). */
      subscription: Subscription | null;
    }
  /** Already credited (or refunded): nothing written. */
  | { kind: 'duplicate'; order: PaymentOrder }
  | { kind: 'unknown_order' }
  /** The amount or currency differs from the order's: nothing written. */
  | { kind: 'mismatch'; order: PaymentOrder; detail: string };

/**
 * Credits a confirmed payment to the organization, exactly once. One transaction moves the order
 * from created (or expired: a late payment is still the customer's money) to credited and posts
 * the ledger entry `payment:<order id>`; the state change is a compare-and-set, so of any number
 * of concurrent confirmations — on one replica or several sharing PostgreSQL — exactly one
 * changes the row and posts, and the ledger's unique idempotency key backs that up. An order for
 * a package activates the package in the same transaction (paid-package-activation.ts).
 */
export async function creditConfirmedPayment(
  store: Store,
  orderId: string,
  payment: ConfirmedPayment,
  now = Date.now(),
): Promise<CreditOutcome> {
  const row = await store.db.selectFrom('payment_orders').selectAll().where('id', '=', orderId).executeTakeFirst();
  if (!row) return { kind: 'unknown_order' };
  const order = toPaymentOrder(row);
  if (payment.amountMinor !== order.amountMinor || payment.currency.toUpperCase() !== order.currency) {
    return {
      kind: 'mismatch',
      order,
      detail: `paid ${payment.amountMinor} ${payment.currency.toUpperCase()}, the order is for ${order.amountMinor} ${order.currency}`,
    };
  }
  if (order.state !== 'created' && order.state !== 'expired' && order.state !== 'paid')
    return { kind: 'duplicate', order };
  const late = order.state === 'expired' || now > order.expiresAt;
  const nano = minorToNano(order.amountMinor, order.currency);
  const result = await store.db.transaction().execute(async (transaction) => {
    const moved = await transaction
      .updateTable('payment_orders')
      .set({
        state: 'credited',
        provider_reference: payment.providerReference,
        provider_payment_id: payment.providerPaymentId ?? order.providerPaymentId,
        paid_at: order.paidAt ?? now,
        credited_at: now,
        credited_nano: nano,
        paid_late: late ? 1 : 0,
        updated_at: now,
      })
      .where('id', '=', orderId)
      .where('state', 'in', ['created', 'expired', 'paid'])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return null;
    const { entry } = await postLedgerEntry(
      transaction,
      {
        orgId: order.orgId,
        kind: 'payment',
        amount: nano,
        idempotencyKey: `payment:${order.id}`,
        description: `Payment ${order.id} (${order.provider} ${payment.providerReference})${late ? ', paid after expiry' : ''}`,
      },
      now,
    );
    await transaction
      .updateTable('payment_orders')
      .set({ ledger_entry_id: entry.id })
      .where('id', '=', orderId)
      .execute();
    const subscription = order.packageId
      ? await activatePaidPackage(transaction, {
          orgId: order.orgId,
          orderId: order.id,
          packageId: order.packageId,
          paidNano: nano,
          now,
        })
      : null;
    return { entry, subscription };
  });
  const after = toPaymentOrder(
    await store.db.selectFrom('payment_orders').selectAll().where('id', '=', orderId).executeTakeFirstOrThrow(),
  );
  return result
    ? { kind: 'credited', order: after, entry: result.entry, subscription: result.subscription }
    : { kind: 'duplicate', order: after };
}

/** Marks an order paid without crediting (the organization is gone, say): reconciliation retries it. */
export async function markPaidUncredited(store: Store, orderId: string, payment: ConfirmedPayment, now = Date.now()) {
  await store.db
    .updateTable('payment_orders')
    .set({
      state: 'paid',
      provider_reference: payment.providerReference,
      provider_payment_id: payment.providerPaymentId ?? null,
      paid_at: now,
      updated_at: now,
    })
    .where('id', '=', orderId)
    .where('state', 'in', ['created', 'expired'])
    .execute();
}

/** One line of the notification log: every callback, credited or not. */
export async function logPaymentEvent(
  store: Store,
  event: { provider: string; providerEventId: string | null; orderId: string | null; outcome: string; detail: string },
  now = Date.now(),
): Promise<void> {
  await store.db
    .insertInto('payment_events')
    .values({
      id: newId('pe'),
      provider: event.provider,
      provider_event_id: event.providerEventId,
      order_id: event.orderId,
      outcome: event.outcome,
      detail: event.detail.slice(0, 500),
      received_at: now,
    })
    .execute();
}
