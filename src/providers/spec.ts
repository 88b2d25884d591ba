/**
 * The provider contract. A provider turns an OpenAI-shaped request into a call to one upstream
 * protocol and the answer back into OpenAI shape. Providers know nothing of our HTTP server,
 * store or accounts: they get their transport and settings through ProviderSettings.
 */
import type { Dispatcher } from 'undici';
import type { CancelSignal } from '../util/cancel-signal.ts';
import { KaiyuanError } from '../util/errors.ts';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from the upstream's prompt cache (billed at the cached-input price). */
  cachedTokens: number;
  /** Completion tokens spent on reasoning (already included in completionTokens). */
  reasoningTokens: number;
  /** Prompt tokens written to an explicit cache (already included in promptTokens; billed at the cache-write price). */
  cacheWriteTokens?: number;
}

export const zeroUsage: Usage = Object.freeze({
  promptTokens: 0,
  completionTokens: 0,
  cachedTokens: 0,
  reasoningTokens: 0,
});

/**
 * Reads an OpenAI-shaped `usage` object (chat, completions, embeddings, Responses) into Usage, with
 * the cache and reasoning fields each vendor adds:
 * - OpenAI, Zhipu, Volcengine Ark, Qianfan, DashScope: `prompt_tokens_details.cached_tokens`,
 *   `completion_tokens_details.reasoning_tokens` (all part of prompt / completion tokens);
 * - DashScope explicit cache: `prompt_tokens_details.cache_creation_input_tokens` (part of the prompt);
 * - DeepSeek: `prompt_cache_hit_tokens` + `prompt_cache_miss_tokens` = prompt tokens;
 * - Moonshot: `cached_tokens` at the top of `usage`;
 * - Responses API: `input_tokens_details` / `output_tokens_details`.
 * Counts are never negative and never counted twice: cached and cache-write tokens are clamped to
 * the prompt, reasoning tokens to the completion.
 */
export function usageFromOpenAI(value: unknown): Usage | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const usage = value as Record<string, any>;
  const promptDetails = usage.prompt_tokens_details ?? usage.input_tokens_details ?? {};
  const completionDetails = usage.completion_tokens_details ?? usage.output_tokens_details ?? {};
  const hit = count(usage.prompt_cache_hit_tokens);
  const miss = count(usage.prompt_cache_miss_tokens);
  const reported = usage.prompt_tokens ?? usage.input_tokens;
  const prompt = reported === undefined || reported === null ? hit + miss : count(reported);
  const completion = count(usage.completion_tokens ?? usage.output_tokens);
  const cached = Math.min(
    count(promptDetails.cached_tokens ?? usage.prompt_cache_hit_tokens ?? usage.cached_tokens),
    prompt,
  );
  const cacheWrite = Math.min(
    count(promptDetails.cache_creation_input_tokens ?? usage.cache_creation_input_tokens),
    prompt - cached,
  );
  const result: Usage = {
    promptTokens: prompt,
    completionTokens: completion,
    cachedTokens: cached,
    reasoningTokens: Math.min(count(completionDetails.reasoning_tokens), completion),
  };
  if (cacheWrite > 0) result.cacheWriteTokens = cacheWrite;
  return result;
}

/** A token count from an upstream: a finite, non-negative integer, else 0. */
function count(value: unknown): number {
  const number = Number(value ?? 0);
  return Number.isFinite(number) && number > 0 ? Math.floor(number) : 0;
}

/** Usage in OpenAI's wire shape (`usage` of a response or of the last stream chunk). */
export function usageToOpenAI(usage: Usage): Record<string, unknown> {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}

/** Timeouts of one upstream call, in milliseconds. */
export interface CallTimeouts {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
  totalMs: number;
}

/**
 * What every provider is configured with: where it calls, how it authenticates, its transport.
 * Each protocol adds its own typed quirks (see upstream-protocols.ts).
 */
export interface ProviderSettings {
  /** Provider instance name from the config, e.g. `deepseek` or `local-vllm`. */
  name: string;
  baseUrl: string;
  /** Headers to send on every call (auth included). */
  headers(): Record<string, string>;
  /** Pooled keep-alive transport (undici Agent/Pool); providers call undici.request with it. */
  dispatcher: Dispatcher;
}

/** One upstream call. `body` is the client's OpenAI-shaped JSON body, already validated. */
export interface ProviderCall {
  /** The model id the upstream knows. */
  upstreamModel: string;
  body: Record<string, unknown>;
  /** Aborts the upstream call: client gone, total timeout, or router giving up. */
  signal: CancelSignal;
  timeouts: CallTimeouts;
  requestId: string;
}

/** A complete (non-streamed) answer in OpenAI shape. */
export interface JsonResult {
  /** The response body as JSON text, sent to the client as is (no re-serialization). */
  text: string;
  /** Parsed body, for metering and inspection. */
  json: Record<string, unknown>;
  /** Usage reported by the upstream; undefined when it reported none. */
  usage: Usage | undefined;
}

/**
 * One event of an OpenAI-style SSE stream. `data` is the JSON text of one chat.completion.chunk
 * (or text_completion chunk), written to the client as `data: ${data}\n\n`.
 */
export interface StreamPart {
  data: string;
  /** Set when this chunk carried a usage object (usually the last one). */
  usage?: Usage;
  /** True when the chunk exists only to carry usage (empty `choices`): drop it if the client did not ask. */
  usageOnly?: boolean;
  /** Set when a choice finished in this chunk. */
  finishReason?: string;
}

/**
 * A streamed answer. Iterating yields parts as they arrive; the iterator ends normally only when
 * the upstream ended the stream properly, and throws a ProviderError when it was cut, malformed
 * or failed mid-way. `return()` (breaking out of the loop) releases the upstream connection.
 */
export type ChatStream = AsyncIterable<StreamPart>;

/**
 * Optional on a ChatStream's iterator: the next part when it is already in hand (it came in the
 * same upstream read as the last one), without a promise; undefined when `next()` must be awaited.
 * Parts handed out this way are the same, in the same order, as `next()` would give.
 */
export interface ReadyParts {
  takeReady(): StreamPart | undefined;
  /**
   * True when every part was taken and the stream's proper end already read: `next()` would resolve
   * done. The relay then neither waits nor arms its watchdog for an end that is already in hand.
   */
  ended(): boolean;
}

export interface EmbeddingsResult extends JsonResult {}

export interface UpstreamModel {
  id: string;
  ownedBy?: string;
  contextLength?: number;
}

export interface Provider {
  readonly name: string;
  /** Protocol family: openai-compatible, anthropic, simulator. */
  readonly protocol: string;
  /**
   * Whether streamed answers report usage. A provider asks its upstream for it itself where the
   * protocol needs asking (`stream_options.include_usage`): the gateway passes the client's body.
   */
  readonly streamUsage: boolean;
  chat(call: ProviderCall): Promise<JsonResult>;
  chatStream(call: ProviderCall): Promise<ChatStream>;
  completion?(call: ProviderCall): Promise<JsonResult>;
  completionStream?(call: ProviderCall): Promise<ChatStream>;
  embeddings?(call: ProviderCall): Promise<EmbeddingsResult>;
  /** Rerank (`query` + `documents`, Jina/Cohere shape) where the upstream offers it. */
  rerank?(call: ProviderCall): Promise<JsonResult>;
  /** Models the upstream serves (local discovery, health checks). */
  listModels?(signal: CancelSignal): Promise<UpstreamModel[]>;
}

/** Where in the call an upstream failure happened; decides whether a retry is still possible. */
export type FailurePhase = 'connect' | 'response' | 'stream';

export interface ProviderErrorOptions {
  /** HTTP status the upstream answered with (0 when there was no answer). */
  upstreamStatus: number;
  phase: FailurePhase;
  retryable: boolean;
  retryAfterMs?: number;
  /** The upstream's own error body or message, for logs. */
  upstreamMessage?: string;
  /** Status for the client when this error ends the request. */
  status?: number;
  param?: string | null;
  cause?: unknown;
}

/**
 * A failure of an upstream call. Client errors the upstream rejected (400, 422) keep their status
 * and are not retryable; rate limits, 5xx, timeouts and connection failures are retryable.
 */
export class ProviderError extends KaiyuanError {
  readonly upstreamStatus: number;
  readonly phase: FailurePhase;
  readonly upstreamMessage: string | undefined;

  constructor(code: string, message: string, options: ProviderErrorOptions) {
    const clientFault =
      options.upstreamStatus >= 400 &&
      options.upstreamStatus < 500 &&
      options.upstreamStatus !== 429 &&
      !options.retryable;
    super(code, message, {
      status: options.status ?? (clientFault ? options.upstreamStatus : code === 'upstream_timeout' ? 504 : 502),
      type: clientFault
        ? 'invalid_request_error'
        : options.status === 429
          ? 'rate_limit_error'
          : code === 'upstream_timeout'
            ? 'timeout_error'
            : 'upstream_error',
      param: options.param ?? null,
      retryable: options.retryable,
      retryAfterMs: options.retryAfterMs,
      cause: options.cause,
    });
    this.name = 'ProviderError';
    this.upstreamStatus = options.upstreamStatus;
    this.phase = options.phase;
    this.upstreamMessage = options.upstreamMessage;
  }
}

/** Parses a Retry-After header (seconds or HTTP date) or retry-after-ms into milliseconds. */
export function parseRetryAfter(
  headers: Record<string, string | string[] | undefined>,
  now = Date.now(),
): number | undefined {
  const millis = headers['retry-after-ms'];
  if (typeof millis === 'string' && Number.isFinite(Number(millis))) return Math.max(0, Number(millis));
  const value = headers['retry-after'];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** The ProviderError for an HTTP error status of an upstream. */
export function errorForStatus(
  status: number,
  upstreamMessage: string,
  retryAfterMs: number | undefined,
  providerName: string,
): ProviderError {
  const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
  const code =
    status === 429
      ? 'upstream_rate_limited'
      : status >= 500
        ? 'upstream_unavailable'
        : status === 401 || status === 403
          ? 'upstream_auth_failed'
          : 'upstream_rejected';
  // An upstream credential problem is the operator's, not the client's: report it as a gateway error.
  const operatorFault = status === 401 || status === 403 || status === 404;
  return new ProviderError(code, `Upstream ${providerName} answered ${status}: ${truncate(upstreamMessage, 300)}`, {
    upstreamStatus: status,
    phase: 'response',
    retryable: retryable || operatorFault,
    retryAfterMs,
    upstreamMessage,
    status: operatorFault ? 502 : status === 429 ? 429 : undefined,
  });
}

export function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

/** The upstream refused the request as malformed (the client's fault: never retried). */
export function invalidUpstreamRequest(
  providerName: string,
  message: string,
  param: string | null = null,
): ProviderError {
  return new ProviderError('invalid_request', `Upstream ${providerName} rejected the request: ${message}`, {
    upstreamStatus: 400,
    phase: 'response',
    retryable: false,
    upstreamMessage: message,
    param,
  });
}
