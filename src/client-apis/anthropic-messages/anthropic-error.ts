/**
 * Errors in the Anthropic shape: `{"type":"error","error":{"type":…,"message":…},"request_id":…}`.
 * The status stays the one the error mapping chose; only the body differs from OpenAI's.
 */
import type { KaiyuanError } from '../../util/errors.ts';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
  request_id?: string;
}

/** Anthropic's error type for one of ours (by type, then by status). */
export function anthropicErrorType(type: string | undefined, status: number): string {
  switch (type) {
    case 'invalid_request_error':
      return status === 413 ? 'request_too_large' : status === 404 ? 'not_found_error' : 'invalid_request_error';
    case 'authentication_error':
      return 'authentication_error';
    case 'permission_error':
      return 'permission_error';
    case 'not_found_error':
      return 'not_found_error';
    case 'rate_limit_error':
      return 'rate_limit_error';
    case 'insufficient_quota':
      return 'billing_error';
    case 'timeout_error':
      return 'timeout_error';
  }
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status === 404) return 'not_found_error';
  if (status >= 400 && status < 500) return 'invalid_request_error';
  return 'api_error';
}

export function anthropicErrorBody(error: KaiyuanError, requestId?: string): AnthropicErrorBody {
  return {
    type: 'error',
    error: { type: anthropicErrorType(error.type, error.status), message: error.message },
    ...(requestId ? { request_id: requestId } : {}),
  };
}
