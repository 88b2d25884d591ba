import type { PaymentProviderName } from '../config/payments-schema.ts';

/**
 * The contract every payment provider implements (alipay/, wechat-pay/, stripe/). Providers know
 * their SDK and their wire formats, nothing of the store, the ledger or HTTP servers: the order
 * service decides what a verified notification does.
 */
export interface PaymentProvider {
  readonly name: PaymentProviderName;
  /** Opens a payment at the provider for an order; the customer pays through what it returns. */
  createCheckout(order: CheckoutRequest): Promise<Checkout>;
  /**
   * Checks a callback's signature over the exact bytes received and reads it. Throws
   * `PaymentNotificationRejected` when the signature (or anything it covers) does not check out.
   */
  verifyNotification(callback: ReceivedCallback): Promise<VerifiedNotification>;
  /** What the provider expects as the answer to a callback it may stop retrying. */
  acknowledgement(accepted: boolean): CallbackAnswer;
  /** Asks the provider about an order (reconciliation). */
  query(order: ProviderOrderReference): Promise<ProviderPaymentStatus>;
  /** Refunds part or all of a paid order through the provider. */
  refund(
    order: ProviderOrderReference,
    refund: { refundId: string; amountMinor: number; reason: string },
  ): Promise<{
    providerRefundId: string;
  }>;
}

export interface CheckoutRequest {
  orderId: string;
  amountMinor: number;
  currency: string;
  /** Shown to the payer (the subject / description / product name). */
  subject: string;
  expiresAt: number;
  /** Where the provider posts its notification. */
  notifyUrl: string;
  /** Where the payer returns after paying (redirect providers). */
  returnUrl: string;
}

export type Checkout =
  | { kind: 'qr'; qrCode: string; providerReference?: string }
  | { kind: 'redirect'; url: string; providerReference?: string };

export interface ReceivedCallback {
  headers: Record<string, string | string[] | undefined>;
  /** The body exactly as received: signatures cover these bytes. */
  rawBody: Buffer;
}

/** A notification whose signature checked out, reduced to what crediting needs. */
export interface VerifiedNotification {
  /** The provider's id of this notification (for the log; duplicates carry the same one). */
  eventId: string;
  /** Our order id (out_trade_no / client_reference_id). */
  orderId: string;
  /** True when it says the payment succeeded; other notifications are logged and ignored. */
  paid: boolean;
  amountMinor: number;
  currency: string;
  providerReference: string;
  providerPaymentId?: string;
}

export interface ProviderOrderReference {
  orderId: string;
  amountMinor: number;
  currency: string;
  providerReference: string | null;
  providerPaymentId: string | null;
}

export type ProviderPaymentStatus =
  | {
      state: 'paid';
      amountMinor: number;
      currency: string;
      providerReference: string;
      providerPaymentId?: string;
    }
  | { state: 'open' }
  | { state: 'closed' };

export interface CallbackAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** A callback that is not from the provider, or not about anything we can credit. */
export class PaymentNotificationRejected extends Error {
  override name = 'PaymentNotificationRejected';
  constructor(
    message: string,
    readonly eventId: string | null = null,
  ) {
    super(message);
  }
}

/** A header's single value (Node gives arrays for repeated headers). */
export function headerValue(headers: ReceivedCallback['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
