import type { PaymentProviderName } from '../config/payments-schema.ts';
import type { PaymentProvider } from './payment-provider.ts';
import type { ProviderSettings } from './payment-settings.ts';

/**
 * The enabled providers for a set of settings, each built with its own SDK client. The SDKs are
 * loaded only for enabled providers, when first needed: together they take seconds to import on a
 * busy machine, which a server or CLI start without payments must not pay.
 */
export async function createPaymentProviders(
  settings: ProviderSettings,
): Promise<Map<PaymentProviderName, PaymentProvider>> {
  const providers = new Map<PaymentProviderName, PaymentProvider>();
  if (settings.alipay?.enabled) {
    const { createAlipayProvider } = await import('./alipay/alipay-provider.ts');
    providers.set('alipay', await createAlipayProvider(settings.alipay));
  }
  if (settings.wechat_pay?.enabled) {
    const { createWechatPayProvider } = await import('./wechat-pay/wechat-pay-provider.ts');
    providers.set('wechat_pay', await createWechatPayProvider(settings.wechat_pay));
  }
  if (settings.stripe?.enabled) {
    const { createStripeProvider } = await import('./stripe/stripe-provider.ts');
    providers.set('stripe', await createStripeProvider(settings.stripe));
  }
  return providers;
}

/** The callback path of each provider (under the platform's public URL). */
export const callbackPaths: Record<PaymentProviderName, string> = {
  alipay: '/payments/callbacks/alipay',
  wechat_pay: '/payments/callbacks/wechat-pay',
  stripe: '/payments/callbacks/stripe',
};
