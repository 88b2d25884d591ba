/**
 * Rate limits as fixed windows that open with the first request (like rate-limiter-flexible):
 * a counter per limited thing (`key:…:rpm`), incremented atomically for all counters of a request
 * or for none. Memory (one process) and Redis (all replicas) implement the same interface.
 */

export type CounterKind = 'requests' | 'tokens';

export interface LimitCounter {
  /** Unique counter key, e.g. `key:key_abc:rpm`. */
  key: string;
  /** Names the limit for the client, e.g. `requests per minute (RPM) of this API key`. */
  label: string;
  kind: CounterKind;
  limit: number;
  windowMs: number;
  /** How much this request consumes (1 request, or the token reservation). */
  amount: number;
}

export interface CounterState {
  key: string;
  kind: CounterKind;
  limit: number;
  windowMs: number;
  /** Consumed in the current window, including this request when it was admitted. */
  used: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

export type AcquireResult =
  | { allowed: true; counters: CounterState[] }
  | { allowed: false; refused: LimitCounter; retryAfterMs: number; counters: CounterState[] };

export interface CounterAdjustment {
  key: string;
  /** Added to the counter of the current window (negative to give back); never below zero. */
  delta: number;
}

export interface RateLimiter {
  /** Consumes every counter's amount if all fit their limits, else none. */
  acquire(counters: readonly LimitCounter[]): Promise<AcquireResult>;
  /** True-up after the call (e.g. actual tokens minus the reservation); a window that ended is left alone. */
  adjust(adjustments: readonly CounterAdjustment[]): Promise<void>;
  close(): Promise<void>;
}

export const minuteMs = 60_000;
export const dayMs = 86_400_000;
