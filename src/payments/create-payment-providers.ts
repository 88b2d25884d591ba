import type { PaymentProviderName } from '../config/payments-schema.ts';
import { createAlipayProvider } from './alipay/alipay-provider.ts';
import type { PaymentProvider } from './payment-provider.ts';
import type { ProviderSettings } from './payment-settings.ts';
import { createStripeProvider } from './stripe/stripe-provider.ts';
import { createWechatPayProvider } from './wechat-pay/wechat-pay-provider.ts';

/** The enabled providers for a set of settings (each built with its own SDK client). */
export function createPaymentProviders(settings: ProviderSettings): Map<PaymentProviderName, PaymentProvider> {
  const providers = new Map<PaymentProviderName, PaymentProvider>();
  if (settings.alipay?.enabled) providers.set('alipay', createAlipayProvider(settings.alipay));
  if (settings.wechat_pay?.enabled) providers.set('wechat_pay', createWechatPayProvider(settings.wechat_pay));
  if (settings.stripe?.enabled) providers.set('stripe', createStripeProvider(settings.stripe));
  return providers;
}

/** The callback path of each provider (under the platform's public URL). */
export const callbackPaths: Record<PaymentProviderName, string> = {
  alipay: '/payments/callbacks/alipay',
  wechat_pay: '/payments/callbacks/wechat-pay',
  stripe: '/payments/callbacks/stripe',
};
