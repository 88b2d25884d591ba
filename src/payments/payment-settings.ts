import type { z } from 'zod';
import {
  alipaySettingsSchema,
  stripeSettingsSchema,
  wechatPaySettingsSchema,
  type AlipaySettings,
  type PaymentProviderName,
  type PaymentsConfig,
  type StripeSettings,
  type WechatPaySettings,
} from '../config/payments-schema.ts';
import { SettingsRepository } from '../store/settings-repository.ts';
import type { Store } from '../store/database.ts';
import type { SecretBox } from '../util/secret-box.ts';
import { invalidRequest } from '../util/errors.ts';

export interface ProviderSettings {
  alipay?: AlipaySettings;
  wechat_pay?: WechatPaySettings;
  stripe?: StripeSettings;
}

/** Each provider's settings schema and which of its fields are secrets (sealed at rest, never shown). */
export const providerFields = {
  alipay: { schema: alipaySettingsSchema, configKey: 'alipay', secrets: ['privateKey'] },
  wechat_pay: { schema: wechatPaySettingsSchema, configKey: 'wechatPay', secrets: ['privateKey', 'apiV3Key'] },
  stripe: { schema: stripeSettingsSchema, configKey: 'stripe', secrets: ['secretKey', 'webhookSecret'] },
} as const satisfies Record<
  PaymentProviderName,
  { schema: z.ZodType; configKey: 'alipay' | 'wechatPay' | 'stripe'; secrets: readonly string[] }
>;

export interface ProviderSettingsView {
  provider: PaymentProviderName;
  /** Where the settings come from: the console (database), kaiyuan.yaml, or nowhere yet. */
  source: 'database' | 'config' | null;
  enabled: boolean;
  /** The settings without their secrets. */
  settings: Record<string, unknown>;
  /** Which secrets are set (their values are never returned). */
  secretsSet: Record<string, boolean>;
}

/** The settings-table key of a provider's console-stored block. */
export const settingKey = (provider: PaymentProviderName) => `payments.provider.${provider}`;
/** What a sealed secret is bound to: its provider and field (a value moved elsewhere does not open). */
export const sealContext = (provider: PaymentProviderName, field: string) => `payments.${provider}.${field}`;

/**
 * The effective provider settings: a block stored through the console (secrets sealed with the
 * master key, bound to provider and field) replaces the one from kaiyuan.yaml.
 */
export class PaymentSettings {
  private readonly settings: SettingsRepository;

  constructor(
    store: Store,
    private readonly config: PaymentsConfig,
    /** Opened on first use: a platform without stored payment settings never needs the master key. */
    private readonly secretBox: () => SecretBox,
  ) {
    this.settings = new SettingsRepository(store);
  }

  private boxInstance: SecretBox | null = null;
  private box(): SecretBox {
    this.boxInstance ??= this.secretBox();
    return this.boxInstance;
  }

  async effective(): Promise<ProviderSettings> {
    const result: ProviderSettings = {};
    for (const provider of Object.keys(providerFields) as PaymentProviderName[]) {
      const stored = await this.stored(provider);
      const value = stored ?? this.config[providerFields[provider].configKey];
      if (value) (result as Record<string, unknown>)[provider] = value;
    }
    return result;
  }

  async views(): Promise<ProviderSettingsView[]> {
    const views: ProviderSettingsView[] = [];
    for (const provider of Object.keys(providerFields) as PaymentProviderName[]) {
      const stored = await this.stored(provider);
      const fromConfig = this.config[providerFields[provider].configKey];
      const value = (stored ?? fromConfig) as Record<string, unknown> | undefined;
      const secrets = providerFields[provider].secrets as readonly string[];
      views.push({
        provider,
        source: stored ? 'database' : fromConfig ? 'config' : null,
        enabled: Boolean(value?.enabled),
        settings: Object.fromEntries(Object.entries(value ?? {}).filter(([name]) => !secrets.includes(name))),
        secretsSet: Object.fromEntries(secrets.map((name) => [name, Boolean(value?.[name])])),
      });
    }
    return views;
  }

  /**
   * Stores a provider's settings from the console. A secret left out keeps its stored (or
   * configured) value, so the console never needs to show one to save the others.
   */
  async save(provider: PaymentProviderName, input: Record<string, unknown>): Promise<ProviderSettingsView> {
    const fields = providerFields[provider];
    const previous = ((await this.stored(provider)) ?? this.config[fields.configKey] ?? {}) as Record<string, unknown>;
    const merged: Record<string, unknown> = { ...input };
    for (const secret of fields.secrets as readonly string[]) {
      if (merged[secret] === undefined || merged[secret] === '') merged[secret] = previous[secret];
    }
    const parsed = fields.schema.safeParse(merged);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.');
      throw invalidRequest(`${path}: ${issue.message}`, path, 'invalid_payment_settings');
    }
    const sealed: Record<string, unknown> = { ...parsed.data };
    for (const secret of fields.secrets as readonly string[]) {
      sealed[secret] = this.box().seal(String(sealed[secret]), sealContext(provider, secret));
    }
    await this.settings.set(settingKey(provider), JSON.stringify(sealed));
    return (await this.views()).find((view) => view.provider === provider)!;
  }

  private async stored(provider: PaymentProviderName): Promise<Record<string, unknown> | null> {
    const text = await this.settings.get(settingKey(provider));
    if (!text) return null;
    const sealed = JSON.parse(text) as Record<string, unknown>;
    const opened: Record<string, unknown> = { ...sealed };
    for (const secret of providerFields[provider].secrets as readonly string[]) {
      if (typeof sealed[secret] === 'string')
        opened[secret] = this.box().open(sealed[secret], sealContext(provider, secret));
    }
    return opened;
  }
}
