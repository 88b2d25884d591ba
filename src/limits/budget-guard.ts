/**
 * Reservations against a budget that lives in the store (an organization's balance in nano-units,
 * or what is left of its monthly token grant). A request reserves its maximum before the call;
 * after the store has recorded the actual spend, `commit` releases the hold and applies the spend.
 * The sum of holds never exceeds the budget, so concurrent requests cannot overspend it.
 */
export interface BudgetGuard {
  /** Holds `amount` if the budget minus current holds covers it; `load` reads the budget from the store. */
  reserve(key: string, amount: number, load: () => Promise<number>): Promise<boolean>;
  /** Call before writing a spend or credit to the store (pairs with `commit`). */
  begin(key: string): void;
  /** After the store write: releases `hold` and changes the budget by `-spent` (negative spent = credit). */
  commit(key: string, hold: number, spent: number): Promise<void>;
  /** Forgets the cached budget so the next reservation reloads it from the store. */
  forget(key: string): Promise<void>;
  close(): Promise<void>;
}
