import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';
import { idleTestDatabases } from './idle-test-databases.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** The stores a store-level suite runs against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const storeKinds: StoreKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * A fresh, migrated store. On PostgreSQL each store has a database of its own, so suites running
 * in parallel never see each other's rows. Creating, migrating and dropping one takes about a
 * second, so the store's close empties its tables (milliseconds) and leaves it to the next store
 * of the test file; the databases are dropped after the file.
 */
export async function createTestStore(kind: StoreKind = 'sqlite'): Promise<Store> {
  if (kind === 'sqlite') {
    const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-store-'));
    const store = openStore({ dataDir: directory });
    await migrateToLatest(store);
    return store;
  }
  const url = idleTestDatabases.pop() ?? (await createTestDatabaseUrl());
  const store = openStore({ url, dataDir: tmpdir(), poolSize: 5 });
  await migrateToLatest(store);
  const close = store.close;
  return {
    ...store,
    close: async () => {
      const emptied = await emptyTables(store).then(
        () => true,
        () => false,
      );
      await close();
      if (emptied) idleTestDatabases.push(url);
      else await dropTestDatabase(url);
    },
  };
}

/** Deletes every row but the migrations' (children before parents: a refused delete waits for the next round). */
async function emptyTables(store: Store): Promise<void> {
  const query = sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public'`;
  const tables = await query.execute(store.db);
  let pending = tables.rows.map((table) => table.name).filter((name) => !name.startsWith('kysely_'));
  while (pending.length > 0) {
    const refused: string[] = [];
    for (const table of pending)
      await sql`delete from ${sql.table(table)}`.execute(store.db).catch(() => refused.push(table));
    if (refused.length === pending.length) throw new Error(`cannot empty ${refused.join(', ')}`);
    pending = refused;
  }
}

/** Creates an empty PostgreSQL database for one test and returns its URL. */
export async function createTestDatabaseUrl(): Promise<string> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `kaiyuan_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropTestDatabase(url: string): Promise<void> {
  const base = process.env.TEST_DATABASE_URL;
  if (!base) return;
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
