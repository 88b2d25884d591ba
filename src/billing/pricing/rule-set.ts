import {
  priceComponents,
  type PriceComponent,
  type PriceRule,
  type PriceSettings,
  type PricingDocument,
} from '../../api-contract/pricing.ts';
import type { Currency } from '../../config/commerce-schema.ts';
import { perRequestNano, perTokenNano, unitRates, type Rates } from './rates.ts';
import { compileWindow, inWindow, type CompiledWindow } from './time-window.ts';

/** Who and what a request is priced for. `at` decides time-of-day windows. */
export interface PricingContext {
  model: string;
  planId: string | null;
  orgId: string | null;
  /** The channel (provider instance) that served it; null before routing. */
  channel: string | null;
  batch: boolean;
  at: number;
}

/** A price as rules made it, with the ids of the rules that shaped it (the line-by-line explanation). */
export interface Quote {
  rates: Rates;
  rules: string[];
}

/** A price per million tokens in some currency: a model's list price or a channel's cost price. */
export type BasePrice = Pick<
  PriceSettings,
  'input' | 'cachedInput' | 'cacheWrite' | 'output' | 'reasoning' | 'request'
> & {
  currency: Currency;
};

/** A cost price; no currency: the billing currency. */
export type CostPriceInput = Omit<BasePrice, 'currency'> & { currency?: Currency };

/** Start-up (or save-time) error: a price in a currency the billing currency has no rate for. */
export class MissingExchangeRateError extends Error {
  constructor(
    readonly currency: string,
    billingCurrency: string,
    where: string,
  ) {
    super(
      `No exchange rate for ${currency}: ${where} is priced in ${currency} but balances are kept in ${billingCurrency}. Set commerce.exchangeRates.${currency} (how many ${billingCurrency} one ${currency} is worth) in kaiyuan.yaml.`,
    );
    this.name = 'MissingExchangeRateError';
  }
}

interface CompiledRule {
  id: string;
  applies: 'price' | 'cost';
  models: ReadonlySet<string> | null;
  plans: ReadonlySet<string> | null;
  organizations: ReadonlySet<string> | null;
  channels: ReadonlySet<string> | null;
  batch: boolean | null;
  window: CompiledWindow | null;
  set: Partial<Record<PriceComponent, number>> | null;
  setCurrency: Currency | null;
  factors: Rates | null;
  group: string | null;
}

type Certainty = 'no' | 'yes' | 'maybe';

export interface RuleSetOptions {
  currency: Currency;
  exchangeRates: Partial<Record<Currency, number>>;
  /** The price of models the document does not price (commerce.defaultPrice); null refuses them. */
  defaultPrice: PriceSettings | null;
}

/**
 * One version of the prices, plans and rules, compiled once when the version loads: rules are
 * indexed by model, windows and currencies resolved, so pricing a request is a few comparisons
 * and multiplications, with no store read. A request keeps the rule set it was admitted with.
 *
 * Order (docs/billing.md): the base price (the model's list price, or the channel's cost price);
 * then `set` rules replace parts of it — rules without `organizations` first, in list order, then
 * organization rules, so a negotiated price wins; then every matching `multiply` rule scales the
 * result. Of the matching rules sharing a `group`, only the first applies.
 */
export class RuleSet {
  private readonly rules: CompiledRule[];
  private readonly byModel = new Map<string, { price: CompiledRule[]; cost: CompiledRule[] }>();
  private readonly baseRates = new Map<string, Rates>();
  /** Rates of the cost prices deployments carry (the same object for a deployment's life). */
  private readonly costRates = new WeakMap<object, Rates>();
  /** Worst quotes by model, plan, organization and batch: admission looks them up. */
  private readonly worstQuotes = new Map<string, Quote | null>();

  constructor(
    readonly versionId: number,
    readonly document: PricingDocument,
    private readonly options: RuleSetOptions,
  ) {
    for (const [model, price] of Object.entries(document.prices)) {
      this.baseRates.set(model, this.ratesOf(price, `the price of '${model}'`));
    }
    if (options.defaultPrice) this.ratesOf(options.defaultPrice, 'commerce.defaultPrice');
    const ordered = [
      ...document.rules.filter((rule) => !rule.when.organizations),
      ...document.rules.filter((rule) => rule.when.organizations),
    ];
    this.rules = ordered.map((rule) => this.compile(rule, document.timezone));
  }

  get currency(): Currency {
    return this.options.currency;
  }

  /** The list price of a model (the default price for unlisted ones), or null. */
  priceOf(model: string): PriceSettings | null {
    return this.document.prices[model] ?? this.options.defaultPrice ?? null;
  }

  /** The customer's price of a request, or null when the model has no price. */
  quote(context: PricingContext): Quote | null {
    const base = this.baseRatesOf(context.model);
    if (!base) return null;
    return this.apply(base, this.rulesOf(context.model).price, context, 'exact');
  }

  /**
   * The dearest price a request admitted now can end up with: time-of-day windows and channel
   * rules count as applying whenever they would raise the price (the peak may start mid-request,
   * any channel may serve it). The balance hold is taken at this price.
   */
  worstQuote(context: Omit<PricingContext, 'at' | 'channel'>): Quote | null {
    const key = `${context.model}\u0000${context.planId ?? ''}\u0000${context.orgId ?? ''}\u0000${context.batch ? 1 : 0}`;
    const cached = this.worstQuotes.get(key);
    if (cached !== undefined) return cached;
    const base = this.baseRatesOf(context.model);
    const quote = base
      ? this.apply(base, this.rulesOf(context.model).price, { ...context, channel: null, at: 0 }, 'worst')
      : null;
    if (this.worstQuotes.size >= 10_000) this.worstQuotes.clear();
    this.worstQuotes.set(key, quote);
    return quote;
  }

  /** The upstream cost rates of a request served by a channel at its cost price, with the `applies: cost` rules. */
  costQuote(context: PricingContext, costPrice: CostPriceInput): Quote {
    let base = this.costRates.get(costPrice);
    if (!base) {
      base = this.ratesOf(
        { ...costPrice, currency: costPrice.currency ?? this.options.currency },
        `the cost price of channel '${context.channel ?? '?'}'`,
      );
      this.costRates.set(costPrice, base);
    }
    return this.apply(base, this.rulesOf(context.model).cost, context, 'exact');
  }

  /** The rates of a price by itself, no rule applied. */
  quoteOfPrice(price: BasePrice): Rates {
    return this.ratesOf(price, 'a price');
  }

  /** Whether prices in this currency can be turned into the billing currency. */
  hasRateFor(currency: Currency): boolean {
    return currency === this.options.currency || this.options.exchangeRates[currency] !== undefined;
  }

  private apply(base: Rates, rules: CompiledRule[], context: PricingContext, mode: 'exact' | 'worst'): Quote {
    let rates: Rates | null = null;
    let factors: Rates | null = null;
    const applied: string[] = [];
    let groupsDone: string[] | null = null;
    // Worst case: the highest factor a group's candidates could bring, until one surely applies.
    let groupMax: Map<string, Rates> | null = null;
    for (const rule of rules) {
      if (rule.group && groupsDone?.includes(rule.group)) continue;
      const certainty = this.matches(rule, context, mode);
      if (certainty === 'no') continue;
      if (rule.set) {
        rates ??= { ...base };
        const rate = this.rate(rule.setCurrency ?? this.options.currency, `rule '${rule.id}'`);
        for (const name of priceComponents) {
          const value = rule.set[name];
          if (value === undefined) continue;
          const nano = name === 'request' ? perRequestNano(value, rate) : perTokenNano(value, rate);
          rates[name] = certainty === 'yes' ? nano : Math.max(rates[name], nano);
        }
      }
      const ruleFactors = rule.factors;
      if (ruleFactors) {
        if (rule.group) {
          groupMax ??= new Map();
          const best = groupMax.get(rule.group) ?? (certainty === 'maybe' ? { ...unitRates } : null);
          const merged = { ...ruleFactors };
          if (best) for (const name of priceComponents) merged[name] = Math.max(best[name], ruleFactors[name]);
          groupMax.set(rule.group, merged);
        } else {
          factors ??= { ...unitRates };
          for (const name of priceComponents)
            factors[name] *= certainty === 'yes' ? ruleFactors[name] : Math.max(1, ruleFactors[name]);
        }
      }
      if (rule.group && certainty === 'yes') (groupsDone ??= []).push(rule.group);
      applied.push(rule.id);
    }
    if (groupMax) {
      factors ??= { ...unitRates };
      for (const groupFactors of groupMax.values())
        for (const name of priceComponents) factors[name] *= groupFactors[name];
    }
    if (!factors) return { rates: rates ?? base, rules: applied };
    const result = rates ?? { ...base };
    for (const name of priceComponents) result[name] *= factors[name];
    return { rates: result, rules: applied };
  }

  private matches(rule: CompiledRule, context: PricingContext, mode: 'exact' | 'worst'): Certainty {
    if (rule.plans && !(context.planId && rule.plans.has(context.planId))) return 'no';
    if (rule.organizations && !(context.orgId && rule.organizations.has(context.orgId))) return 'no';
    if (rule.batch !== null && rule.batch !== context.batch) return 'no';
    if (mode === 'worst') return rule.window || rule.channels ? 'maybe' : 'yes';
    if (rule.channels && !(context.channel && rule.channels.has(context.channel))) return 'no';
    if (rule.window && !inWindow(rule.window, context.at)) return 'no';
    return 'yes';
  }

  private rulesOf(model: string): { price: CompiledRule[]; cost: CompiledRule[] } {
    let found = this.byModel.get(model);
    if (!found) {
      const relevant = this.rules.filter((rule) => !rule.models || rule.models.has(model));
      found = {
        price: relevant.filter((rule) => rule.applies === 'price'),
        cost: relevant.filter((rule) => rule.applies === 'cost'),
      };
      // Bounded by the models the platform serves; unknown names are refused before pricing.
      if (this.byModel.size < 10_000) this.byModel.set(model, found);
    }
    return found;
  }

  private baseRatesOf(model: string): Rates | null {
    const listed = this.baseRates.get(model);
    if (listed) return listed;
    if (!this.options.defaultPrice) return null;
    const rates = this.ratesOf(this.options.defaultPrice, 'commerce.defaultPrice');
    if (this.baseRates.size < 10_000) this.baseRates.set(model, rates);
    return rates;
  }

  private ratesOf(price: BasePrice, where: string): Rates {
    const rate = this.rate(price.currency, where);
    return {
      input: perTokenNano(price.input, rate),
      cachedInput: perTokenNano(price.cachedInput ?? price.input, rate),
      cacheWrite: perTokenNano(price.cacheWrite ?? price.input, rate),
      output: perTokenNano(price.output, rate),
      reasoning: perTokenNano(price.reasoning ?? price.output, rate),
      request: perRequestNano(price.request ?? 0, rate),
    };
  }

  private rate(currency: Currency, where: string): number {
    if (currency === this.options.currency) return 1;
    const rate = this.options.exchangeRates[currency];
    if (rate === undefined) throw new MissingExchangeRateError(currency, this.options.currency, where);
    return rate;
  }

  private compile(rule: PriceRule, timezone: string): CompiledRule {
    const set = rule.set ? { ...rule.set } : null;
    const setCurrency = set?.currency ?? null;
    if (set) delete (set as { currency?: unknown }).currency;
    if (setCurrency) this.rate(setCurrency, `rule '${rule.id}'`);
    const multiply = rule.multiply;
    const factors =
      multiply === undefined
        ? null
        : typeof multiply === 'number'
          ? Object.fromEntries(priceComponents.map((name) => [name, multiply]))
          : Object.fromEntries(priceComponents.map((name) => [name, multiply[name] ?? 1]));
    const when = rule.when;
    return {
      id: rule.id,
      applies: rule.applies,
      models: when.models ? new Set(when.models) : null,
      plans: when.plans ? new Set(when.plans) : null,
      organizations: when.organizations ? new Set(when.organizations) : null,
      channels: when.channels ? new Set(when.channels) : null,
      batch: when.batch ?? null,
      window: when.window ? compileWindow(when.window, timezone) : null,
      set,
      setCurrency,
      factors: factors as Rates | null,
      group: rule.group ?? null,
    };
  }
}
