/**
 * Typed errors with stable codes. Every failure that reaches a client is a KaiyuanError;
 * `src/http/error-response.ts` is the one place that turns it into an HTTP response.
 */

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'insufficient_quota'
  | 'upstream_error'
  | 'timeout_error'
  | 'server_error'
  | 'conflict_error';

export interface KaiyuanErrorOptions {
  status: number;
  type: ErrorType;
  param?: string | null;
  /** True when trying again (elsewhere or later) may succeed. */
  retryable?: boolean;
  /** A hint from the failing side for when to try again. */
  retryAfterMs?: number;
  /** Extra response headers, e.g. rate-limit headers on a 429. */
  headers?: Record<string, string>;
  /** Values the message names (a limit, a model), so that the console can translate the code. */
  params?: ErrorParams;
  cause?: unknown;
}

export type ErrorParams = Record<string, string | number>;

export class KaiyuanError extends Error {
  readonly code: string;
  readonly status: number;
  readonly type: ErrorType;
  readonly param: string | null;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly headers: Record<string, string> | undefined;
  readonly params: ErrorParams | undefined;

  constructor(code: string, message: string, options: KaiyuanErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KaiyuanError';
    this.code = code;
    this.status = options.status;
    this.type = options.type;
    this.param = options.param ?? null;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.headers = options.headers;
    this.params = options.params;
  }
}

export function isKaiyuanError(value: unknown): value is KaiyuanError {
  return value instanceof KaiyuanError;
}

export function invalidRequest(message: string, param: string | null = null, code = 'invalid_request'): KaiyuanError {
  return new KaiyuanError(code, message, { status: 400, type: 'invalid_request_error', param });
}

export function notFound(message: string, code = 'not_found', param: string | null = null): KaiyuanError {
  return new KaiyuanError(code, message, { status: 404, type: 'not_found_error', param });
}

export function modelNotFound(model: string): KaiyuanError {
  return new KaiyuanError('model_not_found', `The model '${model}' does not exist or you do not have access to it.`, {
    status: 404,
    type: 'invalid_request_error',
    param: 'model',
    params: { model },
  });
}

export function unauthenticated(message: string, code = 'invalid_api_key'): KaiyuanError {
  return new KaiyuanError(code, message, { status: 401, type: 'authentication_error' });
}

export function forbidden(
  message: string,
  code = 'permission_denied',
  param: string | null = null,
  params?: ErrorParams,
): KaiyuanError {
  return new KaiyuanError(code, message, { status: 403, type: 'permission_error', param, params });
}

/** 410: it existed, but is no longer kept (e.g. an export past its retention). */
export function gone(message: string, code = 'gone', param: string | null = null): KaiyuanError {
  return new KaiyuanError(code, message, { status: 410, type: 'not_found_error', param });
}

export function conflict(message: string, code = 'conflict'): KaiyuanError {
  return new KaiyuanError(code, message, { status: 409, type: 'conflict_error' });
}

export function internalError(message: string, cause?: unknown): KaiyuanError {
  return new KaiyuanError('internal_error', message, { status: 500, type: 'server_error', cause });
}

/** Turns anything thrown into a KaiyuanError without losing an existing one. */
export function toKaiyuanError(error: unknown): KaiyuanError {
  if (error instanceof KaiyuanError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return internalError(`Internal error: ${message}`, error);
}

/**
 * The OpenAI error body. `params` (only when the error has some) carries the values its English
 * message names, for clients that translate the stable `code` (the console does).
 */
export interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string; params?: ErrorParams };
}

export function errorBody(error: KaiyuanError): ErrorBody {
  const body: ErrorBody = { error: { message: error.message, type: error.type, param: error.param, code: error.code } };
  if (error.params) body.error.params = error.params;
  return body;
}
