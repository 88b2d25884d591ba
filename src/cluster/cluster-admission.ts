import type { AcquiredAndReserved, AdmissionCounters, BudgetReservation } from '../limits/combined-counters.ts';
import type { AcquireResult, LimitCounter } from '../limits/rate-limiter.ts';
import type { ClusterBudgetGuard } from './cluster-budget-guard.ts';
import { clusterFeatures } from './cluster-messages.ts';
import type { AdmissionAnswer } from './counter-owner.ts';
import type { PrimaryLink } from './primary-link.ts';

/**
 * A worker's admission without Redis in one round trip: the request's rate-limit counters and its
 * first budget reservation go to the primary as one call, which takes the counters and, only if
 * they admit the request, holds the amount (decision 039). Under a primary of an earlier version
 * (a reload) it sends the two calls one after the other, as before.
 */
export class ClusterAdmission implements AdmissionCounters {
  constructor(
    private readonly link: PrimaryLink,
    private readonly budgets: ClusterBudgetGuard,
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
    const answer = await this.link.call<AdmissionAnswer>(clusterFeatures.admission, [counters, key, amount]);
    return {
      acquired: answer.acquired,
      reserved: answer.reserve ? this.budgets.conclude(key, amount, answer.reserve, load) : null,
    };
  }
}
