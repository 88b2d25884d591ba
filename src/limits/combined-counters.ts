import type { AcquireResult, CounterAdjustment, LimitCounter } from './rate-limiter.ts';

/** A budget reservation: BudgetGuard.reserve's arguments. */
export interface BudgetReservation {
  key: string;
  amount: number;
  /** Reads the budget from the store when the owner asks for it. */
  load: () => Promise<number>;
}

export interface AcquiredAndReserved {
  acquired: AcquireResult;
  /** Whether the reservation holds (it may still read the budget); null when the limits refused and it was not tried. */
  reserved: Promise<boolean> | null;
}

/**
 * Rate limits and budgets kept together by another process (the primary of `kaiyuan serve
 * --workers N` without Redis): a request's counters and its first reservation travel as one call,
 * which the owner runs in order — the reservation only if the counters admit the request. Where
 * the limiter and the budgets are separate (one process, Redis), they are called one after the other.
 */
export interface AdmissionCounters {
  acquireAndReserve(counters: readonly LimitCounter[], reservation: BudgetReservation): Promise<AcquiredAndReserved>;
}

/** What settling a request changes in the counters besides its usage write (decision 039). */
export interface Settlement {
  /**
   * The hold to release and the spend to take off the budget: a figure (grant tokens, a package's
   * draw), or 'charged' — what the write debited. Nothing is spent when the write wrote nothing
   * (a replay) or failed.
   */
  budget: { key: string; hold: number; spent: number | 'charged' } | null;
  /** Token counters' true-ups (actual tokens minus the reservation). */
  adjustments: CounterAdjustment[];
}

/** The spend a settlement applies given its write's result (null: the write failed). */
export function settledSpend(spent: number | 'charged', result: { written: boolean; charged: number } | null): number {
  if (!result?.written) return 0;
  return spent === 'charged' ? result.charged : spent;
}
