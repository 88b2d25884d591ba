import type { Store } from '../store/database.ts';
import { balanceBefore } from './ledger.ts';
import { toUsageTotals, usageTotalsSelection, whereUsageMatches, type UsageTotals } from './usage-aggregates.ts';
import { monthRange } from './usage-reports.ts';

export interface StatementLine extends UsageTotals {
  model: string;
}

export interface MonthlyStatement {
  orgId: string;
  month: string;
  currency: string;
  openingBalance: number;
  closingBalance: number;
  /** Sums of ledger amounts by kind (credits positive, debits negative). */
  ledgerTotals: Record<string, number>;
  usage: StatementLine[];
  totalCost: number;
  totalCharged: number;
}

/** A month's statement of an organization, from the ledger and the usage records. */
export async function monthlyStatement(
  store: Store,
  orgId: string,
  month: string,
  currency: string,
): Promise<MonthlyStatement> {
  const { from, to } = monthRange(month);
  const openingBalance = await balanceBefore(store.db, orgId, from);
  const totals = await store.db
    .selectFrom('ledger')
    .select((eb) => ['kind', eb.fn.sum<number>('amount').as('amount')])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('kind')
    .execute();
  const ledgerTotals: Record<string, number> = {};
  let closingBalance = openingBalance;
  for (const total of totals) {
    ledgerTotals[total.kind] = Number(total.amount);
    closingBalance += Number(total.amount);
  }
  const rows = await whereUsageMatches(
    store.db.selectFrom('usage_records').select((eb) => ['model', ...usageTotalsSelection(eb)]),
    { orgId, from, to },
  )
    .groupBy('model')
    .orderBy('model')
    .execute();
  const usage = rows.map((row) => ({ model: row.model, ...toUsageTotals(row) }));
  return {
    orgId,
    month,
    currency,
    openingBalance,
    closingBalance,
    ledgerTotals,
    usage,
    totalCost: usage.reduce((sum, line) => sum + line.cost, 0),
    totalCharged: usage.reduce((sum, line) => sum + line.charged, 0),
  };
}
