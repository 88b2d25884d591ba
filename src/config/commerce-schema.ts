import { z } from 'zod';

/**
 * Plans, prices and billing settings (the `commerce:` section of kaiyuan.yaml).
 * Defaults live in billing/default-plans.ts and billing/default-prices.ts; what is configured
 * here is merged over them (a plan or price of the same name replaces the default one).
 */

export const currencySchema = z.enum(['CNY', 'USD']);
export type Currency = z.infer<typeof currencySchema>;

const limitValue = z.number().int().nonnegative();

/** Request and token limits; an absent field means no limit of that kind. */
export const limitsSchema = z
  .object({
    rpm: limitValue.optional(),
    rpd: limitValue.optional(),
    tpm: limitValue.optional(),
    tpd: limitValue.optional(),
  })
  .strict();
export type LimitSettings = z.infer<typeof limitsSchema>;

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
    limits: limitsSchema.default({}),
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
  })
  .strict();
export type PlanSettings = z.infer<typeof planSchema>;

export const priceSchema = z
  .object({
    /** Price per million input (prompt) tokens, in `currency` units. */
    input: z.number().nonnegative(),
    /** Price per million prompt tokens served from the cache; defaults to the input price. */
    cachedInput: z.number().nonnegative().optional(),
    /** Price per million output (completion) tokens. */
    output: z.number().nonnegative().default(0),
    currency: currencySchema.default('CNY'),
    /** Usable on plans restricted to free-tier models. */
    freeTier: z.boolean().default(false),
  })
  .strict();
export type PriceSettings = z.infer<typeof priceSchema>;

/** A spend level (SiliconFlow-style): cumulative paid spend of at least minSpend multiplies the plan's limits. */
export const levelSchema = z
  .object({ name: z.string().min(1), minSpend: z.number().nonnegative(), multiplier: z.number().positive() })
  .strict();
export type LevelSettings = z.infer<typeof levelSchema>;

export const commerceSchema = z
  .object({
    /**
     * Accounts, keys, limits and billing. false runs an open gateway: no authentication on /v1,
     * nothing metered (benchmark floor and tests of the inference core only).
     */
    enabled: z.boolean().default(true),
    /** The currency balances, ledgers and statements are kept in. */
    currency: currencySchema.default('CNY'),
    /** How many units of the billing currency one unit of the other currency is worth. */
    exchangeRates: z
      .object({ CNY: z.number().positive().optional(), USD: z.number().positive().optional() })
      .strict()
      .default({}),
    /** The plan of organizations created without one. */
    defaultPlan: z.string().min(1).default('free'),
    plans: z.record(z.string(), planSchema).default({}),
    prices: z.record(z.string(), priceSchema).default({}),
    /**
     * The price of models missing from the price book. null (the default) refuses such models on
     * paid plans (403 model_not_priced); free-tier-only plans never reach unpriced models.
     */
    defaultPrice: priceSchema.nullable().default(null),
    levels: z.array(levelSchema).optional(),
    /** Prompt-estimate safety margin when reserving balance and token limits (1.1 = +10%). */
    estimateMargin: z.number().min(1).default(1.1),
    /**
     * The batch discount: the price multiplier of requests made through the Batch API (0.5 = half
     * price), by default, per plan and per model (a model's entry wins over its plan's).
     */
    batchPricing: z
      .object({
        multiplier: z.number().min(0).max(1).default(0.5),
        plans: z.record(z.string(), z.number().min(0).max(1)).default({}),
        models: z.record(z.string(), z.number().min(0).max(1)).default({}),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type CommerceConfig = z.infer<typeof commerceSchema>;
