/**
 * Maps what undici throws (connection refused, reset, timeouts) to ProviderErrors, and an abort
 * by the caller's signal to an AbortError so that the core can tell "client gone" from
 * "upstream failed".
 */
import { ProviderError, type FailurePhase } from '../spec.ts';
import type { CancelSignal } from '../../util/cancel-signal.ts';

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const connectionCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** The rejection for a call aborted by its signal: the signal's reason, or a DOMException AbortError. */
export function abortError(signal: CancelSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The upstream call was aborted.', 'AbortError');
}

export function isAbortError(error: unknown): boolean {
  return (
    error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED')
  );
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (timeoutCodes.has(code) || connectionCodes.has(code))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  const code = error && typeof error === 'object' ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Turns a transport failure into the error the core expects. `phase` says how far the call got:
 * 'connect' before any response, 'response' while reading a complete body, 'stream' mid-stream.
 */
export function mapTransportError(
  error: unknown,
  signal: CancelSignal,
  phase: FailurePhase,
  providerName: string,
): Error {
  if (signal.aborted) return abortError(signal);
  if (error instanceof ProviderError) return error;
  const code = errorCode(error);
  const detail = error instanceof Error ? error.message : String(error);
  if (code && timeoutCodes.has(code)) {
    const what =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'waiting for the response'
          : 'waiting for more data';
    return new ProviderError('upstream_timeout', `Upstream ${providerName} timed out ${what} (${code}).`, {
      upstreamStatus: 0,
      // A headers timeout means the request went out: the upstream was working on it.
      phase:
        code === 'UND_ERR_CONNECT_TIMEOUT'
          ? 'connect'
          : code === 'UND_ERR_HEADERS_TIMEOUT' && phase === 'connect'
            ? 'response'
            : phase,
      retryable: true,
      upstreamMessage: detail,
      cause: error,
    });
  }
  if (phase === 'stream') {
    // The answer had started: a dropped or reset connection now is a cut stream, not an unreachable upstream.
    return new ProviderError('upstream_stream_cut', `Upstream ${providerName} cut the stream mid-way: ${detail}`, {
      upstreamStatus: 200,
      phase,
      retryable: false,
      upstreamMessage: detail,
      cause: error,
    });
  }
  if (isAbortError(error)) {
    // Aborted by undici itself (not by our signal): treat it as a dropped connection.
    return new ProviderError('upstream_connection_failed', `Upstream ${providerName} call was aborted: ${detail}`, {
      upstreamStatus: 0,
      phase,
      retryable: true,
      upstreamMessage: detail,
      cause: error,
    });
  }
  return new ProviderError(
    'upstream_connection_failed',
    `Could not reach upstream ${providerName}${code ? ` (${code})` : ''}: ${detail}`,
    {
      upstreamStatus: 0,
      phase,
      retryable: true,
      upstreamMessage: detail,
      cause: error,
    },
  );
}
