import type { PaymentProviderName } from '../config/payments-schema.ts';
import type { Store } from '../store/database.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import type { SecretBox } from '../util/secret-box.ts';
import { providerFields, sealContext, settingKey } from './payment-settings.ts';

/** What a re-encryption pass did (the same shape as the channel keys' counts). */
export interface PaymentResealCounts {
  checked: number;
  resealed: number;
  current: number;
}

/**
 * Re-encrypts the payment providers' secrets stored through the console (Alipay's private key,
 * WeChat Pay's private key and APIv3 key, Stripe's secret key and webhook secret) under the current
 * master key, each bound again to its provider and field. Settings from kaiyuan.yaml are not in
 * the store and have nothing to re-encrypt. A secret that does not open stops the rotation and
 * names its provider and field; nothing of it is written.
 */
export async function resealPaymentSecrets(store: Store, box: SecretBox): Promise<PaymentResealCounts> {
  const settings = new SettingsRepository(store);
  const counts: PaymentResealCounts = { checked: 0, resealed: 0, current: 0 };
  for (const provider of Object.keys(providerFields) as PaymentProviderName[]) {
    const text = await settings.get(settingKey(provider));
    if (!text) continue;
    const stored = JSON.parse(text) as Record<string, unknown>;
    let changed = false;
    for (const field of providerFields[provider].secrets as readonly string[]) {
      const sealed = stored[field];
      if (typeof sealed !== 'string') continue;
      counts.checked++;
      if (!box.needsResealing(sealed)) {
        counts.current++;
        continue;
      }
      let plaintext: string;
      try {
        plaintext = box.open(sealed, sealContext(provider, field));
      } catch (error) {
        throw new Error(`The ${provider} payment secret '${field}' does not open: ${(error as Error).message}`);
      }
      stored[field] = box.seal(plaintext, sealContext(provider, field));
      changed = true;
      counts.resealed++;
    }
    if (changed) await settings.set(settingKey(provider), JSON.stringify(stored));
  }
  return counts;
}
