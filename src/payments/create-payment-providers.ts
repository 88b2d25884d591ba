import type { PaymentProviderName } from '../config/payments-schema.ts';
import type { PaymentProvider } from './payment-provider.ts';
import type { ProviderSettings } from './payment-settings.ts';

/** How each provider is built; its module (and through it its SDK, see load-sdk.ts) loads only when enabled. */
const providerFactories: {
  [Name in PaymentProviderName]: (settings: NonNullable<ProviderSettings[Name]>) => Promise<PaymentProvider>;
} = {
  alipay: async (settings) => (await import('./alipay/alipay-provider.ts')).createAlipayProvider(settings),
  wechat_pay: async (settings) =>
    (await import('./wechat-pay/wechat-pay-provider.ts')).createWechatPayProvider(settings),
  stripe: async (settings) => (await import('./stripe/stripe-provider.ts')).createStripeProvider(settings),
};

/** The enabled providers for a set of settings, each built with its own SDK client. */
export async function createPaymentProviders(
  settings: ProviderSettings,
): Promise<Map<PaymentProviderName, PaymentProvider>> {
  const providers = new Map<PaymentProviderName, PaymentProvider>();
  for (const name of Object.keys(providerFactories) as PaymentProviderName[]) {
    const own = settings[name];
    if (own?.enabled)
      providers.set(name, await (providerFactories[name] as (value: typeof own) => Promise<PaymentProvider>)(own));
  }
  return providers;
}

/** The callback path of each provider (under the platform's public URL). */
export const callbackPaths: Record<PaymentProviderName, string> = {
  alipay: '/payments/callbacks/alipay',
  wechat_pay: '/payments/callbacks/wechat-pay',
  stripe: '/payments/callbacks/stripe',
};
