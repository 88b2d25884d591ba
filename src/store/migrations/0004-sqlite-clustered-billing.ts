import { SqliteAdapter, sql, type Kysely, type Migration } from 'kysely';
import { atomicallyOnSqlite } from './atomically-on-sqlite.ts';

const usageColumns = sql.raw(
  'request_id, org_id, key_id, user_id, endpoint, model, deployment_id, provider, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost, charged, funding, latency_ms, ttft_ms, status, estimated, error_code, created_at',
);
const ledgerColumns = sql.raw('id, org_id, kind, amount, balance_after, idempotency_key, description, created_at');

const usageDefinition =
  sql.raw(`request_id text primary key, org_id text, key_id text, user_id text, endpoint text not null, model text not null,
  deployment_id text, provider text, prompt_tokens bigint not null, cached_tokens bigint not null, completion_tokens bigint not null,
  reasoning_tokens bigint not null, cost bigint not null, charged bigint not null, funding text not null, latency_ms bigint not null,
  ttft_ms bigint, status text not null, estimated integer not null, error_code text, created_at bigint not null`);
const ledgerDefinition = sql.raw(`id text primary key, org_id text not null, kind text not null, amount bigint not null,
  balance_after bigint not null, idempotency_key text not null unique, description text not null, created_at bigint not null`);
// Keyed by the idempotency key, which every entry has and every lookup uses (no query reads an
// entry by id): one B-tree fewer than a table keyed by id plus a unique index on the key. Entry ids
// stay unique by construction (time-ordered, 95 random bits).
const clusteredLedgerDefinition =
  sql.raw(`idempotency_key text primary key, id text not null, org_id text not null, kind text not null,
  amount bigint not null, balance_after bigint not null, description text not null, created_at bigint not null`);

/** Rebuilds a table with a new storage clause, keeping its rows and its (org, time) index. */
async function rebuild(
  db: Kysely<unknown>,
  table: string,
  definition: ReturnType<typeof sql.raw>,
  columns: ReturnType<typeof sql.raw>,
  clause: string,
): Promise<void> {
  const rebuilt = `${table}_rebuilt`;
  await sql`create table ${sql.id(rebuilt)} (${definition}) ${sql.raw(clause)}`.execute(db);
  await sql`insert into ${sql.id(rebuilt)} (${columns}) select ${columns} from ${sql.id(table)}`.execute(db);
  await sql`drop table ${sql.id(table)}`.execute(db);
  await sql`alter table ${sql.id(rebuilt)} rename to ${sql.id(table)}`.execute(db);
  await sql`create index ${sql.id(`${table}_org_time`)} on ${sql.id(table)} (org_id, created_at)`.execute(db);
}

/**
 * SQLite only: usage records and ledger entries become WITHOUT ROWID tables, stored in the B-tree
 * of a key they are looked up by (request id; idempotency key, `usage:<request id>` for debits;
 * both time-ordered) instead of a rowid table plus separate key indexes. Every metered request
 * writes one row of each inside its commit, so this is three B-trees fewer, hence three WAL pages
 * fewer, per commit. PostgreSQL is unchanged.
 */
export const migration0004SqliteClusteredBilling: Migration = {
  async up(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    await atomicallyOnSqlite(db, async () => {
      await rebuild(db, 'usage_records', usageDefinition, usageColumns, 'without rowid');
      await rebuild(db, 'ledger_entries', clusteredLedgerDefinition, ledgerColumns, 'without rowid');
    });
  },
  async down(db: Kysely<unknown>) {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
    await atomicallyOnSqlite(db, async () => {
      await rebuild(db, 'usage_records', usageDefinition, usageColumns, '');
      await rebuild(db, 'ledger_entries', ledgerDefinition, ledgerColumns, '');
    });
  },
};
