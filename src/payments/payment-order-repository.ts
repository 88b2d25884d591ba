import type { Store } from '../store/database.ts';
import type { PaymentOrderState, PaymentOrdersTable } from '../store/schema/payments-tables.ts';
import { parseJsonColumn } from '../store/json-columns.ts';
import type { PaymentProviderName } from '../config/payments-schema.ts';
import type { Checkout, ProviderOrderReference } from './payment-provider.ts';

export interface PaymentOrder {
  id: string;
  orgId: string;
  provider: PaymentProviderName;
  amountMinor: number;
  currency: string;
  state: PaymentOrderState;
  idempotencyKey: string;
  providerReference: string | null;
  providerPaymentId: string | null;
  checkout: Checkout | null;
  creditedNano: number;
  refundedMinor: number;
  ledgerEntryId: string | null;
  paidLate: boolean;
  createdBy: string | null;
  createdAt: number;
  expiresAt: number;
  paidAt: number | null;
  creditedAt: number | null;
  /** The package the order buys (activated when credited); null for a top-up. */
  packageId: string | null;
}

export function toPaymentOrder(row: PaymentOrdersTable): PaymentOrder {
  const checkout = parseJsonColumn<Checkout | Record<string, never>>(row.checkout, {});
  return {
    id: row.id,
    orgId: row.org_id,
    provider: row.provider as PaymentProviderName,
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    state: row.state,
    idempotencyKey: row.idempotency_key,
    providerReference: row.provider_reference,
    providerPaymentId: row.provider_payment_id,
    checkout: 'kind' in checkout ? (checkout as Checkout) : null,
    creditedNano: Number(row.credited_nano),
    refundedMinor: Number(row.refunded_minor),
    ledgerEntryId: row.ledger_entry_id,
    paidLate: Number(row.paid_late) === 1,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    paidAt: row.paid_at === null ? null : Number(row.paid_at),
    creditedAt: row.credited_at === null ? null : Number(row.credited_at),
    packageId: row.package_id ?? null,
  };
}

export interface OrderFilter {
  orgId?: string | null;
  state?: PaymentOrderState;
  provider?: PaymentProviderName;
  /** An order id, a provider reference or an organization id, exactly. */
  search?: string;
  limit?: number;
}

/** Reads and writes of payment orders; the state changes that credit live in payment-crediting.ts. */
export class PaymentOrderRepository {
  constructor(private readonly store: Store) {}

  async insert(row: PaymentOrdersTable): Promise<void> {
    await this.store.db.insertInto('payment_orders').values(row).execute();
  }

  async find(id: string): Promise<PaymentOrder | null> {
    const row = await this.store.db.selectFrom('payment_orders').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPaymentOrder(row) : null;
  }

  async findByIdempotencyKey(orgId: string, key: string): Promise<PaymentOrder | null> {
    const row = await this.store.db
      .selectFrom('payment_orders')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
    return row ? toPaymentOrder(row) : null;
  }

  async list(filter: OrderFilter): Promise<PaymentOrder[]> {
    let query = this.store.db.selectFrom('payment_orders').selectAll();
    if (filter.orgId) query = query.where('org_id', '=', filter.orgId);
    if (filter.state) query = query.where('state', '=', filter.state);
    if (filter.provider) query = query.where('provider', '=', filter.provider);
    if (filter.search) {
      const search = filter.search;
      query = query.where((where) =>
        where.or([where('id', '=', search), where('provider_reference', '=', search), where('org_id', '=', search)]),
      );
    }
    const rows = await query
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .limit(filter.limit ?? 100)
      .execute();
    return rows.map(toPaymentOrder);
  }

  /** Orders a reconciliation asks the provider about: open ones, and paid ones not yet credited. */
  async open(limit = 500): Promise<PaymentOrder[]> {
    const rows = await this.store.db
      .selectFrom('payment_orders')
      .selectAll()
      .where('state', 'in', ['created', 'paid'])
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toPaymentOrder);
  }

  async setCheckout(id: string, checkout: Checkout): Promise<void> {
    await this.store.db
      .updateTable('payment_orders')
      .set({
        checkout: JSON.stringify(checkout),
        provider_reference: checkout.providerReference ?? null,
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
  }

  /** created → expired; false when the order had moved on (paid meanwhile). */
  async expire(id: string, now = Date.now()): Promise<boolean> {
    const result = await this.store.db
      .updateTable('payment_orders')
      .set({ state: 'expired', updated_at: now })
      .where('id', '=', id)
      .where('state', '=', 'created')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}

/** What a provider needs to know of an order to query or refund it. */
export function providerReferenceOf(order: PaymentOrder): ProviderOrderReference {
  return {
    orderId: order.id,
    amountMinor: order.amountMinor,
    currency: order.currency,
    providerReference: order.providerReference,
    providerPaymentId: order.providerPaymentId,
  };
}
