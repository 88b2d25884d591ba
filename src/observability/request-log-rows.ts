import type { CarriedLogEntry, Endpoint } from '../inference/gateway-hooks.ts';
import type { RequestLogContext, SettledRequest } from '../inference/request-log-sink.ts';
import type { RequestLogTable } from '../store/schema/request-log-tables.ts';
import type { KaiyuanError } from '../util/errors.ts';
import { newTimeOrderedId } from '../util/ids.ts';

/** The prefix of the log's row ids (`rl_…`). */
export const logIdKind = 'rl';

/** Error details kept at most (operator only). */
const maxDetailLength = 1_000;

/** The request log row of a settled request: tokens, channel, deployments tried, upstream cost. */
export function settledRow(request: SettledRequest, now = Date.now()): RequestLogTable {
  const { context, outcome } = request;
  const usage = outcome.usage;
  const served = outcome.servedBy;
  const deploymentId = served?.deploymentId ?? request.tried.at(-1) ?? null;
  const deployment = deploymentId ? request.model.deployments.find((item) => item.id === deploymentId) : undefined;
  const cost = served ? deployment?.cost : null;
  const own = carriedEntry(request);
  // Fields assigned one by one: spreading a shared part into the literal takes V8's slow path (~20×).
  const row = blankRow(context, request.endpoint, request.model.id, now);
  row.channel = served?.provider ?? deployment?.providerName ?? null;
  row.deployment_id = deploymentId;
  row.deployments_tried = own.deploymentsTried;
  row.status = outcome.status;
  row.http_status = own.httpStatus;
  row.error_code = outcome.errorCode;
  row.error_detail = own.errorDetail;
  row.latency_ms = Math.round(outcome.latencyMs);
  row.ttft_ms = outcome.ttftMs === null ? null : Math.round(outcome.ttftMs);
  row.attempts = own.attempts;
  row.prompt_tokens = usage.promptTokens;
  row.cached_tokens = usage.cachedTokens;
  row.completion_tokens = usage.completionTokens;
  row.reasoning_tokens = usage.reasoningTokens;
  row.upstream_cost = cost ? upstreamCost(cost, usage.promptTokens, usage.completionTokens) : null;
  return row;
}

/**
 * The log's own fields of a settled request, beyond what its usage record holds: what a record
 * carries (decision 047), and what `settledRow` writes in a row of the log's own.
 */
export function carriedEntry(request: SettledRequest): CarriedLogEntry {
  const context = request.context;
  return {
    httpStatus: request.httpStatus,
    attempts: request.outcome.attempts,
    deploymentsTried: request.tried.length > 0 ? request.tried.join(',') : null,
    errorDetail: clip(request.outcome.errorDetail ?? null),
    clientRequestId: context.clientRequestId ?? null,
    clientIp: context.clientIp ?? null,
  };
}

/** The row of a request refused before any upstream call (unknown model, 400, 402, 403, 429). */
export function refusedRow(
  context: RequestLogContext,
  endpoint: Endpoint,
  model: string,
  error: KaiyuanError,
  latencyMs: number,
  now = Date.now(),
): RequestLogTable {
  const row = blankRow(context, endpoint, model, now);
  row.status = 'refused';
  row.http_status = error.status;
  row.error_code = error.code;
  row.error_detail = clip(error.message);
  row.latency_ms = Math.round(latencyMs);
  return row;
}

/** A row with the request's identity and everything else empty (one object literal: one hidden class). */
function blankRow(context: RequestLogContext, endpoint: Endpoint, model: string, now: number): RequestLogTable {
  const principal = context.principal;
  return {
    id: newTimeOrderedId(logIdKind),
    request_id: context.requestId,
    client_request_id: context.clientRequestId ?? null,
    created_at: now,
    org_id: principal?.orgId ?? null,
    key_id: principal?.keyId ?? null,
    user_id: principal?.userId ?? null,
    endpoint: context.clientApi ?? endpoint,
    model,
    channel: null,
    deployment_id: null,
    deployments_tried: null,
    status: 'completed',
    http_status: 200,
    error_code: null,
    error_detail: null,
    latency_ms: 0,
    ttft_ms: null,
    attempts: 0,
    prompt_tokens: 0,
    cached_tokens: 0,
    completion_tokens: 0,
    reasoning_tokens: 0,
    upstream_cost: null,
    client_ip: context.clientIp ?? null,
  };
}

/**
 * What the upstream charged the operator, in nano-units: the channel's cost price per million
 * tokens (currency units) times the tokens. 1 unit per million tokens = 1 000 nano-units a token.
 */
export function upstreamCost(
  cost: { input: number; output: number },
  promptTokens: number,
  completionTokens: number,
): number {
  return Math.round((promptTokens * cost.input + completionTokens * cost.output) * 1_000);
}

function clip(text: string | null): string | null {
  if (text === null) return null;
  return text.length > maxDetailLength ? `${text.slice(0, maxDetailLength)}…` : text;
}

/**
 * A body as stored: JSON text cut to `maxBytes` (UTF-8), with keys that could carry credentials
 * (`api_key`, `authorization`, …) replaced by "[redacted]". Headers are never stored at all.
 */
export function capturedBody(value: unknown, maxBytes: number): string | null {
  if (value === null || value === undefined) return null;
  let text: string;
  try {
    text = typeof value === 'string' ? redactText(value) : JSON.stringify(value, redactKeys);
  } catch {
    return null;
  }
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  // Cut on a character boundary: decoding a cut multi-byte sequence would leave a replacement character.
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return `${bytes.subarray(0, end).toString('utf8')}…`;
}

const secretKey = /^(api[-_]?key|authorization|x-api-key|password|secret|access[-_]?token|token)$/i;

function redactKeys(key: string, value: unknown): unknown {
  return secretKey.test(key) && typeof value === 'string' ? '[redacted]' : value;
}

/** An answer's text is JSON from the upstream: redact the same keys when it parses. */
function redactText(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), redactKeys);
  } catch {
    return text;
  }
}
