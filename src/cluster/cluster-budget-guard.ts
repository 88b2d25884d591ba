import type { BudgetGuard } from '../limits/budget-guard.ts';
import type { PrimaryLink } from './primary-link.ts';

/** The primary's answer to a reservation: granted or not, or "read the budget from the store first". */
export type ReserveAnswer = { granted: boolean } | { load: true };

/**
 * Balance and grant reservations of a worker without Redis: the primary holds every budget and
 * its holds (as MemoryBudgetGuard does in one process), so the sum of holds never exceeds a budget
 * whichever worker reserves. The primary has no store: when a budget must be (re)read it asks the
 * reserving worker to read it and send the figure back; reservations of the same budget from other
 * workers wait in the primary meanwhile. Commits are sent without waiting: they only release holds
 * and lower budgets, and they arrive before any later call of the same worker.
 */
export class ClusterBudgetGuard implements BudgetGuard {
  constructor(private readonly link: PrimaryLink) {}

  async reserve(key: string, amount: number, load: () => Promise<number>): Promise<boolean> {
    return this.conclude(key, amount, await this.link.call<ReserveAnswer>('budgets.reserve', [key, amount]), load);
  }

  /** Whether the reservation the primary answered holds: at once, or after this worker has read the budget. */
  async conclude(key: string, amount: number, answer: ReserveAnswer, load: () => Promise<number>): Promise<boolean> {
    if (!('load' in answer)) return answer.granted;
    let budget: number;
    try {
      budget = await load();
    } catch (error) {
      this.link.tell('budgets.loadFailed', [key]);
      throw error;
    }
    const loaded = await this.link.call<{ granted: boolean }>('budgets.loaded', [key, amount, budget]);
    return loaded.granted;
  }

  /** Nothing to send: the primary's budgets need only the commit (it saves a frame per request). */
  begin(): void {}

  async commit(key: string, hold: number, spent: number): Promise<void> {
    this.link.tell('budgets.commit', [key, hold, spent]);
  }

  async forget(key: string): Promise<void> {
    this.link.tell('budgets.forget', [key]);
  }

  async close(): Promise<void> {}
}
