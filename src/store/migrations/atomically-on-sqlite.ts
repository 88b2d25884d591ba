import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Kysely runs SQLite migrations outside a transaction (it assumes no transactional DDL, which SQLite
 * has): this makes a migration's work all-or-nothing there, so a crash midway leaves the old tables
 * intact. On PostgreSQL the migrator already runs each migration in a transaction.
 */
export async function atomicallyOnSqlite(db: Kysely<unknown>, work: () => Promise<void>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return work();
  await sql`begin immediate`.execute(db);
  try {
    await work();
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db);
    throw error;
  }
}
