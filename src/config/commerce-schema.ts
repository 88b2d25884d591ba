import { z } from 'zod';
import {
  defaultPricingTimezone,
  planLimitsSchema,
  planSchema,
  priceRuleSchema,
  priceSchema,
  type PlanSettings,
  type PriceSettings,
} from '../api-contract/pricing.ts';

/**
 * Plans, prices and billing settings (the `commerce:` section of kaiyuan.yaml).
 * Defaults live in billing/default-plans.ts and billing/default-prices.ts; what is configured
 * here is merged over them (a plan or price of the same name replaces the default one).
 */

export const currencySchema = z.enum(['CNY', 'USD']);
export type Currency = z.infer<typeof currencySchema>;

export { planSchema, priceSchema };
export type { PlanSettings, PriceSettings };
export type LimitSettings = z.infer<typeof planLimitsSchema>;
export const limitsSchema = planLimitsSchema;

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
    /** Pricing rules (plan or organization prices, peak windows, channel rules): see docs/billing.md. */
    rules: z.array(priceRuleSchema).default([]),
    /** The time zone of the rules' time-of-day windows. */
    timezone: z.string().min(1).default(defaultPricingTimezone),
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
