import { afterEach, describe, expect, it } from 'vitest';
import { openMigrationStore, type MigrationStore } from '../../../test/support/migration-store.ts';

describe('migration 0004 on SQLite', () => {
  let opened: MigrationStore | undefined;
  afterEach(async () => opened?.close());

  it('moves usage records and ledger entries into WITHOUT ROWID tables, keeping rows, indexes and uniqueness', async () => {
    opened = await openMigrationStore();
    const { store, migrator } = opened;
    expect((await migrator.migrateTo('0003-billing')).error).toBeUndefined();
    const sqlite = store.sqlite!;
    sqlite.exec(
      `insert into usage_records values ('req_1', 'org_1', 'key_1', null, 'chat', 'm', 'd', 'p', 10, 0, 20, 0, 30, 30, 'balance', 5, 5, 'completed', 0, null, 1000)`,
    );
    sqlite.exec(
      `insert into ledger_entries values ('le_1', 'org_1', 'usage_debit', -30, 70, 'usage:req_1', 'm 10+20 tokens', 1000)`,
    );

    expect((await migrator.migrateTo('0004-sqlite-clustered-billing')).error).toBeUndefined();

    const definition = (table: string) =>
      (sqlite.prepare('select sql from sqlite_master where name = ?').get(table) as { sql: string }).sql;
    expect(definition('usage_records')).toMatch(/without rowid/i);
    expect(definition('ledger_entries')).toMatch(/without rowid/i);
    expect(sqlite.prepare('select charged, created_at from usage_records where request_id = ?').get('req_1')).toEqual({
      charged: 30,
      created_at: 1000,
    });
    expect(sqlite.prepare('select amount from ledger_entries where idempotency_key = ?').get('usage:req_1')).toEqual({
      amount: -30,
    });
    expect(() =>
      sqlite.exec(
        `insert into ledger_entries (id, org_id, kind, amount, balance_after, idempotency_key, description, created_at) values ('le_2', 'org_1', 'usage_debit', -1, 69, 'usage:req_1', 'again', 1001)`,
      ),
    ).toThrow(/UNIQUE/);
    // Three B-trees for the two tables' keys and uniqueness are gone: only the (org, time) indexes remain.
    const indexes = sqlite
      .prepare(
        "select name from sqlite_master where type = 'index' and tbl_name in ('usage_records', 'ledger_entries')",
      )
      .all();
    expect(indexes.map((row) => (row as { name: string }).name).sort()).toEqual([
      'ledger_entries_org_time',
      'usage_records_org_time',
    ]);
  });
});
