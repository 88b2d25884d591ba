/**
 * What one upstream attempt teaches the deployment's health: a success (a stream only once it ended
 * properly), a failure (counted by its breaker), or a pause the upstream asked for (429 with
 * Retry-After). One place, used by the fallback loop, the stream relay's end and health probes.
 */
import type { FailureKind } from '../config/config-schema.ts';
import { ProviderError } from '../providers/spec.ts';
import type { KaiyuanError } from '../util/errors.ts';
import type { CircuitOpener } from './circuit-breaker.ts';
import type { Deployment } from './deployment.ts';

export type { RetryPolicy } from '../config/config-schema.ts';

/** Longest pause a 429's Retry-After takes a deployment out for; longer ones count as failures. */
const MAX_PAUSE_MS = 5 * 60_000;

const deadlineCuts = new WeakSet<object>();

/** The error for an attempt cut short by the request's deadline (not by the deployment's own limit). */
export function deadlineCut(milliseconds: number): ProviderError {
  const error = new ProviderError('upstream_timeout', `The request's time budget ran out after ${milliseconds} ms.`, {
    upstreamStatus: 0,
    phase: 'response',
    retryable: true,
  });
  deadlineCuts.add(error);
  return error;
}

export function isDeadlineCut(error: unknown): boolean {
  return typeof error === 'object' && error !== null && deadlineCuts.has(error);
}

export function failureKind(error: KaiyuanError): FailureKind {
  if (error.code === 'upstream_rate_limited') return 'rate_limited';
  if (error.code === 'upstream_timeout') return 'timeout';
  if (error.code === 'upstream_connection_failed') return 'connection';
  if (error.code === 'upstream_stream_cut' || error.code === 'upstream_malformed_chunk') return 'stream_cut';
  if (error.code === 'upstream_auth_failed') return 'auth';
  return 'server_error';
}

/** Whether the deployment's policy lets a retryable failure move on to another attempt. */
export function retryAllowed(deployment: Deployment, error: KaiyuanError): boolean {
  const on = deployment.retry?.on;
  return on === undefined || on.includes(failureKind(error));
}

/** The pause a 429 asked for, when it is one the deployment should honour instead of a breaker failure. */
export function requestedPause(error: KaiyuanError): number | undefined {
  if (error.code !== 'upstream_rate_limited' || error.retryAfterMs === undefined) return undefined;
  return error.retryAfterMs <= MAX_PAUSE_MS ? error.retryAfterMs : undefined;
}

/** Records the outcome of a whole attempt on the deployment (and tells peers through its listener). */
export function judgeAttempt(
  deployment: Deployment,
  error: KaiyuanError | null,
  elapsedMs: number,
  opener: CircuitOpener = 'traffic',
): void {
  const state = deployment.state;
  if (error === null) state.recordSuccess(elapsedMs);
  else {
    const detail = error instanceof ProviderError ? (error.upstreamMessage ?? error.message) : error.message;
    state.recordFailure(error.code, detail, { opener, pauseMs: requestedPause(error) });
  }
  state.onJudged?.(deployment, error === null ? 'success' : 'failure');
}
