import { z } from 'zod';
import { roles } from './formats.ts';
import { timeInput } from './values.ts';

/** Request and token limits (per minute and per day); an absent field means no limit of that kind. */
export const keyLimitsSchema = z
  .object({
    rpm: z.number().int().nonnegative(),
    rpd: z.number().int().nonnegative(),
    tpm: z.number().int().nonnegative(),
    tpd: z.number().int().nonnegative(),
  })
  .partial()
  .strict();
export type KeyLimits = z.infer<typeof keyLimitsSchema>;

/** An API key as listed: never the secret, which only the create response carries. */
export const apiKeySchema = z.strictObject({
  object: z.literal('api_key'),
  id: z.string(),
  orgId: z.string(),
  userId: z.string().nullable(),
  name: z.string(),
  role: z.enum(roles),
  /** The first characters of the key, for recognising it in lists. */
  prefix: z.string(),
  /** Models the key may call; empty: every model of its plan. */
  allowedModels: z.array(z.string()),
  residencyTags: z.array(z.string()),
  limits: keyLimitsSchema,
  expiresAt: z.number().nullable(),
  enabled: z.boolean(),
  createdAt: z.number(),
  revokedAt: z.number().nullable(),
  /** May send per-request routing overrides (`x-kaiyuan-timeout-ms`, `x-kaiyuan-max-attempts`, `x-kaiyuan-fallback`). */
  routingOverrides: z.boolean(),
});
export type ApiKeyInfo = z.infer<typeof apiKeySchema>;

export const createdApiKeySchema = apiKeySchema.extend({
  /** The secret key: in this response only. */
  key: z.string(),
});
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;

const keyFields = {
  name: z.string().trim().min(1).max(100),
  allowedModels: z.array(z.string().min(1)),
  residencyTags: z.array(z.string().min(1)),
  limits: keyLimitsSchema,
  expiresAt: timeInput.nullable(),
  routingOverrides: z.boolean(),
};

export const createKeyBody = z
  .object({
    /** The operator names the organization; everyone else creates keys in their own. */
    orgId: z.string().min(1).optional(),
    role: z.enum(roles).optional(),
    ...keyFields,
  })
  .partial({
    allowedModels: true,
    residencyTags: true,
    limits: true,
    expiresAt: true,
    name: true,
    routingOverrides: true,
  })
  .strict();
export type CreateKeyInput = z.input<typeof createKeyBody>;

export const updateKeyBody = z
  .object({ ...keyFields, enabled: z.boolean() })
  .partial()
  .strict();
export type UpdateKeyInput = z.input<typeof updateKeyBody>;

/** GET /admin/v1/keys/usage: per key, when it was last used (90 days), this month's requests and spend, today's use. */
export const keyUsageSchema = z.strictObject({
  object: z.literal('api_key.usage'),
  keyId: z.string(),
  lastUsedAt: z.number().nullable(),
  requestsThisMonth: z.number(),
  /** Decimal string in the billing currency. */
  spendThisMonth: z.string(),
  currency: z.string(),
  requestsToday: z.number(),
  tokensToday: z.number(),
});
export type KeyUsage = z.infer<typeof keyUsageSchema>;
