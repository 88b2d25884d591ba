import { pino, type Logger } from 'pino';
import type { KaiyuanConfig } from '../config/config-schema.ts';
import { loadConfig } from '../config/load-config.ts';
import { openStore, type Store } from '../store/database.ts';
import { migrateToLatest } from '../store/migrate.ts';

export interface OpenedStore {
  config: KaiyuanConfig;
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * The server's config and store for a CLI command (kaiyuan.yaml, KAIYUAN_DATA_DIR, DATABASE_URL,
 * REDIS_URL), migrated. SQLite runs in WAL mode, so this works while the server runs.
 */
export async function openStoreFromConfig(options: { logLevel?: string } = {}): Promise<OpenedStore> {
  const { config } = loadConfig();
  const logger = pino({ level: options.logLevel ?? 'warn' });
  const store = openStore({ url: config.database.url, dataDir: config.dataDir, poolSize: 4 });
  try {
    await migrateToLatest(store);
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  return { config, store, logger, close: () => store.close() };
}
