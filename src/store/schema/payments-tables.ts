/** Payment orders, the notifications received about them and refunds (see migrations/0500-payments.ts). */

export type PaymentOrderState = 'created' | 'paid' | 'credited' | 'expired' | 'refunded';

export interface PaymentOrdersTable {
  id: string;
  org_id: string;
  /** alipay | wechat_pay | stripe */
  provider: string;
  /** Integer minor units of `currency` (fen, cents). */
  amount_minor: number;
  currency: string;
  state: PaymentOrderState;
  /** Unique per organization: a retried "create order" returns the first order. */
  idempotency_key: string;
  /** The provider's trade / transaction / session id, once known. */
  provider_reference: string | null;
  /** Stripe's payment intent (what refunds name); null for the others. */
  provider_payment_id: string | null;
  /** JSON: what the customer opens to pay ({ kind: 'qr', qrCode } or { kind: 'redirect', url }). */
  checkout: string;
  /** Nano-units credited to the balance (0 until credited). */
  credited_nano: number;
  /** Minor units refunded so far. */
  refunded_minor: number;
  /** The ledger entry of the credit. */
  ledger_entry_id: string | null;
  /** 1 when the provider confirmed the payment after the order expired. */
  paid_late: number;
  created_by: string | null;
  created_at: number;
  expires_at: number;
  paid_at: number | null;
  credited_at: number | null;
  updated_at: number;
  /** The package the order buys, activated once when credited (migration 0740); null: a top-up. */
  package_id: string | null;
}

export interface PaymentEventsTable {
  id: string;
  provider: string;
  /** The provider's id of the notification (notify_id, event id); null when unreadable. */
  provider_event_id: string | null;
  order_id: string | null;
  /** credited | duplicate | rejected | ignored | late_refunded */
  outcome: string;
  /** Why, in a sentence (never a secret, never the raw body). */
  detail: string;
  received_at: number;
}

export interface PaymentRefundsTable {
  id: string;
  order_id: string;
  org_id: string;
  amount_minor: number;
  /** Nano-units taken back from the balance. */
  amount_nano: number;
  provider_refund_id: string | null;
  /** pending | succeeded | failed */
  state: string;
  reason: string;
  ledger_entry_id: string | null;
  created_by: string | null;
  created_at: number;
}

export interface PaymentsTables {
  payment_orders: PaymentOrdersTable;
  payment_events: PaymentEventsTable;
  payment_refunds: PaymentRefundsTable;
}
