import { MemoryRateLimiter } from '../limits/memory-rate-limiter.ts';
import { settledSpend, type Settlement } from '../limits/combined-counters.ts';
import type { AcquireResult, CounterAdjustment, LimitCounter } from '../limits/rate-limiter.ts';
import type { ReserveAnswer } from './cluster-budget-guard.ts';
import { leaseHeadroom, leaseMs, type AdmissionLease } from './admission-lease.ts';

/** The primary's answer to `admission.acquireReserve`: the limits' verdict and, if they admitted, the reservation's. */
export interface AdmissionAnswer {
  acquired: AcquireResult;
  reserve: ReserveAnswer | null;
  /** Room for more requests like this one that the worker may admit itself (`admission.lease`). */
  lease?: AdmissionLease | null;
}

/** A lease lent and not yet given back, as the primary keeps it. */
interface LentLease {
  worker: number;
  keys: string[];
  windowEnds: number[];
  budgetKey: string;
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
  /** Per worker and budget: what its reservations and leases hold (released when it dies). */
  private readonly holds = new Map<number, Map<string, number>>();
  private readonly leases = new Map<number, LentLease>();
  private nextLease = 1;
  /** Calls refused while a lease held what they needed: run again when a lease comes back. */
  private blocked: Array<() => void> = [];

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
        return this.acquire(args[0] as LimitCounter[], answer);
      case 'limits.adjust':
        this.limiter.adjustNow(args[0] as CounterAdjustment[]);
        return;
      case 'admission.acquireReserve':
        return this.admit(worker, args[0] as LimitCounter[], args[1] as string, args[2] as number, 0, answer);
      case 'admission.lease':
        return this.admit(
          worker,
          args[0] as LimitCounter[],
          args[1] as string,
          args[2] as number,
          args[3] as number,
          answer,
        );
      case 'admission.returnLease':
        return this.returnLease(args[0] as number, args[1] as number[], args[2] as number);
      case 'budgets.reserve':
        return this.reserveOrWait(worker, args[0] as string, args[1] as number, answer);
      case 'budgets.loaded':
        return this.loaded(worker, args[0] as string, args[1] as number, args[2] as number, answer);
      case 'budgets.loadFailed':
        return this.loadFailed(args[0] as string);
      case 'budgets.begin':
        // Sent by workers of earlier versions (a reload starts new workers under the running primary).
        return;
      case 'budgets.commit':
        return this.commit(worker, args[0] as string, args[1] as number, args[2] as number);
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
  settle(worker: number, settlement: Settlement, result: { written: boolean; charged: number } | null): void {
    const budget = settlement.budget;
    if (budget) this.commit(worker, budget.key, budget.hold, settledSpend(budget.spent, result));
    if (settlement.adjustments.length > 0) this.limiter.adjustNow(settlement.adjustments);
  }

  /**
   * A worker died: a budget read it was doing is handed to the next waiting reservation; what its
   * reservations and leases still held is released (nothing it admitted can be billed any more but
   * what it sent before); the counters its leases took stay taken until their windows end.
   */
  workerGone(worker: number): void {
    for (const [key, entry] of this.budgets) {
      entry.waiters = entry.waiters.filter((waiter) => waiter.worker !== worker);
      if (entry.loadingBy === worker) this.loadFailed(key);
    }
    for (const [key, held] of this.holds.get(worker) ?? []) {
      const entry = this.budgets.get(key);
      if (entry) entry.held = Math.max(0, entry.held - held);
    }
    this.holds.delete(worker);
    let lent = false;
    for (const [id, lease] of this.leases)
      if (lease.worker === worker) {
        this.leases.delete(id);
        lent = true;
      }
    if (lent) this.runBlocked();
  }

  /** Leases lent and not given back (tests, diagnostics). */
  get leasesOut(): number {
    return this.leases.size;
  }

  /** Rate limits only; a refusal while a lease holds the refused counter waits for the lease. */
  private acquire(counters: LimitCounter[], answer: (value: AcquireResult) => void): void {
    const acquired = this.limiter.acquireNow(counters);
    if (!acquired.allowed && this.lent((lease) => lease.keys.includes(acquired.refused.key)))
      return this.wait(() => this.acquire(counters, answer));
    answer(acquired);
  }

  /**
   * One admission step: the reservation is tried only when the limits admit the request; with
   * `leaseCount` > 0 a lease for that many more requests like it goes with the answer when the
   * headroom allows. A refusal caused by a lease lent (to any worker) waits until it comes back.
   */
  private admit(
    worker: number,
    counters: LimitCounter[],
    key: string,
    amount: number,
    leaseCount: number,
    answer: (value: AdmissionAnswer) => void,
  ): void {
    const again = () => this.admit(worker, counters, key, amount, leaseCount, answer);
    const acquired = this.limiter.acquireNow(counters);
    if (!acquired.allowed) {
      if (this.lent((lease) => lease.keys.includes(acquired.refused.key))) return this.wait(again);
      return answer({ acquired, reserve: null });
    }
    const windowEnds = counters.map((counter) => this.limiter.windowEnd(counter.key) ?? 0);
    this.reserve(worker, key, amount, (reserve) => {
      if ('granted' in reserve && !reserve.granted && this.lent((lease) => lease.budgetKey === key)) {
        // Give the counters back (to the windows they were taken in) and try again once a lease is back.
        counters.forEach((counter, index) => this.limiter.releaseNow(counter.key, windowEnds[index]!, counter.amount));
        return this.wait(again);
      }
      const lease =
        leaseCount > 0 && 'granted' in reserve && reserve.granted
          ? this.lend(worker, counters, key, amount, leaseCount)
          : null;
      answer({ acquired, reserve, lease });
    });
  }

  /**
   * Lends room for `count` more requests like this one when every counter and the budget keep at
   * least `leaseHeadroom` times that room besides, the budget was read recently enough to stay
   * fresh for the lease's life, and no window ends during it. Taken at once, as admissions are.
   */
  private lend(worker: number, counters: LimitCounter[], key: string, amount: number, count: number) {
    const now = this.now();
    const entry = this.budgets.get(key)!;
    const hold = amount * count;
    if (entry.loadingBy !== null || now - entry.loadedAt > this.refreshMs - leaseMs) return null;
    if (entry.budget - entry.held < hold * (1 + leaseHeadroom)) return null;
    const windowEnds: number[] = [];
    for (const counter of counters) {
      const end = this.limiter.windowEnd(counter.key);
      if (end === null || end - now < 2 * leaseMs) return null;
      windowEnds.push(end);
    }
    const lent = this.limiter.acquireNow(
      counters.map((counter) => ({
        ...counter,
        amount: counter.amount * count,
        limit: counter.limit - counter.amount * count * leaseHeadroom,
      })),
    );
    if (!lent.allowed) return null;
    this.hold(worker, entry, key, hold);
    const id = this.nextLease++;
    this.leases.set(id, { worker, keys: counters.map((counter) => counter.key), windowEnds, budgetKey: key });
    return {
      id,
      expiresAt: now + leaseMs,
      units: counters.map((counter) => counter.amount * count),
      used: lent.counters.map((state) => state.used),
      windowEnds,
      hold,
    } satisfies AdmissionLease;
  }

  /** A worker gives back what it did not use of a lease: counters to their windows, the budget's hold. */
  private returnLease(id: number, units: number[], hold: number): void {
    const lease = this.leases.get(id);
    if (!lease) return;
    this.leases.delete(id);
    lease.keys.forEach((key, index) => this.limiter.releaseNow(key, lease.windowEnds[index]!, units[index] ?? 0));
    this.commit(lease.worker, lease.budgetKey, hold, 0);
    this.runBlocked();
  }

  private lent(matches: (lease: LentLease) => boolean): boolean {
    for (const lease of this.leases.values()) if (matches(lease)) return true;
    return false;
  }

  private wait(again: () => void): void {
    this.blocked.push(again);
  }

  private runBlocked(): void {
    const blocked = this.blocked;
    this.blocked = [];
    for (const again of blocked) again();
  }

  /** `budgets.reserve`: a refusal while a lease holds the budget waits for the lease. */
  private reserveOrWait(worker: number, key: string, amount: number, answer: (value: ReserveAnswer) => void): void {
    this.reserve(worker, key, amount, (reserve) => {
      if ('granted' in reserve && !reserve.granted && this.lent((lease) => lease.budgetKey === key)) {
        return this.wait(() => this.reserveOrWait(worker, key, amount, answer));
      }
      answer(reserve);
    });
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
    answer({ granted: this.hold(worker, entry, key, amount) });
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
    answer({ granted: this.hold(worker, entry, key, amount) });
    this.serveWaiters(key, entry);
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

  private serveWaiters(key: string, entry: Budget): void {
    const waiters = entry.waiters;
    entry.waiters = [];
    for (const waiter of waiters) waiter.answer({ granted: this.hold(waiter.worker, entry, key, waiter.amount) });
  }

  private hold(worker: number, entry: Budget, key: string, amount: number): boolean {
    if (entry.budget - entry.held < amount) return false;
    entry.held += amount;
    let held = this.holds.get(worker);
    if (!held) this.holds.set(worker, (held = new Map()));
    held.set(key, (held.get(key) ?? 0) + amount);
    return true;
  }

  /**
   * Releases a worker's hold (no more than it holds: a dead worker's holds were released at once)
   * and takes the spend off the budget.
   */
  private commit(worker: number, key: string, hold: number, spent: number): void {
    const entry = this.budgets.get(key);
    if (!entry) return;
    const held = this.holds.get(worker);
    const release = Math.min(hold, held?.get(key) ?? 0);
    if (release > 0) {
      const left = held!.get(key)! - release;
      if (left > 0) held!.set(key, left);
      else held!.delete(key);
    }
    entry.held = Math.max(0, entry.held - release);
    entry.budget -= spent;
    if (entry.loadingBy !== null && spent > 0) entry.spentDuringLoad += spent;
  }
}
