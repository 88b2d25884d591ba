import { afterEach, describe, expect, it } from 'vitest';
import { openMigrationStore, type MigrationStore } from '../../../test/support/migration-store.ts';
import { storeKinds } from '../../../test/support/test-store.ts';
import type { Store } from '../database.ts';
import { migrateToLatest } from '../migrate.ts';
import { ledgerSummary } from '../backup.ts';
import type { LedgerKind } from '../schema/billing-tables.ts';
import { migrations } from './index.ts';
import { usageRecord } from '../../../test/support/usage-record.ts';

describe.each(storeKinds)('migration 0005 on %s', (kind) => {
  let opened: MigrationStore | undefined;
  afterEach(async () => {
    await opened?.close();
    opened = undefined;
  });

  async function storeBefore0005(): Promise<Store> {
    opened = await openMigrationStore(kind);
    expect((await opened.migrator.migrateTo('0004-sqlite-clustered-billing')).error).toBeUndefined();
    return opened.store;
  }

  const usage = (requestId: string, charged: number, createdAt: number) => ({
    ...usageRecord(requestId, charged),
    created_at: createdAt,
  });
  const entry = (
    id: string,
    kind: LedgerKind,
    amount: number,
    balanceAfter: number,
    key: string,
    createdAt: number,
  ) => ({
    id,
    org_id: 'org_1',
    kind,
    amount,
    balance_after: balanceAfter,
    idempotency_key: key,
    description: kind === 'usage_debit' ? `sim-chat 10+20 tokens (${key.slice(6)})` : 'top-up',
    created_at: createdAt,
  });

  it('moves each usage debit onto its usage record; the ledger view shows the same entries and sum', async () => {
    const store = await storeBefore0005();
    const db = store.db;
    await db
      .insertInto('org_balances')
      .values({ org_id: 'org_1', balance: 60, spent_total: 40, updated_at: 4 })
      .execute();
    await db
      .insertInto('usage_records')
      .values([usage('req_1', 30, 2), usage('req_free', 0, 3), usage('req_capped', 0, 4), usage('req_2', 10, 5)])
      .execute();
    await db
      .insertInto('ledger_entries')
      .values([
        entry('le_top', 'top_up', 100, 100, 'top-up:1', 1),
        entry('le_1', 'usage_debit', -30, 70, 'usage:req_1', 2),
        // A debit capped to nothing is an entry of 0; a request paid by the grant has none.
        entry('le_capped', 'usage_debit', 0, 70, 'usage:req_capped', 4),
        entry('le_2', 'usage_debit', -10, 60, 'usage:req_2', 5),
        // A debit whose usage record is missing (no writer makes one): it stays where it is.
        entry('le_gone', 'usage_debit', 0, 60, 'usage:req_gone', 6),
      ])
      .execute();
    const before = await ledgerSummaryOf(store, 'ledger_entries');

    await migrateToLatest(store);

    const view = await store.db
      .selectFrom('ledger')
      .select(['id', 'kind', 'amount', 'balance_after', 'idempotency_key', 'description', 'created_at'])
      .orderBy('created_at')
      .execute();
    expect(
      view.map((row) => ({
        ...row,
        amount: Number(row.amount),
        balance_after: Number(row.balance_after),
        created_at: Number(row.created_at),
      })),
    ).toEqual([
      pick(entry('le_top', 'top_up', 100, 100, 'top-up:1', 1)),
      pick(entry('req_1', 'usage_debit', -30, 70, 'usage:req_1', 2)),
      pick(entry('req_capped', 'usage_debit', 0, 70, 'usage:req_capped', 4)),
      pick(entry('req_2', 'usage_debit', -10, 60, 'usage:req_2', 5)),
      pick(entry('le_gone', 'usage_debit', 0, 60, 'usage:req_gone', 6)),
    ]);
    const left = await store.db.selectFrom('ledger_entries').select('id').orderBy('id').execute();
    expect(left.map((row) => row.id)).toEqual(['le_gone', 'le_top']);
    const summary = await ledgerSummary(store);
    expect({ entries: summary.ledgerEntries, total: summary.ledgerTotal, newest: summary.newestLedgerEntryAt }).toEqual(
      before,
    );

    // Down: the debits are rows of the ledger table again (with their request ids as ids).
    await migrations['0005-usage-debits-on-usage-records']!.down!(store.db as never);
    expect(await ledgerSummaryOf(store, 'ledger_entries')).toEqual(before);
    const restored = await store.db.selectFrom('ledger_entries').select('id').orderBy('id').execute();
    expect(restored.map((row) => row.id)).toEqual(['le_gone', 'le_top', 'req_1', 'req_2', 'req_capped']);
  });
});

/** An entry as the view's columns selected above: all but the organization. */
function pick(row: Record<string, unknown>): Record<string, unknown> {
  const { org_id: _org, ...rest } = row;
  return rest;
}

async function ledgerSummaryOf(store: Store, table: 'ledger_entries' | 'ledger') {
  const rows = await store.db.selectFrom(table).select(['amount', 'created_at']).execute();
  return {
    entries: rows.length,
    total: rows.reduce((sum, row) => sum + Number(row.amount), 0),
    newest: Math.max(...rows.map((row) => Number(row.created_at))),
  };
}
