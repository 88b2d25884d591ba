import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Hands Kysely prepared statements from a cache keyed by SQL text, so the hot path (metering,
 * ledger) does not re-prepare the same statement on every request. Iteration (Kysely's stream)
 * prepares a fresh statement, since a statement cannot be iterated twice at once.
 */
export function withStatementCache(database: SqliteDatabase.Database, capacity = 2_000): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const cached = cache.get(sql);
      if (cached) return cached;
      const statement = database.prepare(sql);
      const wrapped: SqliteStatement = {
        reader: statement.reader,
        all: (parameters) => statement.all(parameters),
        run: (parameters) => statement.run(parameters),
        iterate: (parameters) => database.prepare(sql).iterate(parameters) as IterableIterator<unknown>,
      };
      if (cache.size < capacity) cache.set(sql, wrapped);
      return wrapped;
    },
  };
}
