import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import type { Store } from './database.ts';

const run = promisify(execFile);

/** What a backup holds, to compare before and after a restore (and against the running store). */
export interface LedgerSummary {
  organizations: number;
  ledgerEntries: number;
  /** Sum of all ledger amounts, in nano-units. */
  ledgerTotal: number;
  usageRecords: number;
  /** Time of the newest ledger entry (ms), or null: the backup's data-loss point for money. */
  newestLedgerEntryAt: number | null;
}

export async function ledgerSummary(store: Store): Promise<LedgerSummary> {
  const query = sql<{
    organizations: number;
    ledger_entries: number;
    ledger_total: number | null;
    usage_records: number;
    newest: number | null;
  }>`select
      (select count(*) from organizations) as organizations,
      (select count(*) from ledger) as ledger_entries,
      (select sum(amount) from ledger) as ledger_total,
      (select count(*) from usage_records) as usage_records,
      (select max(created_at) from ledger) as newest`;
  const row = (await query.execute(store.db)).rows[0]!;
  return {
    organizations: Number(row.organizations),
    ledgerEntries: Number(row.ledger_entries),
    ledgerTotal: Number(row.ledger_total ?? 0),
    usageRecords: Number(row.usage_records),
    newestLedgerEntryAt: row.newest === null ? null : Number(row.newest),
  };
}

/** The same summary read straight from a SQLite backup file (opened read-only), after an integrity check. */
export function verifySqliteBackup(file: string): LedgerSummary {
  const database = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = database.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`The backup ${file} is damaged: ${String(integrity)}`);
    // A backup made before migration 0005 has no ledger view: its ledger is the table alone.
    const ledger = database.prepare("select 1 from sqlite_master where type = 'view' and name = 'ledger'").get()
      ? 'ledger'
      : 'ledger_entries';
    const row = database
      .prepare(
        `select (select count(*) from organizations) as organizations,
                (select count(*) from ${ledger}) as ledgerEntries,
                (select coalesce(sum(amount), 0) from ${ledger}) as ledgerTotal,
                (select count(*) from usage_records) as usageRecords,
                (select max(created_at) from ${ledger}) as newestLedgerEntryAt`,
      )
      .get() as LedgerSummary;
    return row;
  } finally {
    database.close();
  }
}

/**
 * A consistent copy of the running store. SQLite: the online backup API (pages copied while the
 * server keeps writing; the copy is one point in time), then an integrity check of the copy.
 * PostgreSQL: `pg_dump --format=custom`, then `pg_restore --list` reads it back.
 */
export async function backupStore(store: Store, databaseUrl: string | undefined, file: string): Promise<LedgerSummary> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  if (store.sqlite) {
    await store.sqlite.backup(file);
    return verifySqliteBackup(file);
  }
  if (!databaseUrl) throw new Error('No database URL to back up.');
  await run('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, databaseUrl]);
  await run('pg_restore', ['--list', file]);
  return ledgerSummary(store);
}

/**
 * Puts a backup in place of the store. SQLite (the server must be stopped): the backup is checked,
 * the current database file is kept beside it as `<file>.before-restore-<time>`, and the backup
 * copied in. PostgreSQL: `pg_restore --clean --if-exists` into the database of DATABASE_URL.
 */
export async function restoreStore(
  target: { sqliteFile: string | null; databaseUrl: string | undefined },
  file: string,
): Promise<{ summary: LedgerSummary | null; keptAs: string | null }> {
  if (target.sqliteFile) {
    const summary = verifySqliteBackup(file);
    let keptAs: string | null = null;
    if (existsSync(target.sqliteFile)) {
      keptAs = `${target.sqliteFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target.sqliteFile, keptAs);
      for (const suffix of ['-wal', '-shm']) {
        if (existsSync(target.sqliteFile + suffix)) renameSync(target.sqliteFile + suffix, keptAs + suffix);
      }
    }
    mkdirSync(path.dirname(path.resolve(target.sqliteFile)), { recursive: true });
    copyFileSync(file, target.sqliteFile);
    for (const suffix of ['-wal', '-shm']) rmSync(target.sqliteFile + suffix, { force: true });
    return { summary, keptAs };
  }
  if (!target.databaseUrl) throw new Error('No database to restore into.');
  await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${target.databaseUrl}`, file]);
  return { summary: null, keptAs: null };
}
