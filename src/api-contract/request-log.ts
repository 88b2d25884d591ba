import { z } from 'zod';
import { timeInput } from './values.ts';

export const requestLogStatuses = ['completed', 'client_disconnected', 'failed_midway', 'failed', 'refused'] as const;

/** GET /admin/v1/request-log: the filters (all optional). */
export const requestLogQuerySchema = z.object({
  /** Operator only: one organization (others always see their own). */
  orgId: z.string().min(1).optional(),
  from: timeInput.optional(),
  to: timeInput.optional(),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  /** Operator only. */
  channel: z.string().min(1).optional(),
  status: z.enum(requestLogStatuses).optional(),
  errorCode: z.string().min(1).optional(),
  httpStatus: z.coerce.number().int().min(100).max(599).optional(),
  requestId: z.string().min(1).optional(),
  /** Only requests that did not complete (any status but `completed`). */
  errorsOnly: z
    .union([z.boolean(), z.enum(['true', 'false', '1', '0'])])
    .transform((value) => value === true || value === 'true' || value === '1')
    .optional(),
  /** The next page: entries older than this entry id. */
  before: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});
export type RequestLogQuery = z.output<typeof requestLogQuerySchema>;

/** One request as the request log shows it. Operator-only fields are absent for organizations. */
export const requestLogEntrySchema = z.strictObject({
  object: z.literal('request_log_entry'),
  id: z.string(),
  requestId: z.string(),
  clientRequestId: z.string().nullable(),
  createdAt: z.number(),
  orgId: z.string().nullable(),
  /** The organization's name (null for refusals before authentication). */
  orgName: z.string().nullable(),
  keyId: z.string().nullable(),
  userId: z.string().nullable(),
  endpoint: z.string(),
  model: z.string(),
  status: z.enum(requestLogStatuses),
  httpStatus: z.number(),
  errorCode: z.string().nullable(),
  /** Our own message of a refusal; for the operator also the upstream's words on a failure. */
  errorDetail: z.string().nullable(),
  latencyMs: z.number(),
  ttftMs: z.number().nullable(),
  attempts: z.number(),
  promptTokens: z.number(),
  cachedTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number(),
  /** List price of the usage (decimal string in the billing currency); null without a usage record. */
  price: z.string().nullable(),
  priceNano: z.number().nullable(),
  /** What the balance was charged. */
  charged: z.string().nullable(),
  chargedNano: z.number().nullable(),
  /** What paid: balance, grant, package, none. */
  funding: z.string().nullable(),
  clientIp: z.string().nullable(),
  /** Operator only: the channel, the deployment that served, the ones tried, the upstream cost. */
  channel: z.string().nullable().optional(),
  deploymentId: z.string().nullable().optional(),
  deploymentsTried: z.array(z.string()).optional(),
  upstreamCost: z.string().nullable().optional(),
  upstreamCostNano: z.number().nullable().optional(),
  /** GET /admin/v1/request-log/{requestId} only, when bodies were kept for the organization. */
  requestBody: z.string().nullable().optional(),
  responseBody: z.string().nullable().optional(),
});
export type RequestLogEntry = z.infer<typeof requestLogEntrySchema>;
