import { z } from 'zod';
import { keyLimitsSchema } from './api-keys.ts';
import { amountInput, timeInput } from './values.ts';

/** Amounts the API returns: decimal strings in currency units ("12.50"); `…Nano` fields are integer nano-units. */
const amount = z.string();

/** The billing currency, an ISO 4217 code (CNY, USD). */
const currency = z.string();
export const ledgerKinds = [
  'top_up',
  'redemption',
  'usage_debit',
  'refund',
  'adjustment',
  'grant',
  'package_purchase',
  'payment',
  'payment_refund',
] as const;
export type LedgerKind = (typeof ledgerKinds)[number];

export const ledgerEntrySchema = z.strictObject({
  object: z.literal('ledger_entry'),
  id: z.string(),
  orgId: z.string(),
  kind: z.enum(ledgerKinds),
  /** Signed: credits positive, debits negative. */
  amount,
  amountNano: z.number(),
  balanceAfter: amount,
  /** The same key never credits or debits twice. */
  idempotencyKey: z.string(),
  description: z.string(),
  /** The description as a stable code (null: free text an operator wrote), for translation. */
  descriptionCode: z.string().nullable().optional(),
  descriptionParams: z.record(z.string(), z.string()).optional(),
  createdAt: z.number(),
});
export type LedgerEntry = z.infer<typeof ledgerEntrySchema>;

/** POST …/top-ups: the entry, and whether it was applied now (false: the idempotency key was seen before). */
export const creditResultSchema = ledgerEntrySchema.extend({ applied: z.boolean() });
export type CreditResult = z.infer<typeof creditResultSchema>;

export const balanceSchema = z.strictObject({
  object: z.literal('balance'),
  orgId: z.string(),
  currency,
  balance: amount,
  balanceNano: z.number(),
  /** Paid spend so far: decides the spend level. */
  spentTotal: amount,
  planId: z.string(),
  level: z.string(),
  /** Effective per-model limits of the organization: plan × spend level, or its custom limits. */
  limits: keyLimitsSchema,
});
export type Balance = z.infer<typeof balanceSchema>;

export const planSchema = z.strictObject({
  object: z.literal('plan'),
  id: z.string(),
  name: z.string(),
  /** Only models whose price is marked freeTier may be used. */
  freeTierOnly: z.boolean(),
  /** Tokens per calendar month (UTC) granted free of charge; used before the balance. */
  monthlyGrantTokens: z.number(),
  /** Requests beyond the grant are paid from the prepaid balance. */
  payAsYouGo: z.boolean(),
  /** Limits per organization and model (multiplied by the spend level when levels apply). */
  limits: keyLimitsSchema,
  /** Queueing priority under load: higher is served first. */
  priority: z.number(),
  /** Whether spend levels raise this plan's limits. */
  levels: z.boolean(),
  dedicatedDeployments: z.boolean(),
  /** Models the plan may use (absent: all its other settings allow). */
  allowedModels: z.array(z.string()).optional(),
});
export type Plan = z.infer<typeof planSchema>;

/** A model's price per million tokens, in `currency` units. */
export const priceSchema = z.strictObject({
  object: z.literal('price'),
  model: z.string(),
  input: z.number(),
  cachedInput: z.number(),
  /** Per million prompt tokens written to an explicit cache, where priced apart. */
  cacheWrite: z.number().optional(),
  output: z.number(),
  /** Per million reasoning tokens, where priced apart from output. */
  reasoning: z.number().optional(),
  /** A fee per request, in currency units. */
  request: z.number().optional(),
  currency,
  freeTier: z.boolean(),
  /** The model is missing from the price book and the configured default price applies. */
  isDefault: z.boolean(),
});
export type Price = z.infer<typeof priceSchema>;

export const redemptionCodeSchema = z.strictObject({
  object: z.literal('redemption_code'),
  id: z.string(),
  batchId: z.string(),
  amount,
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  redeemedOrgId: z.string().nullable(),
  redeemedAt: z.number().nullable(),
});
export type RedemptionCode = z.infer<typeof redemptionCodeSchema>;

/** POST /admin/v1/redemption-codes: the plain codes, shown this once (stored only as hashes). */
export const redemptionBatchSchema = z.strictObject({
  object: z.literal('redemption_batch'),
  batchId: z.string(),
  amount,
  amountNano: z.number(),
  codes: z.array(z.string()),
  expiresAt: z.number().nullable(),
});
export type RedemptionBatch = z.infer<typeof redemptionBatchSchema>;

export const statementLineSchema = z.strictObject({
  model: z.string(),
  requests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  cost: amount,
  charged: amount,
});
export type StatementLine = z.infer<typeof statementLineSchema>;

/** A month's statement of an organization, from the ledger and the usage records. */
export const monthlyStatementSchema = z.strictObject({
  object: z.literal('statement'),
  orgId: z.string(),
  /** YYYY-MM (UTC). */
  month: z.string(),
  currency,
  openingBalance: amount,
  closingBalance: amount,
  /** Sums of ledger amounts by kind (credits positive, debits negative). */
  ledgerTotals: z.record(z.string(), amount),
  usage: z.array(statementLineSchema),
  totalCost: amount,
  totalCharged: amount,
});
export type MonthlyStatement = z.infer<typeof monthlyStatementSchema>;

const creditFields = {
  /** Default: a key of the server's own; retries with the same key never credit twice. */
  idempotencyKey: z.string().min(1).max(200).optional(),
  description: z.string().max(500).optional(),
};
/** A credit: top-up, refund or grant (positive amounts). */
export const creditBody = z
  .object({ kind: z.enum(['top_up', 'refund', 'grant']).default('top_up'), amount: amountInput, ...creditFields })
  .strict();
/** An adjustment: a signed amount. */
export const adjustmentBody = z
  .object({ kind: z.literal('adjustment'), amount: amountInput, ...creditFields })
  .strict();
/** POST /admin/v1/organizations/{orgId}/top-ups (operator). */
export type CreditInput = z.input<typeof creditBody> | z.input<typeof adjustmentBody>;

export const redemptionCodesBody = z
  .object({
    count: z.number().int().min(1).max(10_000),
    amount: amountInput,
    expiresAt: timeInput.nullable().optional(),
  })
  .strict();
export type RedemptionCodesInput = z.input<typeof redemptionCodesBody>;

export const redeemBody = z
  .object({
    code: z.string().trim().min(4).max(64),
    /** The operator redeems for a named organization; everyone else for their own. */
    orgId: z.string().min(1).optional(),
  })
  .strict();
export type RedeemInput = z.input<typeof redeemBody>;
