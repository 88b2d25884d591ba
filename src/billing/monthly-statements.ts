import type { Store } from '../store/database.ts';
import { monthRange } from './usage-reports.ts';

export interface StatementLine {
  model: string;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  cost: number;
  charged: number;
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
  const before = await store.db
    .selectFrom('ledger_entries')
    .select('balance_after')
    .where('org_id', '=', orgId)
    .where('created_at', '<', from)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  const entries = await store.db
    .selectFrom('ledger_entries')
    .select(['kind', 'amount', 'balance_after', 'created_at'])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .orderBy('created_at')
    .execute();
  const openingBalance = Number(before?.balance_after ?? 0);
  const ledgerTotals: Record<string, number> = {};
  let closingBalance = openingBalance;
  for (const entry of entries) {
    ledgerTotals[entry.kind] = (ledgerTotals[entry.kind] ?? 0) + Number(entry.amount);
    closingBalance += Number(entry.amount);
  }
  const rows = await store.db
    .selectFrom('usage_records')
    .select((eb) => [
      'model',
      eb.fn.countAll<number>().as('requests'),
      eb.fn.sum<number>('prompt_tokens').as('prompt_tokens'),
      eb.fn.sum<number>('completion_tokens').as('completion_tokens'),
      eb.fn.sum<number>('cost').as('cost'),
      eb.fn.sum<number>('charged').as('charged'),
    ])
    .where('org_id', '=', orgId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('model')
    .orderBy('model')
    .execute();
  const usage = rows.map((row) => ({
    model: row.model,
    requests: Number(row.requests),
    promptTokens: Number(row.prompt_tokens ?? 0),
    completionTokens: Number(row.completion_tokens ?? 0),
    cost: Number(row.cost ?? 0),
    charged: Number(row.charged ?? 0),
  }));
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
