import type { KaiyuanError } from '../util/errors.ts';
import { isKaiyuanError, toKaiyuanError } from '../util/errors.ts';
import type { Deployment } from './deployment.ts';
import { sleep } from '../util/sleep.ts';
import { isAbortError } from './timeouts.ts';
import type { CancelSignal } from '../util/cancel-signal.ts';
import type { Deadline } from './deadline.ts';
import { isDeadlineCut, judgeAttempt, retryAllowed } from './attempt-outcome.ts';

export interface RetrySettings {
  /** Most upstream attempts for one request, across all deployments. */
  maxAttempts: number;
  /** The request's deadline for an answer to start, in ms: attempts, waits for the first byte and backoff all fit in it. */
  budgetMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const defaultRetrySettings: RetrySettings = {
  maxAttempts: 3,
  budgetMs: 120_000,
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
  /** The whole attempt (a stream: to its end). */
  elapsedMs: number;
  /** Time to the first chunk of a streamed attempt. */
  ttftMs?: number;
}

export interface FallbackResult<T> {
  value: T;
  deployment: Deployment;
  attempts: number;
  /** When the successful attempt started (its time to first byte counts from here). */
  attemptStartedAt: number;
}

export interface FallbackOptions {
  settings: RetrySettings;
  signal: CancelSignal;
  deadline: Deadline;
  random?: () => number;
  onAttempt?: (report: AttemptReport) => void;
  /**
   * The caller judges a successful attempt later (a stream: only when it ended properly). The loop
   * then records nothing for it and leaves a half-open trial slot held.
   */
  judgeSuccessLater?: boolean;
}

/**
 * Tries the ordered deployments until one succeeds. A retryable failure moves on to the next
 * deployment; once all were tried it goes round again after a backoff with full jitter (at least the
 * upstream's Retry-After). A non-retryable error (the client's fault) ends the loop at once. Bounded
 * by maxAttempts, each deployment's retry policy and the request's deadline, which also cuts every
 * attempt (`attempt` receives the milliseconds it may take). Only called while nothing has been sent
 * to the client.
 */
export async function callWithFallback<T>(
  candidates: readonly Deployment[],
  attempt: (deployment: Deployment, limitMs: number) => Promise<T>,
  options: FallbackOptions,
): Promise<FallbackResult<T>> {
  const { settings, signal, deadline } = options;
  const random = options.random ?? Math.random;
  let lastError: KaiyuanError | null = null;
  let attempts = 0;
  let round = 0;
  const perDeployment = new Map<Deployment, number>();
  while (attempts < settings.maxAttempts) {
    let triedThisRound = 0;
    const withRoom = candidates.filter(hasRoom);
    for (const deployment of withRoom.length > 0 ? withRoom : candidates) {
      if (attempts >= settings.maxAttempts) break;
      if (deadline.expired) throw deadline.exceeded();
      const tried = perDeployment.get(deployment) ?? 0;
      if (tried >= (deployment.retry?.attempts ?? Number.POSITIVE_INFINITY)) continue;
      if (!deployment.state.circuit.tryAcquire()) continue;
      attempts++;
      triedThisRound++;
      perDeployment.set(deployment, tried + 1);
      const attemptStarted = Date.now();
      try {
        const value = await attempt(deployment, deadline.remainingMs());
        const elapsedMs = Date.now() - attemptStarted;
        if (!options.judgeSuccessLater) {
          judgeAttempt(deployment, null, elapsedMs);
          options.onAttempt?.({ deployment, error: null, elapsedMs });
        }
        return { value, deployment, attempts, attemptStartedAt: attemptStarted };
      } catch (thrown) {
        if (signal.aborted || isAbortError(thrown)) {
          deployment.state.circuit.onAbandoned();
          throw thrown;
        }
        const error = toKaiyuanError(thrown);
        const elapsedMs = Date.now() - attemptStarted;
        options.onAttempt?.({ deployment, error, elapsedMs });
        if (!isKaiyuanError(thrown) || !error.retryable) {
          // The upstream judged the request, not itself: no failure of the deployment.
          deployment.state.circuit.onSuccess();
          throw error;
        }
        if (isDeadlineCut(error)) {
          // Cut by the request's budget: the deployment's fault only when it had most of the budget.
          if (elapsedMs >= deadline.budgetMs / 2) judgeAttempt(deployment, error, elapsedMs);
          else deployment.state.circuit.onAbandoned();
          throw deadline.exceeded();
        }
        judgeAttempt(deployment, error, elapsedMs);
        lastError = error;
        if (!retryAllowed(deployment, error)) throw error;
      }
    }
    if (triedThisRound === 0 || attempts >= settings.maxAttempts) break;
    round++;
    const backoff = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (round - 1)) * random();
    const delay = Math.max(backoff, lastError?.retryAfterMs ?? 0);
    if (delay >= deadline.remainingMs()) break;
    await sleep(delay, signal);
  }
  throw lastError ?? exhausted();
}

function exhausted(): KaiyuanError {
  return toKaiyuanError(new Error('No deployment could take the request.'));
}
