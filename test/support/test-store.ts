import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrateToLatest } from '../../src/store/migrate.ts';

export type StoreKind = 'sqlite' | 'postgres';

/** The stores a store-level suite runs against: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const storeKinds: StoreKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/**
 * A fresh, migrated store. On PostgreSQL each call creates its own database (dropped by the
 * returned store's close), so suites running in parallel never see each other's rows.
 */
export async function createTestStore(kind: StoreKind = 'sqlite'): Promise<Store> {
  if (kind === 'sqlite') {
    const directory = mkdtempSync(path.join(tmpdir(), 'kaiyuan-store-'));
    const store = openStore({ dataDir: directory });
    await migrateToLatest(store);
    return store;
  }
  const url = await createTestDatabaseUrl();
  const store = openStore({ url, dataDir: tmpdir(), poolSize: 5 });
  await migrateToLatest(store);
  const close = store.close;
  return {
    ...store,
    close: async () => {
      await close();
      await dropTestDatabase(url);
    },
  };
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
