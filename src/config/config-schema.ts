import { z } from 'zod';
import { providerPresets } from '../providers/presets/index.ts';
import { quirkNames, quirkSchemas, upstreamProtocols } from '../providers/upstream-protocols.ts';
import { commerceSchema } from './commerce-schema.ts';
import { signupSchema } from './signup-schema.ts';
import { paymentsSchema } from './payments-schema.ts';

/** Timeouts of one upstream call, in milliseconds. */
export const timeoutsSchema = z
  .object({
    connectMs: z.number().int().positive().default(5_000),
    firstByteMs: z.number().int().positive().default(60_000),
    /** Longest silence between two chunks of a stream. */
    idleMs: z.number().int().positive().default(60_000),
    totalMs: z.number().int().positive().default(600_000),
  })
  .strict();
export type Timeouts = z.infer<typeof timeoutsSchema>;

export const providerTypes = [...upstreamProtocols, 'simulator'] as const;

const presetNames = Object.keys(providerPresets).sort() as [string, ...string[]];

export const providerConfigSchema = z
  .object({
    type: z.enum(providerTypes).default('openai-compatible'),
    /** A named hosted-vendor or local-engine preset (deepseek, vllm, …) that fills base URL, auth and quirks. */
    preset: z.enum(presetNames).optional(),
    baseUrl: z.url().optional(),
    apiKey: z.string().min(1).optional(),
    /** Name of the environment variable that holds the key (read at start). */
    apiKeyEnv: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).default({}),
    /** Region / jurisdiction tags inherited by this provider's deployments, e.g. [cn]. */
    tags: z.array(z.string()).default([]),
    /**
     * Protocol quirks that override the preset's, validated with the quirk schema of the
     * provider's protocol (the preset's protocol, else `type`): providers/upstream-protocols.ts.
     */
    quirks: z.record(z.string(), z.unknown()).default({}),
    maxConnections: z.number().int().positive().default(256),
    timeouts: timeoutsSchema.partial().default({}),
    /** Options of the simulator provider (type: simulator). */
    simulator: z.record(z.string(), z.unknown()).default({}),
  })
  .strict()
  .superRefine(checkProviderProtocol);

/** The protocol a configured provider speaks: its preset's, else its type. */
export function providerProtocol(provider: { type: ProviderType; preset?: string }): ProviderType {
  return provider.preset ? providerPresets[provider.preset]!.protocol : provider.type;
}

type ProviderType = (typeof providerTypes)[number];

/** Quirks valid for the provider's protocol, and a base URL from the provider or its preset. */
function checkProviderProtocol(
  provider: { type: ProviderType; preset?: string; baseUrl?: string; quirks: Record<string, unknown> },
  context: z.RefinementCtx,
): void {
  const protocol = providerProtocol(provider);
  if (protocol !== 'simulator' && !provider.baseUrl && !provider.preset) {
    context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'a URL (required unless a preset gives one)' });
  }
  if (protocol === 'simulator') {
    for (const key of Object.keys(provider.quirks)) {
      context.addIssue({ code: 'custom', path: ['quirks', key], message: 'no quirks on a simulator provider' });
    }
    return;
  }
  const result = quirkSchemas[protocol].safeParse(provider.quirks);
  if (result.success) return;
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        context.addIssue({
          code: 'custom',
          path: ['quirks', ...issue.path, key],
          message: `a quirk of the ${protocol} protocol (${quirkNames(protocol).join(', ')})`,
        });
      }
    } else {
      context.addIssue({ ...issue, path: ['quirks', ...issue.path] } as Parameters<typeof context.addIssue>[0]);
    }
  }
}
export type ProviderConfig = z.infer<typeof providerConfigSchema>;

/** Classes of upstream failure a deployment's retry policy names. */
export const failureKinds = ['rate_limited', 'server_error', 'timeout', 'connection', 'stream_cut', 'auth'] as const;
export type FailureKind = (typeof failureKinds)[number];

/** Which failures of a deployment move on to another attempt, and how often it is tried per request. */
export const retryPolicySchema = z
  .object({
    /** Failure kinds that are retried (default: all of them); any other failure ends the request. */
    on: z.array(z.enum(failureKinds)).optional(),
    /** Most attempts on this deployment within one request. */
    attempts: z.number().int().positive().optional(),
  })
  .strict();
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

export const deploymentSchema = z
  .object({
    id: z.string().min(1).optional(),
    provider: z.string().min(1),
    /** The model id the upstream knows; defaults to the client-facing name. */
    model: z.string().min(1).optional(),
    weight: z.number().nonnegative().default(1),
    priority: z.number().int().default(0),
    tags: z.array(z.string()).default([]),
    /** Operator's own cost per million tokens, used by the lowest-cost strategy. */
    cost: z
      .object({
        input: z.number().nonnegative(),
        output: z.number().nonnegative(),
        cachedInput: z.number().nonnegative().optional(),
        cacheWrite: z.number().nonnegative().optional(),
        reasoning: z.number().nonnegative().optional(),
        request: z.number().nonnegative().optional(),
        /** Default: the billing currency (commerce.currency). */
        currency: z.enum(['CNY', 'USD']).optional(),
      })
      .strict()
      .optional(),
    maxConcurrency: z.number().int().positive().optional(),
    timeouts: timeoutsSchema.partial().default({}),
    retry: retryPolicySchema.optional(),
    enabled: z.boolean().default(true),
  })
  .strict();
export type DeploymentConfig = z.infer<typeof deploymentSchema>;

export const capabilityNames = [
  'chat',
  'completions',
  'tools',
  'json_schema',
  'reasoning',
  'embeddings',
  'vision',
  'rerank',
] as const;
export type Capability = (typeof capabilityNames)[number];

export const routingStrategies = ['priority', 'weighted', 'least-latency', 'lowest-cost'] as const;
export type RoutingStrategy = (typeof routingStrategies)[number];

export const modelConfigSchema = z
  .object({
    /** A card of the model catalog (config/model-catalog.ts) whose metadata this model takes. */
    catalog: z.string().optional(),
    name: z.string().optional(),
    ownedBy: z.string().optional(),
    contextLength: z.number().int().positive().optional(),
    capabilities: z.array(z.enum(capabilityNames)).optional(),
    license: z.string().optional(),
    /** What the model is good at, shown in /v1/models and the console (default: the catalog card's). */
    description: z.string().max(2_000).optional(),
    /** Parameter count as published, e.g. "8B" or "671B-A37B" (default: the catalog card's). */
    parameters: z.string().max(40).optional(),
    strategy: z.enum(routingStrategies).default('priority'),
    /**
     * Other models to try, in order, when this one has no healthy deployment, all its attempts
     * failed, or the prompt exceeds its context window. Admission runs again for each.
     */
    fallbacks: z.array(z.string().min(1)).default([]),
    /** Whether a fallback may go to a model with a higher price (otherwise such fallbacks are skipped). */
    fallbackToPricier: z.boolean().default(false),
    deployments: z.array(deploymentSchema).min(1),
  })
  .strict();
export type ModelConfig = z.infer<typeof modelConfigSchema>;

export const discoverySchema = z
  .object({
    enabled: z.boolean().default(true),
    ollamaUrl: z.url().default('http://127.0.0.1:11434'),
    /** Further OpenAI-compatible servers (vLLM, SGLang, llama.cpp, LM Studio) to probe at start. */
    servers: z
      .array(z.object({ name: z.string().min(1), baseUrl: z.url(), apiKey: z.string().optional() }).strict())
      .default([]),
    timeoutMs: z.number().int().positive().default(800),
  })
  .strict();

export const routingSchema = z
  .object({
    /** Most upstream attempts per request, across deployments. */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    /**
     * Cache-aware routing: a conversation (same key and opening, or the same `user` /
     * `prompt_cache_key`) keeps to one of equally ranked deployments while it is healthy, so the
     * upstream's prompt cache hits. false spreads every request at random by weight.
     */
    cacheAffinity: z.boolean().default(true),
    /**
     * The deadline for an answer to start, in ms: the queue wait, every attempt (connect, first
     * byte — the whole answer when not streamed) and the backoff between attempts fit in it.
     */
    budgetMs: z.number().int().positive().default(120_000),
    backoffBaseMs: z.number().int().nonnegative().default(200),
    backoffMaxMs: z.number().int().nonnegative().default(5_000),
    /**
     * How answers name the deployment that served them (`x-kaiyuan-deployment`,
     * `x-kaiyuan-provider`, the providers of /v1/models): `opaque` shows customers a stable
     * pseudonym (`dep_…`) and the protocol family, the operator the real names; `names` shows
     * everyone the real names.
     */
    deploymentHeaders: z.enum(['opaque', 'names']).default('opaque'),
    /** Waiting for a free slot when deployments with maxConcurrency are saturated. */
    queue: z
      .object({
        freeMaxWaitMs: z.number().int().nonnegative().default(2_000),
        paidMaxWaitMs: z.number().int().nonnegative().default(30_000),
      })
      .strict()
      .default({ freeMaxWaitMs: 2_000, paidMaxWaitMs: 30_000 }),
    /** Active health checks of deployments that had no traffic for a while. */
    healthCheck: z
      .object({
        enabled: z.boolean().default(true),
        intervalMs: z.number().int().positive().default(30_000),
        timeoutMs: z.number().int().positive().default(5_000),
      })
      .strict()
      .default({ enabled: true, intervalMs: 30_000, timeoutMs: 5_000 }),
    circuit: z
      .object({
        /** Consecutive failures that open a deployment's circuit. */
        failureThreshold: z.number().int().positive().default(3),
        cooldownMs: z.number().int().positive().default(10_000),
        maxCooldownMs: z.number().int().positive().default(120_000),
        /** Share of failed calls in the sliding window that opens the circuit (with at least minimumCalls). */
        failureRate: z.number().gt(0).max(1).default(0.5),
        minimumCalls: z.number().int().positive().default(10),
        windowMs: z.number().int().positive().default(60_000),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type RoutingConfig = z.infer<typeof routingSchema>;

/** The data workbench (the `data:` section; the data directory itself is `dataDir`). */
export const dataSchema = z
  .object({
    /** Store dataset version files gzip-compressed (smaller, slower to write). */
    gzip: z.boolean().default(false),
    /** The largest file a dataset upload accepts, in MB (raise it for bigger corpora; uploads stream to disk). */
    uploadLimitMb: z.number().positive().default(1_024),
  })
  .strict();

/** The OpenAI Responses API (`/v1/responses`): how long stored responses are kept. */
export const responsesSchema = z
  .object({
    /** Days a stored response (and its conversation) is kept for previous_response_id and GET; then it is gone. */
    retentionDays: z.number().positive().default(30),
  })
  .strict();

/** The request log (`requestLog:`): one row per API request, written in batches off the hot path. */
export const requestLogSchema = z
  .object({
    /** Record every API request (served, failed, refused); false writes nothing. */
    enabled: z.boolean().default(true),
    /** Days a log row is kept; a background job deletes older rows in small batches. */
    retentionDays: z.number().positive().default(30),
    /** Longest a row waits in memory before its batch is written, in ms. */
    flushIntervalMs: z.number().int().positive().default(1_000),
    /** Rows held in memory at most (a store that cannot keep up loses the newest rows, counted in the log). */
    maxQueued: z.number().int().positive().default(20_000),
    /**
     * Rows of requests refused for a missing or wrong credential (401) kept per minute and process;
     * the rest are counted, not written (an unauthenticated flood must not fill the log). 0: none.
     */
    unauthenticatedPerMinute: z.number().int().nonnegative().default(60),
    /** Request and response bodies: off unless enabled, for all organizations or the ones listed. */
    bodies: z
      .object({
        enabled: z.boolean().default(false),
        /** Organizations whose bodies are kept; empty with `enabled`: every organization. */
        organizations: z.array(z.string().min(1)).default([]),
        /** Bytes kept of each body (the rest is cut, marked with an ellipsis). */
        maxBytes: z.number().int().positive().max(1_048_576).default(16_384),
        /** Days bodies are kept (usually shorter than the rows). */
        retentionDays: z.number().positive().default(7),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type RequestLogConfig = z.infer<typeof requestLogSchema>;

/** Background jobs (in-process, or BullMQ with redis.url). */
export const jobsSchema = z
  .object({
    /** Prefix of the queues' Redis keys (several platforms sharing one Redis). */
    queuePrefix: z.string().min(1).default('kaiyuan'),
    /** Run job workers in the server process; false leaves them to `kaiyuan worker` (BullMQ only). */
    workerInServer: z.boolean().default(true),
  })
  .strict();

/** Files and the Batch API (`/v1/files`, `/v1/batches`). */
export const batchesSchema = z
  .object({
    /** The largest file `POST /v1/files` accepts, in MB. */
    fileLimitMb: z.number().positive().default(100),
    /** What all files of one organization may take together, in MB. */
    storageQuotaMb: z.number().positive().default(2048),
    /** The most request lines one batch file may hold. */
    maxLines: z.number().int().positive().default(50_000),
    /** Lines of one batch in flight at once (real-time requests keep priority over them). */
    concurrency: z.number().int().positive().default(4),
    /** How long one slice of a batch runs before it yields the job queue to other jobs, in seconds. */
    sliceSeconds: z.number().positive().default(20),
    /** A running batch renews its lease this often; one not renewed for this long is resumed elsewhere. */
    leaseSeconds: z.number().positive().default(30),
    /** Output and error files are kept this many days, input files until deleted. */
    outputRetentionDays: z.number().positive().default(30),
  })
  .strict();
export type BatchesConfig = z.infer<typeof batchesSchema>;

/**
 * Credentials, best set from the environment. Never logged or shown in messages: logs redact the
 * section, and config errors print "(hidden)" for its values.
 */
/** The HTTP server: where it listens, what it accepts, how long it waits (docs/security.md lists the limits). */
export const serverSchema = z
  .object({
    host: z.string().default('0.0.0.0'),
    port: z.number().int().min(0).max(65_535).default(8080),
    /** Largest JSON body of an authenticated request (inference requests carry images), in MB. */
    bodyLimitMb: z.number().positive().default(32),
    /**
     * Largest body read before the client is authenticated (sign-in, setup, routes that opt out of
     * authenticating first), in KB. Authenticated routes read no body before the credential is checked.
     */
    preAuthBodyLimitKb: z.number().positive().default(64),
    /**
     * Whose X-Forwarded-For to believe: false (no one: the peer address is the client), true
     * (every hop: only when nothing but the load balancer can reach the server), or a list of the
     * load balancers' addresses / CIDR ranges.
     */
    trustProxy: z.union([z.boolean(), z.array(z.string().min(1)).min(1)]).default(false),
    /**
     * Requests per client address (IPv6: per /64) to the routes answered without a credential,
     * counted in the shared limiter (Redis when set); 429 with Retry-After beyond. Sign-in has its
     * own throttle; health, readiness, metrics and the console's static files are not limited.
     */
    addressLimits: z
      .object({
        enabled: z.boolean().default(true),
        /** Sign-up, password reset, e-mail verification, first-start setup. */
        accountPerMinute: z.number().int().positive().default(10),
        accountPerHour: z.number().int().positive().default(60),
        /** Other routes without a credential (public catalog, session state, sign-out). */
        publicPerMinute: z.number().int().positive().default(300),
        /** Payment callbacks (verified by the providers' signatures). */
        callbackPerMinute: z.number().int().positive().default(600),
      })
      .strict()
      .prefault({}),
    /** Time to receive a request's headers before the connection is closed (408). */
    headersTimeoutMs: z.number().int().positive().default(30_000),
    /** Time to receive a whole request (headers and body; uploads included) before it is closed (408). */
    requestTimeoutMs: z.number().int().positive().default(300_000),
    /** How long an idle keep-alive connection stays open between requests. */
    keepAliveTimeoutMs: z.number().int().positive().default(65_000),
    /** A connection with no bytes in either direction for this long is closed (slow or stuck peers). */
    idleTimeoutMs: z.number().int().positive().default(300_000),
    /** On SIGTERM: how long answers in flight (streams) may finish before their connections are cut. */
    shutdownGraceMs: z.number().int().nonnegative().default(25_000),
    /**
     * Request processes on the one port (`kaiyuan serve --workers`): a number, or `auto` for one per
     * core. 1 (the default) is a single process as before; more run under a primary that owns the
     * shared counters (docs/decisions/025-workers.md).
     */
    workers: z
      .union([
        z.number().int().min(1).max(256),
        z.literal('auto'),
        z
          .string()
          .regex(/^[1-9][0-9]{0,2}$/, 'a number of workers or auto')
          .transform(Number),
      ])
      .default(1),
  })
  .strict();

export const secretsSchema = z
  .object({
    /** The operator's admin token; without one the first start generates one and prints it once. */
    adminToken: z.string().min(16).optional(),
    /**
     * Upstream API keys by provider name. A hosted preset's name enables that preset (as its
     * `*_API_KEY` variable does); a name under `providers:` is that provider's key when it sets no
     * `apiKey`. The loader adds the keys the environment holds (environment first).
     */
    providerKeys: z.record(z.string(), z.string().min(1)).default({}),
    /**
     * The master key that encrypts stored secrets (channel and payment keys): 32 bytes as base64
     * or hex. Without one, the first start writes a random key to `<dataDir>/master.key`; set
     * it explicitly when replicas share a database.
     */
    masterKey: z.string().min(1).optional(),
    /** Earlier master keys, comma-separated, still accepted for reading during a rotation. */
    previousMasterKeys: z.string().min(1).optional(),
  })
  .strict();

const hostedPresetNames = Object.values(providerPresets)
  .filter((preset) => preset.kind === 'hosted')
  .map((preset) => preset.name)
  .sort();

export const configSchema = z
  .object({
    server: serverSchema.prefault({}),
    dataDir: z.string().min(1).default('./data'),
    database: z
      .object({ url: z.string().min(1).optional() })
      .strict()
      .default({}),
    redis: z
      .object({ url: z.string().min(1).optional() })
      .strict()
      .default({}),
    logging: z
      .object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') })
      .strict()
      .default({ level: 'info' }),
    /** The built-in simulator provider and its models (sim-chat, sim-reasoner, sim-embed, sim-rerank). */
    simulator: z
      .object({ enabled: z.boolean().default(true), options: z.record(z.string(), z.unknown()).default({}) })
      .strict()
      .default({ enabled: true, options: {} }),
    discovery: discoverySchema.default({
      enabled: true,
      ollamaUrl: 'http://127.0.0.1:11434',
      servers: [],
      timeoutMs: 800,
    }),
    routing: routingSchema.default(routingSchema.parse({})),
    providers: z.record(z.string(), providerConfigSchema).default({}),
    models: z.record(z.string(), modelConfigSchema).default({}),
    commerce: commerceSchema.default(commerceSchema.parse({})),
    signup: signupSchema.prefault({}),
    payments: paymentsSchema.prefault({}),
    data: dataSchema.prefault({}),
    jobs: jobsSchema.prefault({}),
    responses: responsesSchema.prefault({}),
    batches: batchesSchema.prefault({}),
    requestLog: requestLogSchema.prefault({}),
    secrets: secretsSchema.prefault({}),
  })
  .strict()
  .superRefine(checkProviderKeyNames);

/** A key in `secrets.providerKeys` belongs to a configured provider or enables a hosted preset. */
function checkProviderKeyNames(
  config: { providers: Record<string, unknown>; secrets: { providerKeys: Record<string, string> } },
  context: z.RefinementCtx,
): void {
  for (const name of Object.keys(config.secrets.providerKeys)) {
    if (Object.hasOwn(config.providers, name) || hostedPresetNames.includes(name)) continue;
    context.addIssue({
      code: 'custom',
      path: ['secrets', 'providerKeys', name],
      message: `the name of a provider under providers: or of a hosted preset (${hostedPresetNames.join(', ')})`,
    });
  }
}

export type KaiyuanConfig = z.infer<typeof configSchema>;
export type KaiyuanConfigInput = z.input<typeof configSchema>;
