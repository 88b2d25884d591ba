/**
 * Reads vendors' error bodies: the OpenAI shape `{"error":{"message","type","code"}}`, the flat
 * `{"object":"error","message"}` of vLLM/SGLang, FastAPI's `{"detail"}`, TGI's `{"error":"…"}`,
 * Baidu/Qianfan's `{"error_code","error_msg"}` (often with HTTP 200), Zhipu's numeric codes and
 * Anthropic's `{"type":"error","error":{"type","message"}}` — and classifies them.
 */
import { ProviderError, truncate, type FailurePhase } from '../spec.ts';

export interface UpstreamErrorInfo {
  message: string;
  code: string | undefined;
  type: string | undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * The error a parsed body reports, or undefined when it is not an error body. A body that has
 * `choices`/`data`/`content` next to a null error is a normal answer.
 */
export function errorInBody(body: unknown): UpstreamErrorInfo | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (error && typeof error === 'object') {
    const inner = error as Record<string, unknown>;
    return {
      message: text(inner.message) ?? text(inner.msg) ?? JSON.stringify(error),
      code: text(inner.code) ?? text(inner.status),
      type: text(inner.type),
    };
  }
  if (typeof error === 'string' && error !== '') {
    return {
      message: error,
      code: text(record.code) ?? text(record.error_code),
      type: text(record.error_type) ?? text(record.type),
    };
  }
  const errorCode = record.error_code ?? record.errorCode;
  if (errorCode !== undefined && errorCode !== null && errorCode !== 0 && errorCode !== '0' && errorCode !== '') {
    return {
      message: text(record.error_msg) ?? text(record.errorMsg) ?? text(record.message) ?? `error ${String(errorCode)}`,
      code: text(errorCode),
      type: undefined,
    };
  }
  if (record.object === 'error' || record.type === 'error') {
    return { message: text(record.message) ?? 'unknown error', code: text(record.code), type: text(record.type) };
  }
  return undefined;
}

/** Best-effort message of an HTTP error body (JSON or not). */
export function messageOfErrorText(body: string): string {
  const trimmed = body.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as Record<string, unknown>;
      const info = errorInBody(parsed);
      if (info)
        return info.code && !info.message.includes(info.code) ? `${info.message} (code ${info.code})` : info.message;
      const detail = parsed.detail ?? parsed.message;
      if (typeof detail === 'string') return detail;
      if (detail !== undefined) return JSON.stringify(detail);
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  return truncate(trimmed === '' ? '(empty body)' : trimmed, 1000);
}

export type ErrorClass = 'rate_limit' | 'server' | 'auth' | 'client';

// Baidu/Qianfan: 4, 17, 18, 19, 336501, 336502 limits; 1, 2, 6 (unknown / service unavailable),
// 336000, 336100 internal; 110, 111, 14 token problems. Zhipu: 1302, 1303, 1305 rate/concurrency,
// 1113 balance, 1000-1004 auth, 500 internal.
const rateLimitCodes = new Set([
  '4',
  '17',
  '18',
  '19',
  '336501',
  '336502',
  '1302',
  '1303',
  '1305',
  '429',
  'rate_limit_exceeded',
  'rate_limit_error',
  'overloaded_error',
]);
const serverCodes = new Set([
  '1',
  '2',
  '6',
  '336000',
  '336100',
  '500',
  '502',
  '503',
  '504',
  '1234',
  'api_error',
  'internal_error',
  'server_error',
  'service_unavailable',
]);
const authCodes = new Set([
  '14',
  '110',
  '111',
  '401',
  '403',
  '1000',
  '1001',
  '1002',
  '1003',
  '1004',
  '1113',
  'invalid_api_key',
  'authentication_error',
  'permission_error',
  'insufficient_quota',
]);

/** Decides whether an upstream error (reported in a body rather than by status) is worth a retry. */
export function classifyError(info: UpstreamErrorInfo): ErrorClass {
  const code = (info.code ?? '').toLowerCase();
  const type = (info.type ?? '').toLowerCase();
  if (rateLimitCodes.has(code) || rateLimitCodes.has(type)) return 'rate_limit';
  if (authCodes.has(code) || authCodes.has(type)) return 'auth';
  if (serverCodes.has(code) || serverCodes.has(type)) return 'server';
  const message = info.message.toLowerCase();
  if (/rate.?limit|too many requests|qps|tpm|rpm|concurren|overloaded|busy|限流|频率|并发|繁忙/.test(message))
    return 'rate_limit';
  if (/internal|server error|unavailable|timed? ?out|try again|服务(内部)?错误|超时|稍后重试/.test(message))
    return 'server';
  return 'client';
}

const statusOfClass: Record<ErrorClass, number> = { rate_limit: 429, server: 503, auth: 401, client: 400 };

/** The ProviderError for an error an upstream reported in a body (HTTP 200 or mid-stream). */
export function errorFromBody(info: UpstreamErrorInfo, providerName: string, phase: FailurePhase): ProviderError {
  const kind = classifyError(info);
  const code =
    kind === 'rate_limit'
      ? 'upstream_rate_limited'
      : kind === 'server'
        ? 'upstream_unavailable'
        : kind === 'auth'
          ? 'upstream_auth_failed'
          : 'upstream_rejected';
  const suffix = info.code ? ` (code ${info.code})` : '';
  return new ProviderError(
    code,
    `Upstream ${providerName} reported an error: ${truncate(info.message, 300)}${suffix}`,
    {
      upstreamStatus: statusOfClass[kind],
      phase,
      retryable: kind !== 'client',
      upstreamMessage: info.message,
      status: kind === 'auth' ? 502 : undefined,
    },
  );
}
