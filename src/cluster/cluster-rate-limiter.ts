import type { AcquireResult, CounterAdjustment, LimitCounter, RateLimiter } from '../limits/rate-limiter.ts';
import type { PrimaryLink } from './primary-link.ts';

/**
 * Rate limits of a worker of `kaiyuan serve --workers N` without Redis: the counters live in the
 * primary (one MemoryRateLimiter), so the limits are exact across workers. An admission is one
 * round trip, batched with the other calls of the same event-loop turn; a true-up is sent
 * without waiting for an answer.
 */
export class ClusterRateLimiter implements RateLimiter {
  constructor(private readonly link: PrimaryLink) {}

  acquire(counters: readonly LimitCounter[]): Promise<AcquireResult> {
    return this.link.call<AcquireResult>('limits.acquire', [counters]);
  }

  async adjust(adjustments: readonly CounterAdjustment[]): Promise<void> {
    this.link.tell('limits.adjust', [adjustments]);
  }

  async close(): Promise<void> {}
}
