import type { AcquiredAndReserved, AdmissionCounters, BudgetReservation } from '../limits/combined-counters.ts';
import type { AcquireResult, LimitCounter } from '../limits/rate-limiter.ts';
import { HeldLease } from './held-lease.ts';
import { leaseRequests } from './admission-lease.ts';
import type { ClusterBudgetGuard } from './cluster-budget-guard.ts';
import { clusterFeatures } from './cluster-messages.ts';
import type { AdmissionAnswer } from './counter-owner.ts';
import type { PrimaryLink } from './primary-link.ts';

/**
 * A worker's admission without Redis in one round trip: the request's rate-limit counters and its
 * first budget reservation go to the primary as one call, which takes the counters and, only if
 * they admit the request, holds the amount (decision 039). With the admission the primary may lend
 * room for more requests like it (decision 043): those the worker admits itself, no round trip,
 * until the lease is used up or expires; then it gives the rest back and asks again. Under a
 * primary of an earlier version (a reload) it sends the calls that primary knows.
 */
export class ClusterAdmission implements AdmissionCounters {
  /** Leases held, by the request's shape (its counters and budget). */
  private readonly leases = new Map<string, HeldLease>();
  /** Shapes whose lease the primary is being asked for (one ask at a time per shape): settles with the answer. */
  private readonly asking = new Map<string, Promise<void>>();

  constructor(
    private readonly link: PrimaryLink,
    private readonly budgets: ClusterBudgetGuard,
    private readonly now: () => number = Date.now,
  ) {}

  async acquireAndReserve(
    counters: readonly LimitCounter[],
    reservation: BudgetReservation,
  ): Promise<AcquiredAndReserved> {
    const { key, amount, load } = reservation;
    if (!this.link.supports(clusterFeatures.admission)) {
      const acquired = await this.link.call<AcquireResult>('limits.acquire', [counters]);
      return { acquired, reserved: acquired.allowed ? this.budgets.reserve(key, amount, load) : null };
    }
    if (!this.link.supports(clusterFeatures.lease) || !this.link.connected) {
      const answer = await this.link.call<AdmissionAnswer>(clusterFeatures.admission, [counters, key, amount]);
      return this.concluded(answer, key, amount, load);
    }
    const shape = shapeOf(counters, key);
    const local = this.takeLocally(shape, counters, amount);
    if (local) return local;
    const asked = this.asking.get(shape);
    if (asked) {
      // A lease for this shape is being asked for: wait for it rather than make a call of one's own.
      await asked;
      const leased = this.takeLocally(shape, counters, amount);
      if (leased) return leased;
      const answer = await this.link.call<AdmissionAnswer>(clusterFeatures.admission, [counters, key, amount]);
      return this.concluded(answer, key, amount, load);
    }
    const call = this.link.call<AdmissionAnswer>(clusterFeatures.lease, [counters, key, amount, leaseRequests]);
    const settled = call.then(
      () => undefined,
      () => undefined,
    );
    this.asking.set(shape, settled);
    let answer: AdmissionAnswer;
    try {
      answer = await call;
    } finally {
      this.asking.delete(shape);
    }
    if (answer.lease) this.keep(shape, new HeldLease(answer.lease));
    return this.concluded(answer, key, amount, load);
  }

  /** Admits the request within this worker's lease for its shape, if it has one with room. */
  private takeLocally(shape: string, counters: readonly LimitCounter[], amount: number): AcquiredAndReserved | null {
    const lease = this.leases.get(shape);
    if (!lease) return null;
    // The primary is gone: nothing may be admitted that it cannot count.
    if (!this.link.connected) return null;
    const acquired = lease.take(counters, amount, this.now());
    if (acquired) return { acquired, reserved: Promise.resolve(true) };
    // Used up or expired: the rest goes back before the primary is asked again.
    this.giveBack(shape, lease);
    return null;
  }

  private concluded(
    answer: AdmissionAnswer,
    key: string,
    amount: number,
    load: () => Promise<number>,
  ): AcquiredAndReserved {
    return {
      acquired: answer.acquired,
      reserved: answer.reserve ? this.budgets.conclude(key, amount, answer.reserve, load) : null,
    };
  }

  private keep(shape: string, lease: HeldLease): void {
    const earlier = this.leases.get(shape);
    if (earlier) this.giveBack(shape, earlier);
    this.leases.set(shape, lease);
    lease.onExpiry(() => {
      if (this.leases.get(shape) === lease) this.giveBack(shape, lease);
    }, this.now());
  }

  private giveBack(shape: string, lease: HeldLease): void {
    this.leases.delete(shape);
    const rest = lease.close();
    if (rest) this.link.tell('admission.returnLease', [rest.id, rest.units, rest.hold]);
  }
}

/** Requests of one shape can share a lease: the same counters (key, limit, window) and budget. */
function shapeOf(counters: readonly LimitCounter[], budgetKey: string): string {
  let shape = budgetKey;
  for (const counter of counters) shape += `|${counter.key}/${counter.limit}/${counter.windowMs}`;
  return shape;
}
