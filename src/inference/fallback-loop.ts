import type { KaiyuanError } from '../util/errors.ts';
import { isKaiyuanError, toKaiyuanError } from '../util/errors.ts';
import type { Deployment } from './deployment.ts';
import { sleep } from '../util/sleep.ts';
import { isAbortError } from './timeouts.ts';
import type { CancelSignal } from '../util/cancel-signal.ts';

export interface RetrySettings {
  /** Most upstream attempts for one request, across all deployments. */
  maxAttempts: number;
  /** Most time spent on attempts and backoff before giving up, in ms. */
  budgetMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 3,
  budgetMs: 30_000,
  backoffBaseMs: 200,
  backoffMaxMs: 5_000,
};

/** A deployment at its own concurrency limit is passed over while another one has room. */
function hasRoom(deployment: Deployment): boolean {
  return deployment.maxConcurrency === null || deployment.state.inflight < deployment.maxConcurrency;
}

export interface AttemptReport {
  deployment: Deployment;
  error: KaiyuanError | null;
  elapsedMs: number;
}

export interface FallbackResult<T> {
  value: T;
  deployment: Deployment;
  attempts: number;
}

export interface FallbackOptions {
  settings: RetrySettings;
  signal: CancelSignal;
  random?: () => number;
  onAttempt?: (report: AttemptReport) => void;
}

/**
 * Tries the ordered deployments until one succeeds. A retryable failure moves on to the next
 * deployment; once all were tried it goes round again after a backoff with full jitter (at least the
 * upstream's Retry-After). A non-retryable error (the client's fault) ends the loop at once. Bounded
 * by maxAttempts and budgetMs. Only called while nothing has been sent to the client.
 */
export async function callWithFallback<T>(
  candidates: readonly Deployment[],
  attempt: (deployment: Deployment) => Promise<T>,
  options: FallbackOptions,
): Promise<FallbackResult<T>> {
  const { settings, signal } = options;
  const random = options.random ?? Math.random;
  const started = Date.now();
  let lastError: KaiyuanError | null = null;
  let attempts = 0;
  let round = 0;
  while (attempts < settings.maxAttempts) {
    let triedThisRound = 0;
    const withRoom = candidates.filter(hasRoom);
    for (const deployment of withRoom.length > 0 ? withRoom : candidates) {
      if (attempts >= settings.maxAttempts) break;
      if (!deployment.state.circuit.tryAcquire()) continue;
      attempts++;
      triedThisRound++;
      const attemptStarted = Date.now();
      try {
        const value = await attempt(deployment);
        const elapsedMs = Date.now() - attemptStarted;
        deployment.state.recordSuccess(elapsedMs);
        options.onAttempt?.({ deployment, error: null, elapsedMs });
        return { value, deployment, attempts };
      } catch (thrown) {
        if (signal.aborted || isAbortError(thrown)) {
          deployment.state.circuit.onAbandoned();
          throw thrown;
        }
        const error = toKaiyuanError(thrown);
        options.onAttempt?.({ deployment, error, elapsedMs: Date.now() - attemptStarted });
        if (!isKaiyuanError(thrown) || !error.retryable) {
          // The upstream judged the request, not itself: no failure of the deployment.
          deployment.state.circuit.onSuccess();
          throw error;
        }
        deployment.state.recordFailure(error.code, error.message);
        lastError = error;
      }
    }
    if (triedThisRound === 0 || attempts >= settings.maxAttempts) break;
    round++;
    const backoff = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (round - 1)) * random();
    const delay = Math.max(backoff, lastError?.retryAfterMs ?? 0);
    if (Date.now() - started + delay > settings.budgetMs) break;
    await sleep(delay, signal);
  }
  throw lastError ?? exhausted();
}

function exhausted(): KaiyuanError {
  return toKaiyuanError(new Error('No deployment could take the request.'));
}
