import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema/index.ts';
import { startBackgroundCheckpoints } from './background-checkpoints.ts';
import { withStatementCache } from './statement-cache.ts';
import { loadOnFirstUse } from '../util/load-on-first-use.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  /** A short description for logs, without credentials. */
  description: string;
  /** The raw SQLite handle, for the rare synchronous fast path (null on PostgreSQL). */
  sqlite: SqliteDatabase.Database | null;
  /**
   * Non-null while writes should wait a moment (the SQLite WAL is being brought to a complete
   * checkpoint so that it can start over); writers on the hot path (metering) await it.
   */
  writeGate(): Promise<void> | null;
  close(): Promise<void>;
}

/**
 * The PostgreSQL driver, loaded when a store on PostgreSQL is opened: a server on SQLite does not
 * carry it in its heap (a module's code and source stay in memory for the life of the process).
 */
const loadPg = loadOnFirstUse<typeof import('pg')>('pg');
let pgTypesSet = false;

function postgresDriver(): typeof import('pg') {
  const pg = loadPg();
  if (!pgTypesSet) {
    // PostgreSQL returns int8 (BIGINT) and NUMERIC as strings; our amounts and timestamps fit in a double.
    pg.types.setTypeParser(20, (value) => Number(value));
    pg.types.setTypeParser(1700, (value) => Number(value));
    pgTypesSet = true;
  }
  return pg;
}

export interface OpenStoreOptions {
  /** postgres://… or sqlite file path; default: `<dataDir>/kaiyuan.db`. */
  url?: string;
  dataDir: string;
  poolSize?: number;
  /** SQLite file: checkpoint the WAL on a worker thread instead of inside commits (long-running servers). */
  backgroundCheckpoints?: boolean;
}

export function openStore(options: OpenStoreOptions): Store {
  const url = options.url;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options.poolSize ?? 10);
  const file = url ? url.replace(/^sqlite:(\/\/)?/, '') : path.join(options.dataDir, 'kaiyuan.db');
  return openSqlite(file, options.backgroundCheckpoints ?? false);
}

function openSqlite(file: string, backgroundCheckpoints: boolean): Store {
  if (file !== ':memory:') mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL survives a killed process (only power loss may drop the last transactions).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma('foreign_keys = ON');
  // A WAL that grew large while it could not start over is cut back to this when it does.
  sqlite.pragma('journal_size_limit = 67108864');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  const checkpoints = backgroundCheckpoints && file !== ':memory:' ? startBackgroundCheckpoints(sqlite, file) : null;
  return {
    db,
    dialect: 'sqlite',
    description: `sqlite:${file}`,
    sqlite,
    writeGate: checkpoints ? checkpoints.writeGate : () => null,
    close: async () => {
      await checkpoints?.stop();
      await db.destroy();
    },
  };
}

function openPostgres(url: string, poolSize: number): Store {
  const pool = new (postgresDriver().Pool)({ connectionString: url, max: poolSize });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const parsed = new URL(url);
  return {
    db,
    dialect: 'postgres',
    description: `postgres://${parsed.host}${parsed.pathname}`,
    sqlite: null,
    writeGate: () => null,
    close: () => db.destroy(),
  };
}
