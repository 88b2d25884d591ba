import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations/index.ts';
import { createTestDatabaseUrl, dropTestDatabase, type StoreKind } from './test-store.ts';

/** A new, empty store (on PostgreSQL its own database) and a migrator over every migration, to step through them. */
export interface MigrationStore {
  store: Store;
  migrator: Migrator;
  /** Closes the store and drops its database. */
  close(): Promise<void>;
}

export async function openMigrationStore(kind: StoreKind = 'sqlite'): Promise<MigrationStore> {
  const url = kind === 'postgres' ? await createTestDatabaseUrl() : undefined;
  const store = openStore({ url, dataDir: mkdtempSync(path.join(tmpdir(), 'kaiyuan-migration-')) });
  const migrator = new Migrator({
    db: store.db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  return {
    store,
    migrator,
    async close() {
      await store.close();
      if (url) await dropTestDatabase(url);
    },
  };
}
