/**
 * What a client may see of a failure: our own message for our own code, with the status, type and
 * Retry-After kept. Which provider failed and what it said stay in logs and in the operator-only
 * `errorDetail` of the request log.
 */
import { ProviderError } from '../providers/spec.ts';
import { KaiyuanError } from '../util/errors.ts';

const messages: Record<string, string> = {
  upstream_rate_limited: 'The model is receiving more requests than it can take right now. Please retry shortly.',
  upstream_unavailable: 'The model is temporarily unavailable. Please retry later.',
  upstream_timeout: 'The model did not answer in time. Please retry later.',
  upstream_connection_failed: 'The model could not be reached. Please retry later.',
  upstream_stream_cut: 'The answer was cut off before it was complete. Please retry.',
  upstream_malformed_chunk: 'The answer could not be read to the end. Please retry.',
  upstream_auth_failed:
    'The model is not available because of a configuration problem on our side. Please retry later.',
  upstream_rejected: 'The model could not take this request.',
  invalid_request: 'The model rejected the request as invalid. Check the parameters and the length of the input.',
  upstream_error: 'The model failed to answer. Please retry later.',
};

/** The client-facing form of an error: an upstream's failure gets our message; everything else is ours already. */
export function publicError(error: KaiyuanError): KaiyuanError {
  if (!(error instanceof ProviderError)) return error;
  const message = messages[error.code] ?? messages.upstream_error!;
  return new KaiyuanError(error.code, message, {
    status: error.status,
    type: error.type,
    param: error.param,
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
    headers: error.headers,
    cause: error,
  });
}

/** The failure as operators need it: the error's own message and the upstream's words. */
export function operatorDetail(error: KaiyuanError): string | null {
  if (!(error instanceof ProviderError)) return null;
  const upstream =
    error.upstreamMessage && !error.message.includes(error.upstreamMessage) ? ` — ${error.upstreamMessage}` : '';
  return `${error.message}${upstream}`.slice(0, 1000);
}
