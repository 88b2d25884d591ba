import type { AcquireResult, LimitCounter } from '../limits/rate-limiter.ts';
import type { AdmissionLease } from './admission-lease.ts';

/**
 * A lease as a worker holds it: what is left of each counter's room and of the budget, taken by
 * the requests it admits itself, until it expires or is closed; then what is left goes back.
 */
export class HeldLease {
  private readonly units: number[];
  private hold: number;
  private open = true;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly lease: AdmissionLease) {
    this.units = [...lease.units];
    this.hold = lease.hold;
  }

  /**
   * Admits a request of the lease's shape if every counter and the budget still have room and the
   * lease has not expired; the answer's counter states are what this worker knows (the window's use
   * when the lease was lent, plus what it took of it since). Null: ask the primary.
   */
  take(counters: readonly LimitCounter[], amount: number, now: number): AcquireResult | null {
    if (!this.open || now >= this.lease.expiresAt || this.hold < amount) return null;
    for (let index = 0; index < counters.length; index++) if (this.units[index]! < counters[index]!.amount) return null;
    this.hold -= amount;
    for (let index = 0; index < counters.length; index++) this.units[index]! -= counters[index]!.amount;
    return {
      allowed: true,
      counters: counters.map((counter, index) => ({
        key: counter.key,
        kind: counter.kind,
        limit: counter.limit,
        windowMs: counter.windowMs,
        used: this.lease.used[index]! - this.units[index]!,
        resetMs: Math.max(0, this.lease.windowEnds[index]! - now),
      })),
    };
  }

  /** Calls `expired` when the lease may no longer be used. */
  onExpiry(expired: () => void, now: number): void {
    this.timer = setTimeout(expired, Math.max(0, this.lease.expiresAt - now));
    this.timer.unref();
  }

  /** Ends the lease; what is left to give back, or null when it was closed before. */
  close(): { id: number; units: number[]; hold: number } | null {
    if (!this.open) return null;
    this.open = false;
    if (this.timer) clearTimeout(this.timer);
    return { id: this.lease.id, units: this.units, hold: this.hold };
  }
}
