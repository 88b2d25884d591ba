import { z } from 'zod';

/**
 * Online top-up (the `payments:` section of kaiyuan.yaml). Each provider block is optional; a
 * provider is offered when it is enabled and complete. The admin console can store the same
 * settings in the database (secrets sealed with the master key); a stored block replaces the
 * one from kaiyuan.yaml. See docs/operator-guide.md "Taking payments".
 */

/** Amounts in currency units as text ("10.00"), like the admin API's amounts. */
const decimalAmount = z.string().regex(/^\d{1,9}(\.\d{1,2})?$/, 'an amount such as "10.00"');

export const alipaySettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The application id (APPID) of the Alipay open-platform application. */
    appId: z.string().min(1),
    /** The application's RSA2 private key (PEM, or the bare base64 body). */
    privateKey: z.string().min(1),
    /** Alipay's public key for this application (PEM or bare base64): verifies notifications. */
    alipayPublicKey: z.string().min(1),
    /** The gateway (default Alipay's production gateway; the sandbox has its own). */
    gateway: z.url().default('https://openapi.alipay.com/gateway.do'),
    /** `precreate` shows a QR code in the console; `page` redirects to Alipay's cashier page. */
    mode: z.enum(['precreate', 'page']).default('precreate'),
  })
  .strict();
export type AlipaySettings = z.infer<typeof alipaySettingsSchema>;

export const wechatPaySettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The merchant id (mchid). */
    mchId: z.string().min(1),
    /** The AppID bound to the merchant. */
    appId: z.string().min(1),
    /** The serial number of the merchant API certificate. */
    merchantSerial: z.string().min(1),
    /** The merchant API private key (PEM). */
    privateKey: z.string().min(1),
    /** The APIv3 key (32 characters): decrypts callback resources. */
    apiV3Key: z.string().length(32),
    /** The serial of the WeChat Pay platform certificate or public key (Wechatpay-Serial). */
    platformSerial: z.string().min(1),
    /** The WeChat Pay platform public key (PEM): verifies responses and callbacks. */
    platformPublicKey: z.string().min(1),
    baseUrl: z.url().default('https://api.mch.weixin.qq.com/'),
  })
  .strict();
export type WechatPaySettings = z.infer<typeof wechatPaySettingsSchema>;

export const stripeSettingsSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** The secret API key (sk_live_… / sk_test_…). */
    secretKey: z.string().min(1),
    /** The webhook endpoint's signing secret (whsec_…). */
    webhookSecret: z.string().min(1),
    /** The API base (default Stripe's; tests point it at a local server). */
    apiBase: z.url().default('https://api.stripe.com'),
  })
  .strict();
export type StripeSettings = z.infer<typeof stripeSettingsSchema>;

export const paymentsSchema = z
  .object({
    /**
     * The public address of this platform (https://…): providers send their notifications to
     * `<publicUrl>/payments/callbacks/<provider>` and Stripe returns the customer to the console.
     */
    publicUrl: z.url().optional(),
    /** How long an order can be paid; carried to the provider (Stripe needs at least 30). */
    orderTtlMinutes: z.number().int().min(1).max(1440).default(30),
    minAmount: decimalAmount.default('1.00'),
    maxAmount: decimalAmount.default('50000.00'),
    /** A payment confirmed after the order expired: credit it (default) or refund it at once. */
    latePayment: z.enum(['credit', 'refund']).default('credit'),
    /** The largest callback body accepted, in KiB (callbacks are read whole to check signatures). */
    callbackBodyLimitKb: z.number().int().min(1).max(1024).default(64),
    /** How often the server asks providers about orders left open, in seconds (0: never; use the CLI). */
    reconcileIntervalSeconds: z.number().int().min(0).default(300),
    alipay: alipaySettingsSchema.optional(),
    wechatPay: wechatPaySettingsSchema.optional(),
    stripe: stripeSettingsSchema.optional(),
  })
  .strict();
export type PaymentsConfig = z.infer<typeof paymentsSchema>;

export const paymentProviderNames = ['alipay', 'wechat_pay', 'stripe'] as const;
export type PaymentProviderName = (typeof paymentProviderNames)[number];
