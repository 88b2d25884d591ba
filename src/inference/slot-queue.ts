import { KaiyuanError } from '../util/errors.ts';
import type { CancelSignal } from '../util/cancel-signal.ts';

interface Waiter {
  priority: number;
  sequence: number;
  resolve: (release: () => void) => void;
  reject: (error: unknown) => void;
}

/**
 * Concurrency slots of one model with a priority queue in front: when every slot is taken,
 * callers wait — higher priority (paid plans) first, FIFO within a priority — for a bounded time,
 * then are shed with 429 and Retry-After.
 */
export class SlotQueue {
  private inflight = 0;
  private sequence = 0;
  private readonly waiters: Waiter[] = [];

  /** `capacity` is read on every decision, so deployment changes apply at once (Infinity: no limit). */
  constructor(private readonly capacity: () => number) {}

  get depth(): number {
    return this.waiters.length;
  }

  get active(): number {
    return this.inflight;
  }

  acquire(priority: number, maxWaitMs: number, signal: CancelSignal): Promise<() => void> {
    if (this.inflight < this.capacity() && this.waiters.length === 0) {
      this.inflight++;
      return Promise.resolve(this.releaser());
    }
    if (maxWaitMs <= 0) return Promise.reject(saturated(1000));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { priority, sequence: this.sequence++, resolve, reject };
      const timer = setTimeout(() => {
        this.remove(waiter);
        reject(saturated(maxWaitMs));
      }, maxWaitMs);
      const onAbort = () => {
        clearTimeout(timer);
        this.remove(waiter);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      waiter.resolve = (release) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        resolve(release);
      };
      this.insert(waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inflight--;
      this.admitWaiting();
    };
  }

  private admitWaiting(): void {
    while (this.waiters.length > 0 && this.inflight < this.capacity()) {
      const next = this.waiters.shift()!;
      this.inflight++;
      next.resolve(this.releaser());
    }
  }

  private insert(waiter: Waiter): void {
    let index = this.waiters.length;
    while (index > 0 && this.waiters[index - 1]!.priority < waiter.priority) index--;
    this.waiters.splice(index, 0, waiter);
  }

  private remove(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index >= 0) this.waiters.splice(index, 1);
  }
}

function saturated(retryAfterMs: number): KaiyuanError {
  return new KaiyuanError(
    'server_overloaded',
    'All deployments of this model are busy and your request waited as long as your plan allows. Please retry shortly.',
    { status: 429, type: 'rate_limit_error', retryable: true, retryAfterMs: Math.max(1000, retryAfterMs) },
  );
}
