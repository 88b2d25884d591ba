import { KaiyuanError, isKaiyuanError, toKaiyuanError } from '../util/errors.ts';
import type { ReleaseSlot } from './shared-routing-state.ts';
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

/** Takes a concurrency slot of a deployment, null when it is at its limit (default: no limits). */
export type SlotSource = (deployment: Deployment) => ReleaseSlot | null | Promise<ReleaseSlot | null>;

const unlimited: SlotSource = () => () => undefined;

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
  /** Frees the deployment's concurrency slot: the caller calls it when the answer is over. */
  releaseSlot: ReleaseSlot;
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
  /** Concurrency slots: a deployment at its limit is passed over; when all are, the request is shed. */
  slots?: SlotSource;
  /**
   * The client tightened the budget (`x-kaiyuan-timeout-ms`): an attempt its deadline cuts is never
   * held against the deployment, so no client can open a breaker everyone shares with tiny budgets.
   */
  clientBudget?: boolean;
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
  // Attempts per deployment, counted only for deployments with their own retry policy (made on first need).
  let perDeployment: Map<Deployment, number> | null = null;
  const slots = options.slots ?? unlimited;
  let full = 0;
  while (attempts < settings.maxAttempts) {
    let triedThisRound = 0;
    for (const deployment of candidates) {
      if (attempts >= settings.maxAttempts) break;
      if (deadline.expired) throw deadline.exceeded();
      const ownAttempts = deployment.retry?.attempts;
      const tried = ownAttempts === undefined ? 0 : (perDeployment?.get(deployment) ?? 0);
      if (ownAttempts !== undefined && tried >= ownAttempts) continue;
      if (!deployment.state.circuit.isAvailable()) continue;
      const pending = slots(deployment);
      const releaseSlot = pending instanceof Promise ? await pending : pending;
      if (releaseSlot === null) {
        full++;
        continue;
      }
      if (!deployment.state.circuit.tryAcquire()) {
        releaseSlot();
        continue;
      }
      attempts++;
      triedThisRound++;
      if (ownAttempts !== undefined) (perDeployment ??= new Map()).set(deployment, tried + 1);
      const attemptStarted = Date.now();
      try {
        const value = await attempt(deployment, deadline.remainingMs());
        const elapsedMs = Date.now() - attemptStarted;
        if (!options.judgeSuccessLater) {
          judgeAttempt(deployment, null, elapsedMs);
          options.onAttempt?.({ deployment, error: null, elapsedMs });
        }
        return { value, deployment, attempts, attemptStartedAt: attemptStarted, releaseSlot };
      } catch (thrown) {
        releaseSlot();
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
          if (!options.clientBudget && elapsedMs >= deadline.budgetMs / 2) judgeAttempt(deployment, error, elapsedMs);
          else deployment.state.circuit.onAbandoned();
          throw deadline.exceeded();
        }
        judgeAttempt(deployment, error, elapsedMs);
        lastError = error;
        if (!retryAllowed(deployment, error)) throw error;
      }
    }
    if (triedThisRound === 0 && attempts === 0 && full > 0) throw saturated();
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
  return new KaiyuanError(
    'no_available_deployment',
    'No deployment of the model could take the request right now. Please retry later.',
    { status: 503, type: 'upstream_error', retryable: true, retryAfterMs: 1000 },
  );
}

function saturated(): KaiyuanError {
  return new KaiyuanError('server_overloaded', 'All deployments of this model are busy. Please retry shortly.', {
    status: 429,
    type: 'rate_limit_error',
    retryable: true,
    retryAfterMs: 1000,
  });
}
