import { z } from 'zod';

/**
 * Prices, plans and pricing rules: the versioned data of billing (kaiyuan.yaml `commerce:` seeds
 * it, the admin API edits it, every change is a new version). Prices are per million tokens in
 * currency units; `request` is a fee per request. See docs/billing.md "Pricing rules and margins".
 */

export const priceCurrencies = ['CNY', 'USD'] as const;

const perMillion = z.number().nonnegative().finite();

export const priceSchema = z
  .object({
    /** Price per million input (prompt) tokens not served from a cache. */
    input: perMillion,
    /** Per million prompt tokens read from the upstream's prompt cache; default the input price. */
    cachedInput: perMillion.optional(),
    /** Per million prompt tokens written to an explicit cache; default the input price. */
    cacheWrite: perMillion.optional(),
    /** Per million output (completion) tokens. */
    output: perMillion.default(0),
    /** Per million reasoning tokens (part of the output) where they cost differently; default the output price. */
    reasoning: perMillion.optional(),
    /** A fee per request, in currency units. */
    request: perMillion.optional(),
    currency: z.enum(priceCurrencies).default('CNY'),
    /** Usable on plans restricted to free-tier models. */
    freeTier: z.boolean().default(false),
  })
  .strict();
export type PriceSettings = z.infer<typeof priceSchema>;

/** The parts of a price a rule multiplies or sets. */
export const priceComponents = ['input', 'cachedInput', 'cacheWrite', 'output', 'reasoning', 'request'] as const;
export type PriceComponent = (typeof priceComponents)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day as HH:MM');

/** A time-of-day window, e.g. peak hours; `from` inclusive, `to` exclusive; may wrap midnight. */
export const timeWindowSchema = z
  .object({
    from: hhmm,
    to: hhmm,
    /** Days of the week it applies on (0 = Sunday); default every day. */
    days: z.array(z.number().int().min(0).max(6)).min(1).optional(),
    /** IANA time zone; default the rule set's. */
    timezone: z.string().min(1).optional(),
  })
  .strict();
export type TimeWindow = z.infer<typeof timeWindowSchema>;

const componentMultipliers = z
  .object(Object.fromEntries(priceComponents.map((name) => [name, z.number().nonnegative().finite().optional()])))
  .strict() as z.ZodType<Partial<Record<PriceComponent, number>>>;

const ruleId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'letters, digits, . _ : -; up to 80 characters');

/**
 * A pricing rule. It applies to a request when every condition it names matches. `applies: price`
 * (the default) shapes what the customer pays; `applies: cost` shapes the upstream cost of a
 * channel (its own cache or peak-hour rules). `set` replaces parts of the price (a negotiated
 * price), `multiply` scales them (a discount, a peak surcharge, the batch discount).
 */
export const priceRuleSchema = z
  .object({
    id: ruleId,
    description: z.string().max(500).optional(),
    applies: z.enum(['price', 'cost']).default('price'),
    when: z
      .object({
        models: z.array(z.string().min(1)).min(1).optional(),
        plans: z.array(z.string().min(1)).min(1).optional(),
        organizations: z.array(z.string().min(1)).min(1).optional(),
        channels: z.array(z.string().min(1)).min(1).optional(),
        /** true: only Batch API requests; false: only real-time ones. */
        batch: z.boolean().optional(),
        window: timeWindowSchema.optional(),
      })
      .strict()
      .default({}),
    /** Replaces these parts of the price (per million tokens / per request, in `currency`). */
    set: z
      .object({
        ...Object.fromEntries(priceComponents.map((name) => [name, perMillion.optional()])),
        currency: z.enum(priceCurrencies).optional(),
      })
      .strict()
      .optional() as z.ZodOptional<z.ZodType<Partial<Record<PriceComponent, number>> & { currency?: 'CNY' | 'USD' }>>,
    /** Multiplies the price: one factor for every part, or a factor per part. */
    multiply: z.union([z.number().nonnegative().finite(), componentMultipliers]).optional(),
    /** Among matching rules of the same group only the first in the list applies (e.g. batch: model, then plan, then default). */
    group: z.string().min(1).max(80).optional(),
  })
  .strict()
  .refine((rule) => rule.set !== undefined || rule.multiply !== undefined, 'a rule needs `set` or `multiply`');
export type PriceRule = z.infer<typeof priceRuleSchema>;

/** Limits of a plan; an absent field means no limit of that kind. */
const limitValue = z.number().int().nonnegative();
export const planLimitsSchema = z
  .object({
    rpm: limitValue.optional(),
    rpd: limitValue.optional(),
    tpm: limitValue.optional(),
    tpd: limitValue.optional(),
  })
  .strict();

export const planSchema = z
  .object({
    name: z.string().min(1).optional(),
    /** Only models whose price is marked freeTier may be used. */
    freeTierOnly: z.boolean().default(false),
    /** Tokens per calendar month (UTC) granted free of charge; used before the balance. */
    monthlyGrantTokens: z.number().int().nonnegative().default(0),
    /** Requests beyond the grant are paid from the prepaid balance. */
    payAsYouGo: z.boolean().default(false),
    /** Limits per organization and model (multiplied by the spend level when levels apply). */
    limits: planLimitsSchema.default({}),
    /** Queueing priority under load: higher is served first. */
    priority: z.number().int().default(0),
    /** Whether spend levels raise this plan's limits. */
    levels: z.boolean().default(false),
    /** May use dedicated deployments (a hint for the router). */
    dedicatedDeployments: z.boolean().default(false),
    /**
     * Model fallbacks of this plan's organizations, by model id ('*': every model without its own
     * entry). A plan's list replaces the model's own list (an empty list: no fallback on this plan).
     */
    fallbacks: z.record(z.string().min(1), z.array(z.string().min(1))).optional(),
    /** Models this plan may use (empty or absent: every model its other settings allow). */
    allowedModels: z.array(z.string().min(1)).optional(),
  })
  .strict();
export type PlanSettings = z.infer<typeof planSchema>;

/** The default time zone of time-of-day windows. */
export const defaultPricingTimezone = 'Asia/Shanghai';

/**
 * The live edits of a price version over kaiyuan.yaml: a price, plan or rule here replaces the one
 * of the same name; null removes it.
 */
export const pricingOverlaySchema = z
  .object({
    timezone: z.string().min(1).optional(),
    prices: z.record(z.string(), priceSchema.nullable()).default({}),
    plans: z.record(z.string(), planSchema.nullable()).default({}),
    rules: z.record(z.string(), priceRuleSchema.nullable()).default({}),
  })
  .strict();
export type PricingOverlay = z.infer<typeof pricingOverlaySchema>;

/** A whole rule set: what one version prices by. */
export interface PricingDocument {
  timezone: string;
  prices: Record<string, PriceSettings>;
  plans: Record<string, PlanSettings>;
  rules: PriceRule[];
}

/** PUT /admin/v1/pricing/rules/{id}: the rule without its id (taken from the path). */
export const priceRuleInputSchema = z.record(z.string(), z.unknown());

/** A price version as the admin API shows it. */
export interface PriceVersionView {
  object: 'price_version';
  id: number;
  created_at: number;
  actor: string;
  note: string | null;
  document: PricingDocument;
}

/** The groupings of the margin report. */
export const marginDimensions = ['day', 'model', 'channel', 'plan', 'organization'] as const;
export type MarginDimension = (typeof marginDimensions)[number];

/** One line (or the totals) of the margin report; money as decimal strings and `…Nano` integers. */
export interface MarginLine {
  key: string;
  requests: number;
  prompt_tokens: number;
  cached_tokens: number;
  cache_write_tokens: number;
  completion_tokens: number;
  reasoning_tokens: number;
  /** cached_tokens / prompt_tokens (0 when no prompt tokens). */
  cache_hit_ratio: number;
  /** What was debited from balances. */
  revenue: string;
  revenueNano: number;
  /** The price of the usage by the rules (also what grants and packages paid for). */
  list_price: string;
  listPriceNano: number;
  upstream_cost: string;
  upstreamCostNano: number;
  gross_margin: string;
  grossMarginNano: number;
  /** gross margin / revenue (null when there is no revenue). */
  margin_percent: number | null;
}

export interface MarginReport {
  object: 'margin_report';
  from: number;
  to: number;
  by: MarginDimension;
  currency: string;
  timezone: string;
  lines: MarginLine[];
  totals: MarginLine;
  /** Upstream cost of usage paid by free grants: the cost of acquiring customers. */
  free_tier: { requests: number; upstream_cost: string; upstreamCostNano: number; organizations: number };
  /** Organizations that paid after using the free tier, and after how long. */
  conversion: { free_organizations: number; converted: number; median_days_to_pay: number | null };
  top_customers: Array<{ organization: string; revenue: string; revenueNano: number; gross_margin: string }>;
  /** Models and rules (by model) that sold below upstream cost in the period. */
  negative_margin: Array<{ model: string; revenue: string; upstream_cost: string; grossMarginNano: number }>;
  /** The ledger's usage debits over the same period: equal to totals.revenueNano. */
  ledger_usage_debits_nano: number;
}
