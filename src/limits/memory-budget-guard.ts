import type { BudgetGuard } from './budget-guard.ts';

interface Budget {
  budget: number;
  held: number;
  loadedAt: number;
  loading: Promise<void> | null;
  /** Spends committed here while a reload was reading the store. */
  spentDuringLoad: number;
}

/**
 * One process: budgets cached in memory, re-read from the store every `refreshMs` (to see top-ups
 * made elsewhere, e.g. by the CLI). A re-read can only err low: spends committed while it ran are
 * subtracted again (they may be missing from what it read), credits committed meanwhile are not
 * added (they may be in it); a spend whose store write the read already saw is subtracted once
 * more on commit. The next re-read corrects such errors, so the cache never lets a request
 * through that the store could not cover.
 */
export class MemoryBudgetGuard implements BudgetGuard {
  private readonly budgets = new Map<string, Budget>();

  constructor(private readonly refreshMs = 2_000) {}

  async reserve(key: string, amount: number, load: () => Promise<number>): Promise<boolean> {
    let entry = this.budgets.get(key);
    if (!entry) {
      entry = { budget: 0, held: 0, loadedAt: 0, loading: null, spentDuringLoad: 0 };
      this.budgets.set(key, entry);
    }
    if (entry.loadedAt === 0 || Date.now() - entry.loadedAt > this.refreshMs) await this.reload(entry, load);
    if (entry.budget - entry.held < amount) return false;
    entry.held += amount;
    return true;
  }

  begin(_key: string): void {}

  async commit(key: string, hold: number, spent: number): Promise<void> {
    const entry = this.budgets.get(key);
    if (!entry) return;
    entry.held = Math.max(0, entry.held - hold);
    entry.budget -= spent;
    if (entry.loading && spent > 0) entry.spentDuringLoad += spent;
  }

  async forget(key: string): Promise<void> {
    const entry = this.budgets.get(key);
    if (entry) entry.loadedAt = 0;
  }

  async close(): Promise<void> {
    this.budgets.clear();
  }

  private reload(entry: Budget, load: () => Promise<number>): Promise<void> {
    if (entry.loading) return entry.loading;
    entry.spentDuringLoad = 0;
    entry.loading = (async () => {
      try {
        const budget = await load();
        entry.budget = budget - entry.spentDuringLoad;
        entry.loadedAt = Date.now();
      } finally {
        entry.loading = null;
      }
    })();
    return entry.loading;
  }
}
