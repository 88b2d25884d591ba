import type { CommerceConfig, Currency, PriceSettings } from '../config/commerce-schema.ts';
import type { Usage } from '../providers/spec.ts';
import { defaultPrices } from './default-prices.ts';

export interface ModelPrice extends PriceSettings {
  model: string;
  /** True when the model is missing from the price book and the configured default price applies. */
  isDefault: boolean;
}

/**
 * Prices per million tokens, converted to nano-units of the billing currency per token.
 * Unknown models take `commerce.defaultPrice`, or have no price (refused on paid plans).
 */
export class PriceBook {
  private readonly prices = new Map<string, ModelPrice>();
  private readonly fallback: ModelPrice | null;

  constructor(private readonly config: CommerceConfig) {
    for (const [model, price] of Object.entries({ ...defaultPrices, ...config.prices })) {
      this.prices.set(model, { ...price, model, isDefault: false });
    }
    this.fallback = config.defaultPrice ? { ...config.defaultPrice, model: '*', isDefault: true } : null;
  }

  get currency(): Currency {
    return this.config.currency;
  }

  list(): ModelPrice[] {
    return [...this.prices.values()];
  }

  /** The price of a model, or null when it has none and no default price is configured. */
  priceOf(model: string): ModelPrice | null {
    return this.prices.get(model) ?? (this.fallback ? { ...this.fallback, model } : null);
  }

  /** Cost of a usage in nano-units of the billing currency (rounded up to a whole nano-unit). */
  cost(price: ModelPrice | null, usage: Pick<Usage, 'promptTokens' | 'cachedTokens' | 'completionTokens'>): number {
    if (!price) return 0;
    const rate = this.rate(price.currency);
    const cached = Math.min(usage.cachedTokens, usage.promptTokens);
    const uncached = usage.promptTokens - cached;
    // price per million units × 1e9 nano / 1e6 tokens = price × 1000 nano per token.
    const nano =
      (uncached * price.input + cached * (price.cachedInput ?? price.input) + usage.completionTokens * price.output) *
      1000 *
      rate;
    return Math.ceil(nano - 1e-6);
  }

  private rate(currency: Currency): number {
    if (currency === this.config.currency) return 1;
    const rate = this.config.exchangeRates[currency];
    if (rate) return rate;
    // Sensible built-in conversion when none is configured.
    return currency === 'USD' ? 7.2 : 1 / 7.2;
  }
}
