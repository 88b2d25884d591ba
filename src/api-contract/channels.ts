import { z } from 'zod';
import { circuitStates, healthStates } from './deployments.ts';

/** Currencies a cost price may be in. */
export const costCurrencies = ['CNY', 'USD'] as const;

/**
 * What the upstream charges the operator for a model, per million tokens, in integer minor units
 * of the currency (fen, cents): 150 = ¥1.50 per million tokens.
 */
export const costPriceSchema = z.strictObject({
  currency: z.enum(costCurrencies).default('CNY'),
  input: z.number().int().nonnegative(),
  cachedInput: z.number().int().nonnegative().optional(),
  /** Per million prompt tokens written to an explicit cache (e.g. 125 % of input on Bailian). */
  cacheWrite: z.number().int().nonnegative().optional(),
  output: z.number().int().nonnegative(),
  /** Per million reasoning tokens where they cost differently from output. */
  reasoning: z.number().int().nonnegative().optional(),
  /** A fee per request, in minor units. */
  request: z.number().int().nonnegative().optional(),
});
export type CostPrice = z.infer<typeof costPriceSchema>;

/** One model a channel serves: the public name clients use and the id the upstream knows. */
export const channelModelSchema = z.strictObject({
  /** The public model name (what applications put in `model`). */
  name: z.string().min(1).max(200),
  /** The upstream's model id; defaults to the public name. */
  upstream: z.string().min(1).max(200).optional(),
  cost: costPriceSchema.optional(),
});
export type ChannelModel = z.infer<typeof channelModelSchema>;

const channelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'lower-case letters, digits, dot, dash or underscore; up to 63 characters');
const timeoutsInput = z.strictObject({
  connectMs: z.number().int().positive().optional(),
  firstByteMs: z.number().int().positive().optional(),
  idleMs: z.number().int().positive().optional(),
  totalMs: z.number().int().positive().optional(),
});

const channelFields = {
  /** The upstream protocol; a preset sets it. */
  type: z.enum(['openai-compatible', 'anthropic']).optional(),
  /** A preset (deepseek, siliconflow, vllm, …) that fills base URL, auth style, quirks and tags. */
  preset: z.string().min(1).optional(),
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  models: z.array(channelModelSchema).min(1),
  /** Region / residency tags (cn, global, …); default the preset's. */
  tags: z.array(z.string().min(1).max(40)).max(20).optional(),
  weight: z.number().min(0).default(1),
  /** Failover order: lower first. */
  priority: z.number().int().default(0),
  maxConcurrency: z.number().int().positive().nullable().optional(),
  timeouts: timeoutsInput.optional(),
  enabled: z.boolean().default(true),
};

/** POST /admin/v1/channels. Keys are write-only: stored sealed, never returned. */
export const channelCreateBody = z.strictObject({
  name: channelName,
  ...channelFields,
  apiKeys: z.array(z.string().min(1).max(4096)).max(50).default([]),
});
export type ChannelCreate = z.infer<typeof channelCreateBody>;

/**
 * PATCH /admin/v1/channels/{name}: the fields to change. `apiKeys` replaces every key;
 * `addApiKeys` adds keys; `removeKeys` drops keys by id.
 */
export const channelPatchBody = z
  .strictObject({
    type: channelFields.type,
    preset: z.string().min(1).nullable().optional(),
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .nullable()
      .optional(),
    models: z.array(channelModelSchema).min(1).optional(),
    tags: channelFields.tags,
    weight: z.number().min(0).optional(),
    priority: z.number().int().optional(),
    maxConcurrency: z.number().int().positive().nullable().optional(),
    timeouts: timeoutsInput.optional(),
    enabled: z.boolean().optional(),
    apiKeys: z.array(z.string().min(1).max(4096)).max(50).optional(),
    addApiKeys: z.array(z.string().min(1).max(4096)).max(50).optional(),
    removeKeys: z.array(z.string()).optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, 'name at least one field to change');
export type ChannelPatch = z.infer<typeof channelPatchBody>;

/** An upstream key as the API shows it: never the key, only a masked hint. */
export const channelKeyViewSchema = z.strictObject({
  id: z.string(),
  hint: z.string(),
  /** `rejected`: the upstream refused it (401/403/quota); it is out of rotation until a test passes. */
  status: z.enum(['active', 'rejected']),
  reason: z.string().nullable(),
  at: z.number().nullable(),
});
export type ChannelKeyView = z.infer<typeof channelKeyViewSchema>;

/** Live state of a channel on the replica that answers, summed over its deployments. */
export const channelStateSchema = z.strictObject({
  circuit: z.enum(circuitStates),
  health: z.enum(healthStates),
  inflight: z.number(),
  requests: z.number(),
  error_rate: z.number(),
  ttft_ewma_ms: z.number().nullable(),
  last_error: z.strictObject({ code: z.string(), message: z.string(), at: z.number() }).nullable(),
});

/** A channel: a live one (editable) or one defined by kaiyuan.yaml, a preset key or discovery (read-only). */
export const channelViewSchema = z.strictObject({
  object: z.literal('channel'),
  id: z.string(),
  name: z.string(),
  /** `live`: created at run time; `config`: kaiyuan.yaml; `preset`: a hosted preset's key variable; `discovery`, `simulator`. */
  source: z.enum(['live', 'config', 'preset', 'discovery', 'simulator']),
  read_only: z.boolean(),
  type: z.string(),
  preset: z.string().nullable(),
  base_url: z.string().nullable(),
  models: z.array(
    z.strictObject({
      name: z.string(),
      upstream: z.string(),
      deployment: z.string(),
      cost: costPriceSchema.nullable(),
    }),
  ),
  tags: z.array(z.string()),
  weight: z.number(),
  priority: z.number(),
  max_concurrency: z.number().nullable(),
  timeouts: z.record(z.string(), z.number()),
  enabled: z.boolean(),
  keys: z.array(channelKeyViewSchema),
  state: channelStateSchema,
  created_at: z.number().nullable(),
  updated_at: z.number().nullable(),
});
export type ChannelView = z.infer<typeof channelViewSchema>;

/** POST /admin/v1/channels/{name}/test: a real small request through every key. */
export const channelTestBody = z.strictObject({ model: z.string().min(1).optional() }).default({});

export const channelTestResultSchema = z.strictObject({
  object: z.literal('channel_test'),
  channel: z.string(),
  ok: z.boolean(),
  model: z.string().nullable(),
  latency_ms: z.number().nullable(),
  /** The upstream's own model list, when it has one. */
  upstream_models: z.array(z.string()).nullable(),
  keys: z.array(z.strictObject({ id: z.string(), hint: z.string(), ok: z.boolean(), error: z.string().nullable() })),
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
});
export type ChannelTestResult = z.infer<typeof channelTestResultSchema>;

/** One entry of the audit trail. */
export const auditEntrySchema = z.strictObject({
  object: z.literal('audit_entry'),
  id: z.string(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  target_type: z.string(),
  target_id: z.string(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;
