import type { AcquireResult, CounterAdjustment, CounterState, LimitCounter, RateLimiter } from './rate-limiter.ts';

interface Window {
  start: number;
  windowMs: number;
  used: number;
}

/** Exact within one process: the check and the increments of a request run without interleaving. */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();
  private operations = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async acquire(counters: readonly LimitCounter[]): Promise<AcquireResult> {
    return this.acquireNow(counters);
  }

  /** `acquire` without the promise, for an owner that must run what follows in the same turn (the cluster's primary). */
  acquireNow(counters: readonly LimitCounter[]): AcquireResult {
    const now = this.now();
    if (++this.operations % 10_000 === 0) this.sweep(now);
    const windows = counters.map((counter) => this.current(counter.key, counter.windowMs, now));
    for (let index = 0; index < counters.length; index++) {
      const counter = counters[index]!;
      const window = windows[index]!;
      if (window.used + counter.amount > counter.limit) {
        const retryAfterMs = Math.max(1, window.start + window.windowMs - now);
        return { allowed: false, refused: counter, retryAfterMs, counters: states(counters, windows, now) };
      }
    }
    for (let index = 0; index < counters.length; index++) {
      const window = windows[index]!;
      window.used += counters[index]!.amount;
      this.windows.set(counters[index]!.key, window);
    }
    return { allowed: true, counters: states(counters, windows, now) };
  }

  async adjust(adjustments: readonly CounterAdjustment[]): Promise<void> {
    this.adjustNow(adjustments);
  }

  adjustNow(adjustments: readonly CounterAdjustment[]): void {
    const now = this.now();
    for (const { key, delta } of adjustments) {
      const window = this.windows.get(key);
      if (window && window.start + window.windowMs > now) window.used = Math.max(0, window.used + delta);
    }
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private current(key: string, windowMs: number, now: number): Window {
    const window = this.windows.get(key);
    if (window && window.start + window.windowMs > now) return window;
    return { start: now, windowMs, used: 0 };
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.start + window.windowMs <= now) this.windows.delete(key);
  }
}

function states(counters: readonly LimitCounter[], windows: Window[], now: number): CounterState[] {
  return counters.map((counter, index) => ({
    key: counter.key,
    kind: counter.kind,
    limit: counter.limit,
    windowMs: counter.windowMs,
    used: windows[index]!.used,
    resetMs: Math.max(0, windows[index]!.start + windows[index]!.windowMs - now),
  }));
}
