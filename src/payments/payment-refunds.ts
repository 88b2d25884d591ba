import type { BillingAdministration } from '../billing/billing-admin.ts';
import { postLedgerEntry } from '../billing/ledger.ts';
import type { PaymentProviderName } from '../config/payments-schema.ts';
import type { Store } from '../store/database.ts';
import { KaiyuanError } from '../util/errors.ts';
import { newId } from '../util/ids.ts';
import { formatMinor, minorToNano, nanoToMinorFloor } from './payment-amounts.ts';
import type { ConfirmedPayment } from './payment-crediting.ts';
import { providerReferenceOf, type PaymentOrder } from './payment-order-repository.ts';
import type { PaymentProvider } from './payment-provider.ts';

export interface PaymentRefund {
  id: string;
  orderId: string;
  orgId: string;
  amountMinor: number;
  providerRefundId: string | null;
  state: 'pending' | 'succeeded' | 'failed';
  reason: string;
  createdAt: number;
}

/**
 * Refunds through the provider's refund API. The ledger gives back first (kind `payment_refund`,
 * in the same transaction as the order's refunded amount, so the balance can never go negative:
 * only the unspent part of a credit is refundable); if the provider then refuses, a compensating
 * credit restores the balance and the refund is marked failed.
 */
export class PaymentRefunds {
  constructor(
    private readonly store: Store,
    private readonly billing: BillingAdministration,
    private readonly provider: (name: PaymentProviderName) => Promise<PaymentProvider>,
  ) {}

  /** Minor units still refundable: what was credited and not refunded, at most what the balance holds. */
  async refundable(order: PaymentOrder): Promise<number> {
    // A package order's credit was spent on the package at once: nothing of it is on the balance.
    if (order.state !== 'credited' || order.packageId) return 0;
    const remaining = order.amountMinor - order.refundedMinor;
    const { balance } = await this.billing.ledger.balance(order.orgId);
    return Math.max(0, Math.min(remaining, nanoToMinorFloor(balance, order.currency)));
  }

  async list(orderId: string): Promise<PaymentRefund[]> {
    const rows = await this.store.db
      .selectFrom('payment_refunds')
      .selectAll()
      .where('order_id', '=', orderId)
      .orderBy('created_at')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      orderId: row.order_id,
      orgId: row.org_id,
      amountMinor: Number(row.amount_minor),
      providerRefundId: row.provider_refund_id,
      state: row.state as PaymentRefund['state'],
      reason: row.reason,
      createdAt: Number(row.created_at),
    }));
  }

  async refund(
    order: PaymentOrder,
    input: { amountMinor?: number; reason: string; createdBy: string | null },
  ): Promise<PaymentRefund> {
    if (order.packageId) {
      throw new KaiyuanError(
        'order_not_refundable',
        `Order ${order.id} bought a package; its payment was spent on the package and is not refunded through the order.`,
        { status: 409, type: 'conflict_error' },
      );
    }
    if (order.state !== 'credited') {
      throw new KaiyuanError(
        'order_not_refundable',
        `Order ${order.id} is ${order.state}; only credited orders are refunded.`,
        {
          status: 409,
          type: 'conflict_error',
        },
      );
    }
    const refundable = await this.refundable(order);
    const amountMinor = input.amountMinor ?? refundable;
    if (!Number.isInteger(amountMinor) || amountMinor <= 0 || amountMinor > refundable) {
      throw new KaiyuanError(
        'refund_exceeds_refundable',
        `At most ${formatMinor(refundable)} ${order.currency} of order ${order.id} can be refunded (the unspent part of its credit).`,
        { status: 409, type: 'conflict_error', param: 'amount' },
      );
    }
    const id = newId('rf', 20);
    const nano = minorToNano(amountMinor, order.currency);
    const now = Date.now();
    await this.billing.withBudget(order.orgId, () =>
      this.store.db.transaction().execute(async (transaction) => {
        const total = order.refundedMinor + amountMinor;
        const moved = await transaction
          .updateTable('payment_orders')
          .set({ refunded_minor: total, state: total === order.amountMinor ? 'refunded' : 'credited', updated_at: now })
          .where('id', '=', order.id)
          .where('state', '=', 'credited')
          .where('refunded_minor', '=', order.refundedMinor)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) {
          throw new KaiyuanError('refund_conflict', 'The order changed meanwhile; look again and retry.', {
            status: 409,
            type: 'conflict_error',
          });
        }
        const { entry } = await postLedgerEntry(
          transaction,
          {
            orgId: order.orgId,
            kind: 'payment_refund',
            amount: -nano,
            idempotencyKey: `payment_refund:${id}`,
            description: `Refund ${id} of payment ${order.id}: ${input.reason}`.slice(0, 300),
          },
          now,
        );
        await transaction
          .insertInto('payment_refunds')
          .values({
            id,
            order_id: order.id,
            org_id: order.orgId,
            amount_minor: amountMinor,
            amount_nano: nano,
            provider_refund_id: null,
            state: 'pending',
            reason: input.reason,
            ledger_entry_id: entry.id,
            created_by: input.createdBy,
            created_at: now,
          })
          .execute();
        return { entry, applied: true };
      }),
    );
    try {
      const provider = await this.provider(order.provider);
      const { providerRefundId } = await provider.refund(providerReferenceOf(order), {
        refundId: id,
        amountMinor,
        reason: input.reason,
      });
      await this.store.db
        .updateTable('payment_refunds')
        .set({ state: 'succeeded', provider_refund_id: providerRefundId })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      await this.giveBack(order, id, amountMinor, nano);
      throw new KaiyuanError('payment_provider_error', `The provider refused the refund: ${(error as Error).message}`, {
        status: 502,
        type: 'upstream_error',
      });
    }
    return (await this.list(order.id)).find((refund) => refund.id === id)!;
  }

  /**
   * A payment confirmed after the order expired, with `latePayment: refund`: nothing was credited,
   * the whole amount goes back through the provider. False when another confirmation got there first.
   */
  async refundUncredited(order: PaymentOrder, payment: ConfirmedPayment, reason: string): Promise<boolean> {
    const now = Date.now();
    const moved = await this.store.db
      .updateTable('payment_orders')
      .set({
        state: 'refunded',
        provider_reference: payment.providerReference,
        provider_payment_id: payment.providerPaymentId ?? order.providerPaymentId,
        paid_at: now,
        paid_late: 1,
        refunded_minor: order.amountMinor,
        updated_at: now,
      })
      .where('id', '=', order.id)
      .where('state', 'in', ['created', 'expired'])
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return false;
    const id = newId('rf', 20);
    await this.store.db
      .insertInto('payment_refunds')
      .values({
        id,
        order_id: order.id,
        org_id: order.orgId,
        amount_minor: order.amountMinor,
        amount_nano: 0,
        provider_refund_id: null,
        state: 'pending',
        reason,
        ledger_entry_id: null,
        created_by: null,
        created_at: now,
      })
      .execute();
    try {
      const provider = await this.provider(order.provider);
      const { providerRefundId } = await provider.refund(
        {
          ...providerReferenceOf(order),
          providerReference: payment.providerReference,
          providerPaymentId: payment.providerPaymentId ?? null,
        },
        { refundId: id, amountMinor: order.amountMinor, reason },
      );
      await this.store.db
        .updateTable('payment_refunds')
        .set({ state: 'succeeded', provider_refund_id: providerRefundId })
        .where('id', '=', id)
        .execute();
      return true;
    } catch (error) {
      // Not refunded: back to expired, so the next reconciliation tries again (never kept silently).
      await this.store.db.updateTable('payment_refunds').set({ state: 'failed' }).where('id', '=', id).execute();
      await this.store.db
        .updateTable('payment_orders')
        .set({ state: 'expired', refunded_minor: 0, updated_at: Date.now() })
        .where('id', '=', order.id)
        .execute();
      throw error;
    }
  }

  private async giveBack(order: PaymentOrder, refundId: string, amountMinor: number, nano: number): Promise<void> {
    await this.billing.withBudget(order.orgId, () =>
      this.store.db.transaction().execute(async (transaction) => {
        const current = await transaction
          .selectFrom('payment_orders')
          .select(['refunded_minor'])
          .where('id', '=', order.id)
          .executeTakeFirstOrThrow();
        await transaction
          .updateTable('payment_orders')
          .set({
            refunded_minor: Number(current.refunded_minor) - amountMinor,
            state: 'credited',
            updated_at: Date.now(),
          })
          .where('id', '=', order.id)
          .execute();
        const { entry } = await postLedgerEntry(transaction, {
          orgId: order.orgId,
          kind: 'adjustment',
          amount: nano,
          idempotencyKey: `payment_refund_failed:${refundId}`,
          description: `Refund ${refundId} of payment ${order.id} refused by the provider: credit restored`,
        });
        await transaction.updateTable('payment_refunds').set({ state: 'failed' }).where('id', '=', refundId).execute();
        return { entry, applied: true };
      }),
    );
  }
}
