import { z } from 'zod';

/**
 * Plans, prices and billing settings (the `commerce:` section of kaiyuan.yaml).
 * Defaults live in billing/default-plans.ts and billing/default-prices.ts.
 */
export const commerceSchema = z
  .object({
    currency: z.enum(['CNY', 'USD']).default('CNY'),
  })
  .strict();
export type CommerceConfig = z.infer<typeof commerceSchema>;
