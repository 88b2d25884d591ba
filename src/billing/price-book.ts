import type { CommerceConfig, Currency, PriceSettings } from '../config/commerce-schema.ts';
import type { Usage } from '../providers/spec.ts';
import { configDocument } from './pricing/pricing-document.ts';
import { chargeOf } from './pricing/rates.ts';
import { RuleSet } from './pricing/rule-set.ts';

export interface ModelPrice extends PriceSettings {
  model: string;
  /** True when the model is missing from the price book and the configured default price applies. */
  isDefault: boolean;
}

/**
 * The list prices of the rule set in force (see pricing/pricing-service.ts), per million tokens.
 * Unknown models take `commerce.defaultPrice`, or have no price (refused on paid plans). A price in
 * a currency other than the billing currency needs `commerce.exchangeRates`: without it the
 * platform does not start (MissingExchangeRateError names the missing rate).
 */
export class PriceBook {
  private current: RuleSet;
  /** The prices handed out for `pricesOf`, the rule set they were read from. */
  private readonly prices = new Map<string, ModelPrice | null>();
  private pricesOf: RuleSet | null = null;

  constructor(private readonly config: CommerceConfig) {
    this.current = new RuleSet(0, configDocument(config), {
      currency: config.currency,
      exchangeRates: config.exchangeRates,
      defaultPrice: config.defaultPrice,
    });
  }

  /** The rule set in force: requests admitted from now on are priced by it. */
  get rules(): RuleSet {
    return this.current;
  }

  use(rules: RuleSet): void {
    this.current = rules;
  }

  get currency(): Currency {
    return this.config.currency;
  }

  list(): ModelPrice[] {
    return Object.entries(this.current.document.prices).map(([model, price]) => ({
      ...price,
      model,
      isDefault: false,
    }));
  }

  /** The price of a model, or null when it has none and no default price is configured. */
  priceOf(model: string): ModelPrice | null {
    // Made once per rule set and model (every request asks): copying the price's keys is V8's slow path.
    if (this.pricesOf !== this.current) {
      this.pricesOf = this.current;
      this.prices.clear();
    }
    const known = this.prices.get(model);
    if (known !== undefined) return known;
    const listed = this.current.document.prices[model];
    const price = listed
      ? Object.freeze({ ...listed, model, isDefault: false })
      : this.config.defaultPrice
        ? Object.freeze({ ...this.config.defaultPrice, model, isDefault: true })
        : null;
    if (this.prices.size >= 10_000) this.prices.clear();
    this.prices.set(model, price);
    return price;
  }

  /** The list-price charge of a usage (no rules) in nano-units of the billing currency, rounded up once. */
  cost(
    price: ModelPrice | null,
    usage: Pick<Usage, 'promptTokens' | 'cachedTokens' | 'completionTokens'> & Partial<Usage>,
  ): number {
    if (!price) return 0;
    const quote = this.current.quoteOfPrice(price);
    return chargeOf(quote, { reasoningTokens: 0, ...usage });
  }
}
