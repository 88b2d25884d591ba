import { isKaiyuanError } from '../../util/errors.ts';

/** How one item of an assist job is tried again when the gateway fails in a way that may pass. */
export interface ItemRetryPolicy {
  /** Tries per item, the first included (1 = no retry). */
  attempts: number;
  /** The first wait; it doubles per try (with jitter) up to maxMs. */
  baseMs: number;
  /** The longest wait, also for a breaker's or upstream's retry-after hint. */
  maxMs: number;
}

export const defaultItemRetry: ItemRetryPolicy = { attempts: 4, baseMs: 1_000, maxMs: 30_000 };

/**
 * Errors that would repeat for every item: a revoked key or disabled organization (401, 403), no
 * balance (402), an unknown model (404). Retrying or going on is pointless. (A 400 may be the
 * item's own, e.g. a text longer than the context window: that item fails, the job goes on.)
 */
export function isFatalForJob(error: unknown): boolean {
  return isKaiyuanError(error) && [401, 402, 403, 404].includes(error.status);
}

/**
 * Errors worth another try of the same item: the gateway says so (an open breaker's
 * `no_available_deployment`, busy deployments, timeouts), any 5xx, and 429.
 */
export function isRetryable(error: unknown): boolean {
  if (!isKaiyuanError(error)) return false;
  return error.retryable || error.status >= 500 || error.status === 429;
}

/** The wait before try number `attempt + 1` (attempt ≥ 1): exponential with jitter, at least the error's hint. */
export function retryDelay(policy: ItemRetryPolicy, attempt: number, error: unknown, random = Math.random): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  const hint = isKaiyuanError(error) ? (error.retryAfterMs ?? 0) : 0;
  return Math.min(policy.maxMs, Math.max(jittered, hint));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason ?? new Error('aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Runs `attempt` until it succeeds, fails in a way retrying cannot fix, or the tries are spent; waits
 * between tries (so a breaker opened by the first failures has closed again). Returns the value and
 * how many extra tries it took; throws the last error.
 */
export async function withItemRetries<T>(
  attempt: () => Promise<T>,
  policy: ItemRetryPolicy,
  signal: AbortSignal,
  sleep: (ms: number, signal: AbortSignal) => Promise<void> = abortableSleep,
): Promise<{ value: T; retries: number }> {
  for (let tried = 1; ; tried++) {
    try {
      return { value: await attempt(), retries: tried - 1 };
    } catch (error) {
      if (signal.aborted || tried >= policy.attempts || !isRetryable(error)) throw error;
      await sleep(retryDelay(policy, tried, error), signal);
    }
  }
}
