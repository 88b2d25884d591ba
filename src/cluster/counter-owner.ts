import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import { settledSpend, type Settlement } from '../limits/combined-counters.ts';
import type { AcquireResult, CounterAdjustment, LimitCounter } from '../limits/rate-limiter.ts';
import type { ReserveAnswer } from './cluster-budget-guard.ts';

/** The primary's answer to `admission.acquireReserve`: the limits' verdict and, if they admitted, the reservation's. */
export interface AdmissionAnswer {
  acquired: AcquireResult;
  reserve: ReserveAnswer | null;
}

interface Budget {
  budget: number;
  held: number;
  loadedAt: number;
  /** The worker reading the budget from the store right now, if any. */
  loadingBy: number | null;
  /** Spends committed while that read ran (the read may have missed them). */
  spentDuringLoad: number;
  /** Reservations waiting for the read. */
  waiters: Array<{ worker: number; amount: number; answer(value: ReserveAnswer): void }>;
}

/**
 * The counters of `kaiyuan serve --workers N` without Redis, kept by the primary: rate-limit
 * windows (a MemoryRateLimiter) and budget holds (the rules of MemoryBudgetGuard, with the store
 * read done by a worker on request). One owner, so limits and balances are exact across workers.
 */
export class CounterOwner {
  private readonly limiter: MemoryRateLimiter;
  private readonly budgets = new Map<string, Budget>();

  constructor(
    private readonly refreshMs = 2_000,
    private readonly now: () => number = Date.now,
  ) {
    this.limiter = new MemoryRateLimiter(now);
  }

  /**
   * Runs one call of a worker. `answer` is called once with the result (possibly later: a
   * reservation waiting for a budget read); updates (id 0 on the wire) ignore it.
   */
  handle(worker: number, method: string, args: unknown[], answer: (value: unknown) => void): void {
    switch (method) {
      case 'limits.acquire':
        answer(this.limiter.acquireNow(args[0] as LimitCounter[]));
        return;
      case 'limits.adjust':
        this.limiter.adjustNow(args[0] as CounterAdjustment[]);
        return;
      case 'admission.acquireReserve': {
        // One admission step: the reservation is tried only when the limits admit the request.
        const acquired = this.limiter.acquireNow(args[0] as LimitCounter[]);
        if (!acquired.allowed) return answer({ acquired, reserve: null } satisfies AdmissionAnswer);
        return this.reserve(worker, args[1] as string, args[2] as number, (reserve) =>
          answer({ acquired, reserve } satisfies AdmissionAnswer),
        );
      }
      case 'budgets.reserve':
        return this.reserve(worker, args[0] as string, args[1] as number, answer);
      case 'budgets.loaded':
        return this.loaded(worker, args[0] as string, args[1] as number, args[2] as number, answer);
      case 'budgets.loadFailed':
        return this.loadFailed(args[0] as string);
      case 'budgets.begin':
        // Sent by workers of earlier versions (a reload starts new workers under the running primary).
        return;
      case 'budgets.commit':
        return this.commit(args[0] as string, args[1] as number, args[2] as number);
      case 'budgets.forget': {
        const entry = this.budgets.get(args[0] as string);
        if (entry) entry.loadedAt = Number.NEGATIVE_INFINITY;
        return;
      }
      default:
        throw new Error(`unknown counter call ${method}`);
    }
  }

  /**
   * Applies a request's settlement once its usage write has committed (`result`) or failed (null):
   * releases the hold, takes the spend off the budget, trues up the token counters.
   */
  settle(settlement: Settlement, result: { written: boolean; charged: number } | null): void {
    const budget = settlement.budget;
    if (budget) this.commit(budget.key, budget.hold, settledSpend(budget.spent, result));
    if (settlement.adjustments.length > 0) this.limiter.adjustNow(settlement.adjustments);
  }

  /** A worker died: a budget read it was doing is handed to the next waiting reservation. */
  workerGone(worker: number): void {
    for (const [key, entry] of this.budgets) {
      entry.waiters = entry.waiters.filter((waiter) => waiter.worker !== worker);
      if (entry.loadingBy === worker) this.loadFailed(key);
    }
  }

  private entry(key: string): Budget {
    let entry = this.budgets.get(key);
    if (!entry) {
      entry = {
        budget: 0,
        held: 0,
        loadedAt: Number.NEGATIVE_INFINITY,
        loadingBy: null,
        spentDuringLoad: 0,
        waiters: [],
      };
      this.budgets.set(key, entry);
    }
    return entry;
  }

  private reserve(worker: number, key: string, amount: number, answer: (value: ReserveAnswer) => void): void {
    const entry = this.entry(key);
    if (entry.loadingBy !== null) {
      entry.waiters.push({ worker, amount, answer });
      return;
    }
    if (this.now() - entry.loadedAt > this.refreshMs) {
      entry.loadingBy = worker;
      entry.spentDuringLoad = 0;
      answer({ load: true });
      return;
    }
    answer({ granted: this.hold(entry, amount) });
  }

  private loaded(
    worker: number,
    key: string,
    amount: number,
    budget: number,
    answer: (value: ReserveAnswer) => void,
  ): void {
    const entry = this.entry(key);
    if (entry.loadingBy === worker) {
      entry.budget = budget - entry.spentDuringLoad;
      entry.loadedAt = this.now();
      entry.loadingBy = null;
    }
    answer({ granted: this.hold(entry, amount) });
    this.serveWaiters(entry);
  }

  private loadFailed(key: string): void {
    const entry = this.budgets.get(key);
    if (!entry) return;
    entry.loadingBy = null;
    // The first waiting reservation reads the budget instead; the others keep waiting for it.
    const next = entry.waiters.shift();
    if (!next) return;
    entry.loadingBy = next.worker;
    entry.spentDuringLoad = 0;
    next.answer({ load: true });
  }

  private serveWaiters(entry: Budget): void {
    const waiters = entry.waiters;
    entry.waiters = [];
    for (const waiter of waiters) waiter.answer({ granted: this.hold(entry, waiter.amount) });
  }

  private hold(entry: Budget, amount: number): boolean {
    if (entry.budget - entry.held < amount) return false;
    entry.held += amount;
    return true;
  }

  private commit(key: string, hold: number, spent: number): void {
    const entry = this.budgets.get(key);
    if (!entry) return;
    entry.held = Math.max(0, entry.held - hold);
    entry.budget -= spent;
    if (entry.loadingBy !== null && spent > 0) entry.spentDuringLoad += spent;
  }
}
