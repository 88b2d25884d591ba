import { z } from 'zod';

const amount = z.string();

/** One metered request, as GET /admin/v1/usage returns it (amounts: decimal strings and nano-units). */
export const usageRecordSchema = z.strictObject({
  object: z.literal('usage_record'),
  requestId: z.string(),
  orgId: z.string().nullable(),
  keyId: z.string().nullable(),
  userId: z.string().nullable(),
  endpoint: z.string(),
  model: z.string(),
  deploymentId: z.string().nullable(),
  provider: z.string().nullable(),
  promptTokens: z.number(),
  cachedTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number(),
  /** What the upstream cost the platform. */
  cost: amount,
  costNano: z.number(),
  /** What the customer was charged. */
  charged: amount,
  chargedNano: z.number(),
  /** What paid for it: the balance, the free grant… */
  funding: z.string(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  /** completed | client_disconnected | failed_midway | failed */
  status: z.string(),
  /** Usage estimated (the upstream reported none). */
  estimated: z.boolean(),
  errorCode: z.string().nullable(),
  createdAt: z.number(),
});
export type UsageRecord = z.infer<typeof usageRecordSchema>;

/** GET /admin/v1/usage/summary: one row per bucket, model and key. */
export const usageSummaryRowSchema = z.strictObject({
  /** Start of the hour or day (epoch ms, UTC). */
  bucket: z.number(),
  model: z.string(),
  keyId: z.string().nullable(),
  requests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  cost: amount,
  costNano: z.number(),
  charged: amount,
  chargedNano: z.number(),
  /** Requests that did not complete. */
  errors: z.number(),
});
export type UsageSummaryRow = z.infer<typeof usageSummaryRowSchema>;
