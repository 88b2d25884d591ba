import { z } from 'zod';

/** Online top-up: orders, refunds, provider settings (see docs/api/admin.md "Payments"). */

export const paymentProviders = ['alipay', 'wechat_pay', 'stripe'] as const;
export const paymentOrderStates = ['created', 'paid', 'credited', 'expired', 'refunded'] as const;

/** GET /admin/v1/payments/offer: what a top-up can be. Amounts are decimal strings in currency units. */
export const paymentOfferSchema = z.strictObject({
  object: z.literal('payment_offer'),
  currency: z.string(),
  minAmount: z.string(),
  maxAmount: z.string(),
  /** Enabled providers, in the order the console shows them; empty when payments are not set up. */
  providers: z.array(z.enum(paymentProviders)),
});
export type PaymentOffer = z.infer<typeof paymentOfferSchema>;

export const checkoutSchema = z.union([
  z.strictObject({ kind: z.literal('qr'), qrCode: z.string(), providerReference: z.string().optional() }),
  z.strictObject({ kind: z.literal('redirect'), url: z.string(), providerReference: z.string().optional() }),
]);

export const paymentOrderSchema = z.strictObject({
  object: z.literal('payment_order'),
  id: z.string(),
  orgId: z.string(),
  provider: z.enum(paymentProviders),
  /** Decimal string in currency units ("10.00"); amountMinor is the same in fen / cents. */
  amount: z.string(),
  amountMinor: z.number().int(),
  currency: z.string(),
  state: z.enum(paymentOrderStates),
  idempotencyKey: z.string(),
  providerReference: z.string().nullable(),
  /** What the payer opens: a QR code's content or a page to go to; null once closed. */
  checkout: checkoutSchema.nullable(),
  refunded: z.string(),
  /** What can still be refunded: the unspent part of the credit (never more than the balance). */
  refundable: z.string(),
  ledgerEntryId: z.string().nullable(),
  paidLate: z.boolean(),
  createdAt: z.number(),
  expiresAt: z.number(),
  paidAt: z.number().nullable(),
  creditedAt: z.number().nullable(),
  /** The package the order buys (activated once when it is credited); null for a top-up. */
  packageId: z.string().nullable(),
});
export type PaymentOrder = z.infer<typeof paymentOrderSchema>;

/** POST /admin/v1/payments/orders: a top-up (`amount`) or a package purchase (`packageId`, priced by the package). */
export const createPaymentOrderBody = z
  .strictObject({
    provider: z.enum(paymentProviders),
    /** In currency units: "50" or "50.00" (two decimals at most). */
    amount: z.union([z.string(), z.number()]).optional(),
    /** Buys this package: the order's amount is its price, and crediting the order activates it once. */
    packageId: z.string().min(1).optional(),
    /** A retried request with the same key returns the same order. */
    idempotencyKey: z.string().min(8).max(100),
    /** The operator names the organization; others top up their own. */
    orgId: z.string().min(1).optional(),
  })
  .refine((body) => (body.amount === undefined) !== (body.packageId === undefined), {
    message: 'give either an amount (a top-up) or a packageId (a package purchase)',
    path: ['amount'],
  });
export type CreatePaymentOrderInput = z.input<typeof createPaymentOrderBody>;

export const paymentOrderQuery = z.object({
  orgId: z.string().min(1).optional(),
  state: z.enum(paymentOrderStates).optional(),
  provider: z.enum(paymentProviders).optional(),
  /** An order id, a provider's trade number or an organization id. */
  search: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

/** POST /admin/v1/payments/orders/:id/refunds (operator) */
export const refundBody = z.strictObject({
  /** Default: all that is refundable. */
  amount: z.union([z.string(), z.number()]).optional(),
  reason: z.string().max(200).optional(),
});
export type RefundInput = z.infer<typeof refundBody>;

export const paymentRefundSchema = z.strictObject({
  object: z.literal('payment_refund'),
  id: z.string(),
  orderId: z.string(),
  amount: z.string(),
  state: z.enum(['pending', 'succeeded', 'failed']),
  providerRefundId: z.string().nullable(),
  reason: z.string(),
  createdAt: z.number(),
});
export type PaymentRefund = z.infer<typeof paymentRefundSchema>;

export const paymentEventSchema = z.strictObject({
  object: z.literal('payment_event'),
  id: z.string(),
  provider: z.string(),
  providerEventId: z.string().nullable(),
  outcome: z.string(),
  detail: z.string(),
  receivedAt: z.number(),
});
export type PaymentEvent = z.infer<typeof paymentEventSchema>;

/** GET/PUT /admin/v1/payments/settings (operator): secrets are never returned, only whether they are set. */
export const paymentProviderSettingsSchema = z.strictObject({
  object: z.literal('payment_provider_settings'),
  provider: z.enum(paymentProviders),
  source: z.enum(['database', 'config']).nullable(),
  enabled: z.boolean(),
  settings: z.record(z.string(), z.unknown()),
  secretsSet: z.record(z.string(), z.boolean()),
  callbackUrl: z.string().nullable(),
});
export type PaymentProviderSettings = z.infer<typeof paymentProviderSettingsSchema>;

/** PUT body: the provider's fields; a secret left empty keeps the stored one. */
export const paymentProviderSettingsBody = z.record(z.string(), z.unknown());
